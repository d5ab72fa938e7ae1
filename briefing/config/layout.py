"""The names of what a site's content folder holds, in one place.

The load stage reads these folders, the features own what is in them, and
``briefing new`` / ``briefing import`` write into them: all import the
names from here, so none has to import another to know where a file goes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names are wanted where parsing site.yml is not
    from briefing.config.site import SiteConfig

ARTICLES_DIR = "articles"
ANNOTATIONS_DIR = "annotations"
STORIES_DIR = "stories"
PAGES_DIR = "pages"  # plain pages (About, policies): content/pages/<slug>.md
WIRE_DIR = "wire"  # where ``briefing import`` keeps raw reports (``original:``)
GLOSSARY_FILE = "glossary.yml"
# Files content may name as pictures (beside an article or story, or in static/).
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
# Names features own beside articles/; nothing else in content/ is read.
RESERVED = (ANNOTATIONS_DIR, GLOSSARY_FILE, PAGES_DIR, STORIES_DIR, WIRE_DIR)
# Every top-level name a build may write (folders and files; the search index's
# folder too). A plain page is at /<slug>/, so no page slug may be one of these
# names or their stems ("feed" for feed.xml): load/pages.py checks, and
# tests/test_plain_pages.py checks a real build writes nothing else at the top.
BUILT_IN_PATHS = (
    "404.html", "archive", "articles", "claimreview.json", "CNAME", "corrections",
    "feed.json", "feed.xml", "glossary", "index.html", "methodology", "pagefind", "pictures",
    "robots.txt", "search", "sitemap.xml", "static", "stories", "tags",
    ".briefing-build", ".nojekyll",
)


def article_path(config: SiteConfig, slug: str) -> Path:
    """Where the article with ``slug`` lives."""
    return config.root / config.content_dir / ARTICLES_DIR / f"{slug}.md"
