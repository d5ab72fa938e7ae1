"""Creating new content files from the command line (``briefing new``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError, UsageError
from briefing.load.site import ARTICLES_DIR
from briefing.core.slug import slugify


def article_path(config: SiteConfig, slug: str) -> Path:
    return config.root / config.content_dir / ARTICLES_DIR / f"{slug}.md"


def new_article(config: SiteConfig, title: str, today: dt.date) -> Path:
    """Write a draft article skeleton; never overwrites an existing file."""
    if not title.strip():
        raise UsageError("the title is empty; give the article's headline, e.g. "
                         "briefing new article \"Council approves harbour bridge\"")
    slug = slugify(title)
    if not slug:
        raise UsageError(f"cannot make a file name from the title {title!r}; "
                         "use some letters or digits")
    path = article_path(config, slug)
    if path.exists():
        raise BriefingError(f"{path}: already exists; choose another title or edit it")
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\n{title_line}# dek: One sentence that tells the reader why this matters\n"
        f"date: {today.isoformat()}\n# source: {{name: Agency name, url: https://...}}\n"
        "tags: []\ndraft: true\n---\n\n", encoding="utf-8")
    return path
