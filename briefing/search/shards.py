"""The search index in parts (shards), and which parts a build must make again.

Pagefind has no incremental mode: it indexes a folder of pages whole. So the
index is split into shards whose membership no edit of another page changes:
an article's page is in the shard of its month of publication
(``render.metadata.search_shard``), every other searchable page (stories,
glossary terms, plain pages) in the shard ``pages``. Each shard is a Pagefind
index of its own, in ``pagefind/<shard>/``; the search page merges them in the
browser (``mergeIndex``). A build makes again only the shards whose pages were
added, changed or removed, and keeps the others' files as they were.

A page says which shard it is in (``data-search-shard`` beside
``data-pagefind-body`` on ``<main>``): for a changed page the build knows the
shard it goes into (the article's month), but only the old page can say which
shard it was in (its date may have changed). A searchable page that names no
shard (a template of a site's own) makes every shard be made again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from briefing.render.metadata import PAGES_SHARD
from briefing.core.index_view import SiteView

MARK = b"data-pagefind-body"  # the pages Pagefind indexes (base.html sets it)
_NAMED = re.compile(rb'data-search-shard="([^"<>]*)"')
_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
# Folders of a Pagefind bundle: a shard cannot be named like one of them.
RESERVED = frozenset({"fragment", "index", "filter"})


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
