"""Writing a new draft article's skeleton (``briefing new article``; the command: new.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.config.layout import article_path
from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError, UsageError, excerpt
from briefing.core.schema import SLUG_RE
from briefing.core.slug import slugify
from briefing.core.symlinks import SiteFolders
from briefing.text.frontmatter import front_matter_block

# What a new draft's skeleton suggests, as comments in place of the keys.
PLACEHOLDERS = {"dek": "One sentence that tells the reader why this matters",
                "source": "{name: Agency name, url: https://...}"}


def new_article(config: SiteConfig, title: str, today: dt.date,
                slug: str | None = None) -> Path:
    """Write a draft article skeleton, named ``slug`` or after its title; never
    overwrites an existing file."""
    if not title.strip():
        raise UsageError("the title is empty; give the article's headline, e.g. "
                         "briefing new article \"Council approves harbour bridge\"")
    path = article_path(config, article_slug(title, slug))
    _check_folders(config, path.parent)
    SiteFolders.of(config.root, config.content_dir).refuse_writing_out(path)
    if path.exists():
        raise BriefingError(f"{path}: already exists; choose another title or edit it")
    front = front_matter_block({"title": title, "date": today, "tags": [], "draft": True},
                               PLACEHOLDERS)
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{front}\n", encoding="utf-8")
    return path


def article_slug(title: str, given: str | None) -> str:
    """The new article's slug: ``given`` (--slug) once checked, else made from the
    title as ``briefing import`` makes it. A title in another script (Cyrillic,
    Armenian, Greek, Chinese) has no Latin letters to make one from: the
    error says so and asks for --slug, since a slug is the article's
    permanent address and no guess at one is better than the editor's."""
    if given is not None:
        if not SLUG_RE.match(given):
            suggestion = slugify(given)
            raise UsageError(f"--slug: '{excerpt(given)}' is not a slug: use lower-case "
                             "letters, digits and single hyphens"
                             + (f"; did you mean '{suggestion}'?" if suggestion else ""))
        return given
    slug = slugify(title)
    if not slug:
        raise UsageError(f"the title '{excerpt(title)}' has no Latin letters or digits to "
                         "make the file name from; give one with --slug (lower-case Latin "
                         "letters, digits and hyphens), e.g. briefing new article "
                         f"\"{excerpt(title)}\" --slug talks-in-yerevan")
    return slug


def _check_folders(config: SiteConfig, articles: Path) -> None:
    """Refuse a content folder that is not there (a misspelt ``content_dir:``
    would start a new, nearly empty site, which the next build publishes in
    place of the real one) and an articles folder that is a file."""
    content = config.root / config.content_dir
    if not content.is_dir():
        raise UsageError(f"{config.config_path.name}: the content directory "
                         f"'{config.content_dir}' does not exist; check content_dir: in "
                         f"{config.config_path.name}, or create the folder")
    if articles.exists() and not articles.is_dir():
        raise UsageError(f"{articles}: is a file, not the articles folder; move it away")

