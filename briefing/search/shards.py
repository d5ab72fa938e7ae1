"""The search index in parts (shards), and which parts a build must make again.

Pagefind has no incremental mode: it indexes a folder of pages whole. So the
index is split into shards by date of publication, whose membership an edit of
another article does not change (:func:`article_shards`): each year of
articles is one shard, or, when that would hold more than SHARD_ARTICLES
pages, its halves, quarters or months, the coarsest that keep every part of
that year under the limit (months in any case). The newest month, where
edits gather, is set apart once it holds more than RECENT_ARTICLES: its
halves or weeks (seven days each, then the month's last days), the coarsest
that keep every part under that limit. Fewer,
larger shards cost an edit (a shard is indexed whole, some 2 ms a page);
more, smaller ones cost the reader's query (the browser asks every shard);
both limits are chosen by measurement (see docs/performance.md). Every other
searchable page (stories, glossary terms, plain pages) is in the shard
``pages``. Each shard is a Pagefind index of its
own, in ``pagefind/<shard>/``; the search page merges them in the browser
(``mergeIndex``). A build makes again only the shards whose pages were added,
changed or removed, and keeps the others' files as they were. A year's split
changes only when its own count of articles crosses the limit, and then only
that year's shards are made again; the newest month's, when its count crosses
its limit or a newer month begins (once a month: its articles rejoin their
year's parts), and then only its shards and those it leaves or joins.

A page says which shard it is in (``data-search-shard`` beside
``data-pagefind-body`` on ``<main>``): for a changed page the build knows the
shard it goes into (the article's month), but only the old page can say which
shard it was in (its date may have changed). A searchable page that names no
shard (a template of a site's own) makes every shard be made again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from briefing.core.index_view import SiteView
from briefing.model.site import Article
from briefing.render.metadata import PAGES_SHARD

MARK = b"data-pagefind-body"  # the pages Pagefind indexes (base.html sets it)
_NAMED = re.compile(rb'data-search-shard="([^"<>]*)"')
_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
# Folders of a Pagefind bundle: a shard cannot be named like one of them.
RESERVED = frozenset({"fragment", "index", "filter"})


SHARD_ARTICLES = 250  # pages a shard of articles may hold, unless a month has more
# The newest month's articles, where edits gather (a correction follows
# publication), are their own shards once it holds more than this, split in
# halves or weeks: an edit of a new article re-indexes some 100 pages, not 400.
RECENT_ARTICLES = 100
# The ways to split a year, coarsest first: each names the part of a date.
_SPLITS: tuple[Callable[[int, int], str], ...] = (
    lambda year, month: f"{year}",
    lambda year, month: f"{year}-h{1 + (month - 1) // 6}",
    lambda year, month: f"{year}-q{1 + (month - 1) // 3}",
    lambda year, month: f"{year}-{month:02d}",
)
# The ways to split the newest month (by day of the month), coarsest first; it is
# split only when whole it holds too many.
_RECENT_SPLITS: tuple[Callable[[str, int], str], ...] = (
    lambda month, day: f"{month}-h{1 if day <= 15 else 2}",
    # Seven days each, and the month's last one to three days a fifth: a fourth
    # week of ten days held 40 % more than the others, and the newest
    # articles, which editors correct most, were in that largest part.
    lambda month, day: f"{month}-w{1 + (day - 1) // 7}",
)


def article_shards(articles: Sequence[Article], limit: int | None = None,
                   recent: int | None = None) -> dict[str, str]:
    """slug → the shard of the article's page: its year, half, quarter or month of
    publication, split as finely as its year's count of articles needs; the
    newest month's, when it holds more than ``recent``, its halves or weeks,
    as finely as that count needs."""
    limit = SHARD_ARTICLES if limit is None else limit
    recent = RECENT_ARTICLES if recent is None else recent
    newest = max(((a.date.year, a.date.month) for a in articles), default=None)
    latest = [a for a in articles if (a.date.year, a.date.month) == newest]
    if len(latest) <= recent:
        latest = []
    shards = _split_month(latest, recent)
    by_year: dict[int, list[Article]] = {}
    for article in articles:
        if article.slug not in shards:
            by_year.setdefault(article.date.year, []).append(article)
    for year, group in by_year.items():
        shards.update(_finest_needed([(a.slug, year, a.date.month) for a in group],
                                     _SPLITS, limit))
    return shards


def _split_month(articles: list[Article], limit: int) -> dict[str, str]:
    """The newest month's articles (all of one month, or none) in its parts."""
    if not articles:
        return {}
    month = f"{articles[0].date.year}-{articles[0].date.month:02d}"
    return _finest_needed([(a.slug, month, a.date.day) for a in articles],
                          _RECENT_SPLITS, limit)


