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
WIRE_DIR = "wire"  # where ``briefing import`` keeps raw reports (``original:``)
GLOSSARY_FILE = "glossary.yml"
# Names features own beside articles/; nothing else in content/ is read.
RESERVED = (ANNOTATIONS_DIR, GLOSSARY_FILE, STORIES_DIR, WIRE_DIR)


def article_path(config: SiteConfig, slug: str) -> Path:
    """Where the article with ``slug`` lives."""
    return config.root / config.content_dir / ARTICLES_DIR / f"{slug}.md"
