"""An article's entry packed into its store row as soon as it settles, so a
build that ends with its save need not hold every merged page until then.

A whole build holds each article's merged page from its job to the listing
pages and the save. The merged Markdown and the normalised text are most of
a page (some 190 MB at 10,000 articles, a quarter of the build process's
peak), yet after the article's own files are made nothing reads them but the
save, and the feeds (the newest articles' bodies). The listing pages read a
page's article, notes and first mentions; fingerprints know a page by its
merge key, not its text.

So a build whose cache ends with it (``briefing build``; the preview keeps
its pages for the next edit) packs each entry it made, as the store will
write it, compressed, and holds a *light* page from then on: the same page
without its body, front matter and text, known by the same key. The save writes the
packed row as it is (:func:`row_of`): the store keeps every entry compressed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefing.engine.entries import stored_form
from briefing.engine.safe_pickle import Damaged, dumps

if TYPE_CHECKING:
    from briefing.engine.entries import ArticleEntry
    from briefing.model.page import MergedPage

LEVEL = 1  # zlib's fastest: the rows of merged Markdown pack to about a third


@dataclass(frozen=True)
class PackedEntry:
    """An entry's store row, compressed (see :func:`packed`)."""

    blob: bytes


def packed(entry: ArticleEntry) -> PackedEntry:
    """``entry`` as the store saves it (saving.py): its row, compressed, a third
    of the pickle, where the page it holds costs the pickle's size again in
    memory."""
    return PackedEntry(zlib.compress(dumps(stored_form(entry), text=True), LEVEL))


def row_of(entry: ArticleEntry | PackedEntry) -> bytes:
    """The store row of an entry, packed or not: the entry table keeps every
    row compressed (the merged Markdown of 10,000 articles held 170 MB of a
    373 MB store), so a packed entry is written as it is."""
    return entry.blob if isinstance(entry, PackedEntry) else packed(entry).blob


def unpacked(row: bytes) -> bytes:
    """The pickle an entry row holds (safe_pickle.loads checks it);
    :class:`~briefing.engine.safe_pickle.Damaged` if it does not decompress."""
    try:
        return zlib.decompress(row)
    except (zlib.error, TypeError) as exc:
        raise Damaged(f"a stored entry cannot be decompressed ({exc})") from None


def light_page(page: MergedPage) -> MergedPage:
    """``page`` without what only its own files and the store read: its merged
    Markdown, its front matter (both are index.md's) and its normalised text."""
    return replace(page, body="", front="", text="")