def _finest_needed(items: list[tuple[str, Any, int]],
                   splits: Sequence[Callable[[Any, int], str]], limit: int) -> dict[str, str]:
    """slug → its part under the coarsest of ``splits`` that keeps every part at
    ``limit`` or under (the finest in any case); ``items`` are (slug, whole, unit)."""
    for split in splits:
        parts = {slug: split(whole, unit) for slug, whole, unit in items}
        if max(Counter(parts.values()).values()) <= limit or split is splits[-1]:
            return parts
    return {}


class Unnamed(Exception):
    """A searchable page names no shard, or one that cannot be a folder."""


def shard_in(data: bytes) -> str | None:
    """The shard a page's bytes put it in; None when Pagefind leaves it out.
    Raises :class:`Unnamed` for a searchable page naming no usable shard."""
    if MARK not in data:
        return None
    found = _NAMED.search(data)
    name = found.group(1).decode("utf-8", "replace") if found else ""
    if not _NAME.fullmatch(name) or name in RESERVED:
        raise Unnamed(name)
    return name


def pages_of(view: SiteView, bundle: str) -> list[str]:
    """The HTML pages of the build (its search index aside)."""
    return [path for path in view.files
            if path.endswith(".html") and not path.startswith(f"{bundle}/")]


def members(view: SiteView, bundle: str, shard_of: Mapping[str, str] | None
            ) -> dict[str, list[str]]:
    """shard → the pages that may be in it, sorted. With ``shard_of`` (article
    page → its shard, from the build's articles) without reading a page: every
    other page is a candidate for ``pages``, and pages Pagefind would leave out
    are dropped as the shard is made. Without it, each page's bytes say."""
    groups: dict[str, list[str]] = {}
    for path in pages_of(view, bundle):
        if shard_of is not None:
            shard: str | None = shard_of.get(path, PAGES_SHARD)
        else:
            try:
                shard = shard_in(view.read(path))
            except Unnamed:
                shard = PAGES_SHARD
        if shard is not None:
            groups.setdefault(shard, []).append(path)
    return groups


def touched(view: SiteView, shard_of: Mapping[str, str] | None) -> set[str] | None:
    """The shards the build's changed pages were in or go into; None: every shard
    (everything is to be indexed, or a page does not say where it was)."""
    if view.changed is None or view.previous is None:
        return None
    shards: set[str] = set(view.stale)
    for path, (old, new) in view.changed.items():
        try:
            shards.update(_named(old))
            if new is not None and MARK in new:
                shards.add(shard_of.get(path, PAGES_SHARD) if shard_of is not None
                           else shard_in(new) or PAGES_SHARD)
        except Unnamed:
            return None
    return shards


def _named(data: bytes | None) -> Iterable[str]:
    shard = shard_in(data) if data is not None else None
    return [shard] if shard is not None else []


def primary(shards: Iterable[str]) -> str | None:
    """The shard whose folder holds Pagefind's script and WebAssembly, which the
    others share in the browser: ``pages`` if there is one, else the first."""
    names = sorted(shards)
    if PAGES_SHARD in names:
        return PAGES_SHARD
    return names[0] if names else None
