"""briefing.search.pagefind"""
