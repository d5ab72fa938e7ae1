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
    from briefing.core.errors import Diagnostics

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


# What each folder's files are, for the warning about a file that is not one:
# (the files, one of them, their format, how their names end).
FOLDER_FILES = {
    ARTICLES_DIR: ("articles", "an article", "Markdown", ".md"),
    ANNOTATIONS_DIR: ("annotation files", "an annotation file", "YAML", ".yml"),
    STORIES_DIR: ("stories", "a story", "YAML", ".yml"),
    PAGES_DIR: ("pages", "a page", "Markdown", ".md"),
}


def not_read(path: Path, folder: str, diagnostics: Diagnostics) -> None:
    """A warning for a file in the content folder ``folder`` whose name does
    not end as that folder's files do (``foo.markdown`` among articles,
    ``notes.json`` among annotation files), so it is never read: without the
    file it should be, the editor wonders why the article is missing. The
    hint names that file, or the one it seems a copy of (``foo.md~``)."""
    files, one, kind, suffix = FOLDER_FILES[folder]
    accepted = (suffix, ".yaml") if suffix == ".yml" else (suffix,)
    target = path.stem if path.stem.endswith(accepted) else f"{path.stem}{suffix}"
    if (path.parent / target).exists():
        hint = f"it looks like a copy of {target}: delete it, or move it out of content/"
    else:
        hint = f"if it is {one}, rename it to {target}"
        if folder == ARTICLES_DIR and path.suffix.lower() == ".txt":
            hint += f"; raw wire copy belongs in content/{WIRE_DIR}/"
    diagnostics.warning(path, None, f"ignored: {files} must be {kind} files ending in "
                        f"{suffix}", hint)
