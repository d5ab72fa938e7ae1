"""Page metadata: what ``_meta_tags.html`` puts in every page's ``<head>``.

The render stage passes a :class:`PageMeta` to every page (``meta`` in the
template). Pages that say nothing get :func:`default_meta`: Open Graph type
``website``, the page's own ``<title>`` and the site description. Article pages
get :func:`article_meta`. The dates here (published, and *updated*, which
follows corrections and clarifications) are the same ones the feeds, the sitemap and the
``NewsArticle`` JSON-LD use, so no two outputs disagree about an article.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.config.site import SiteConfig
from briefing.model.annotation import NOTICE_KINDS
from briefing.model.site import Article

if TYPE_CHECKING:
    from briefing.model.annotation import Annotation
    from briefing.model.page import MergedPage

# Pages that list or lead to other pages; the search index leaves them out
# (their text is the text of the pages they list). Every other page,
# including kinds of page added later, is searchable by default.
LISTING_TEMPLATES = frozenset({
    "index.html", "404.html", "search.html", "archive.html", "month.html", "tags.html", "tag.html",
    "stories.html", "glossary.html",
    "corrections.html",  # the log repeats notes the article pages show
    "history.html",  # an article's versions repeat the article's text
})
# Pages search engines should not list: the not-found page and search results.
NOT_INDEXED = frozenset({"404.html", "search.html"})
# The part of the search index (briefing/search/shards.py) of every searchable
# page that is not an article: stories, glossary terms, plain pages. A page
# names its part (data-search-shard on <main>), so that an update can tell which
# part a changed page was in.
PAGES_SHARD = "pages"


@dataclass(frozen=True)
class PageMeta:
    """Values for the ``<head>`` of one page; ``None`` means "use the page's own"."""

    type: str = "website"  # og:type
    title: str | None = None  # og:title and twitter:title; None: the <title> text
    description: str | None = None  # None: the page's meta description
    published: str | None = None  # article:published_time (ISO 8601 with offset)
    modified: str | None = None  # article:modified_time
    section: str | None = None  # article:section
    tags: tuple[str, ...] = ()  # article:tag, one each
    searchable: bool = True  # main content is indexed for search (data-pagefind-body)
    search_shard: str = PAGES_SHARD  # which part of the index (data-search-shard)
    robots: str | None = None  # <meta name="robots">, e.g. "noindex"


def default_meta(template: str) -> PageMeta:
    """What a page gets unless its render call passes ``meta``."""
    return PageMeta(searchable=template not in LISTING_TEMPLATES,
                    robots="noindex" if template in NOT_INDEXED else None)


def article_meta(article: Article, updated: dt.datetime, shard: str = PAGES_SHARD
                 ) -> PageMeta:
    return PageMeta(type="article", title=article.title, description=article.dek,
                    published=article.date.isoformat(), modified=updated.isoformat(),
                    section=article.tags[0] if article.tags else None, tags=article.tags,
                    search_shard=shard)


def og_locale(language: str) -> str:
    """Open Graph's ``language_TERRITORY`` form of a BCP 47 tag: ``en-GB`` → ``en_GB``."""
    parts = language.split("-")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return f"{parts[0].lower()}_{territory.upper()}" if territory else parts[0].lower()


def corrections(page: MergedPage) -> list[Annotation]:
    """The correction and clarification notes of a merged page, placed, unplaced or
    retired by a revision (a correction stays on the record)."""
    notes = [anchor.annotation for anchor in page.anchors] + list(page.unplaced)
    notes += [gone.annotation for gone in page.retired]
    return [note for note in notes if note.kind.name in NOTICE_KINDS]


def notice_time(date: dt.date, timezone: str) -> dt.datetime:
    """A notice's date (no time) as midnight in the site's time zone."""
    return dt.datetime.combine(date, dt.time(), tzinfo=zoneinfo.ZoneInfo(timezone))


def updated(article: Article, notes: Iterable[Annotation], timezone: str) -> dt.datetime:
    """When the article last changed: its newest revision of the wire copy, or
    its latest correction's or clarification's date, whichever is later, else
    its own date.

    Those notes carry a date without a time; it counts as midnight in the
    site's time zone, and never as earlier than the article itself.
    """
    dates = [notice_time(note.date, timezone)
             for note in notes if note.kind.name in NOTICE_KINDS and note.date]
    revised = [article.revised] if article.revised else []
    return max([article.date, *dates, *revised])


def page_updated(page: MergedPage, config: SiteConfig) -> dt.datetime:
    return updated(page.article, corrections(page), config.timezone)

