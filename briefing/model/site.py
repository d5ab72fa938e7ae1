"""Plain data that flows from the load stage to the later ones.

Frozen dataclasses: stages never mutate their input, which is what lets a
later issue cache and parallelise them safely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from briefing.config.site import SiteConfig
from briefing.model.glossary import Glossary
from briefing.model.picture import ImageRef, Picture
from briefing.model.plain_page import MenuItem, Page, site_menu
from briefing.model.utf8_text import Utf8Text

if TYPE_CHECKING:
    from briefing.model.annotation import Annotation
    from briefing.model.revision import Revision
    from briefing.model.story import Story


@dataclass(frozen=True)
class Source:
    """Where a wire report came from."""

    name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One article: its front matter, its Markdown body and where it came from."""

    slug: str
    title: str
    date: dt.datetime  # always time-zone aware, in the site's time zone
    has_time: bool  # False when front matter gave a date without a time
    body: str = Utf8Text()  # held as UTF-8: half the memory (see utf8_text.py)
    path: Path
    body_line: int  # line of the file on which the Markdown body starts
    dek: str | None = None
    source: Source | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    story: str | None = None
    draft: bool = False
    original: str | None = None  # the raw wire copy, relative to the content folder
    revisions: tuple[Revision, ...] = ()  # versions of the wire copy, oldest first
    image: ImageRef | None = None  # the lead image (front matter ``image:``)
    images: tuple[ImageRef, ...] = ()  # the body's Markdown images, in order
    # The files behind ``image`` and ``images``, probed after loading (load/pictures.py):
    # their digests make an edited picture change the article's keys.
    pictures: tuple[Picture, ...] = ()
    # front matter key -> line of its value, so later checks can report path:line
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}),
                                     compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """Line of a front matter value (the first front matter line if absent)."""
        return self.lines.get(key, 2)

    @property
    def revised(self) -> dt.datetime | None:
        """When the newest version of the wire copy came in, if there is more than one."""
        return self.revisions[-1].time if len(self.revisions) > 1 else None

    @property
    def url_path(self) -> str:
        """Site-relative URL path, for the ``url()`` helper."""
        return f"articles/{self.slug}/"


@dataclass(frozen=True)
class Site:
    """Everything the later stages need, as loaded and checked."""

    config: SiteConfig
    articles: tuple[Article, ...] = field(default=())
    # article slug -> its editorial notes, in file order
    annotations: Mapping[str, tuple[Annotation, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    # story slug -> the story, sorted by slug
    stories: Mapping[str, Story] = field(default_factory=lambda: MappingProxyType({}))
    glossary: Glossary = field(default_factory=Glossary)
    pages: tuple[Page, ...] = ()  # plain pages (content/pages/), by slug
    # Every article's slug, drafts included: what a note may name (a note on a
    # missing article is an error, checked in every build: annotations/loader.py).
    all_slugs: frozenset[str] = frozenset()

    @property
    def menu(self) -> tuple[MenuItem, ...]:
        """The site menu: the plain pages with ``menu:``, in menu order."""
        return site_menu(self.pages)

    @cached_property
    def articles_by_story(self) -> Mapping[str, tuple[Article, ...]]:
        """Each story's published articles, oldest first (slug breaks ties): grouped
        once, not searched for per story (1,100 stories × 10,000 articles)."""
        grouped: dict[str, list[Article]] = {}
        for article in self.articles:
            if article.story:
                grouped.setdefault(article.story, []).append(article)
        return MappingProxyType({slug: tuple(sorted(group, key=lambda a: (a.date.timestamp(),
                                                                          a.slug)))
                                 for slug, group in grouped.items()})


def newest_first(articles: list[Article]) -> tuple[Article, ...]:
    """Newest first; ties broken by slug so the order never depends on the disk."""
    return tuple(sorted(articles, key=lambda a: (-a.date.timestamp(), a.slug)))
