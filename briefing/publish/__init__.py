"""The files that publish a built briefing: feeds, sitemap, robots.txt, CNAME."""
