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

import os
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from briefing.engine.entries import stored_form
from briefing.engine.safe_pickle import Damaged, dumps

if TYPE_CHECKING:
    from briefing.engine.entries import ArticleEntry
    from briefing.model.page import MergedPage

LEVEL = 1  # zlib's fastest: the rows of merged Markdown pack to about a third


@dataclass(frozen=True)
class PackedEntry:
    """An entry's store row (see :func:`packed`): held, or where a :class:`Spill`
    wrote it (its file, offset and size)."""

    blob: bytes = b""
    spilled: tuple[Spill, int, int] | None = field(default=None, compare=False)

    def row(self) -> bytes:
        if self.spilled is None:
            return self.blob
        spill, offset, size = self.spilled
        return spill.read(offset, size)


class Spill:
    """Packed entries on disk until the save, in a file with no name (made
    deleted: a build killed leaves nothing) in the store's folder: 48 MB less
    for the build process to hold at 10,000 articles. A folder it cannot write
    leaves the rows in memory, as they were."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._file: BinaryIO | None = None
        self._end = 0
        self._broken = False

    def keep(self, row: bytes) -> PackedEntry:
        try:
            file = self._file or self._open()
            offset, view = self._end, memoryview(row)
            while view:
                written = os.pwrite(file.fileno(), view, self._end)
                self._end += written
                view = view[written:]
        except OSError:  # a full disk, say: this row and the next ones stay in memory
            self._broken = True
            return PackedEntry(row)
        return PackedEntry(spilled=(self, offset, len(row)))

    def read(self, offset: int, size: int) -> bytes:
        assert self._file is not None
        return os.pread(self._file.fileno(), size, offset)

    def _open(self) -> BinaryIO:
        if self._broken:
            raise OSError("the spill file could not be written")
        import tempfile  # only a build that packs: not the import of every run

        self.folder.mkdir(parents=True, exist_ok=True)
        self._file = tempfile.TemporaryFile(dir=self.folder, prefix=".spill-")
        return self._file


def pack(entry: ArticleEntry) -> bytes:
    """``entry``'s store row (saving.py): the checked pickle of its stored form,
    compressed, a third of the pickle, where the page it holds costs the
    pickle's size again in memory."""
    return zlib.compress(dumps(stored_form(entry), text=True), LEVEL)


def packed(entry: ArticleEntry, spill: Spill | None = None) -> PackedEntry:
    """``entry``'s row, spilled to disk when given where."""
    row = pack(entry)
    return spill.keep(row) if spill is not None else PackedEntry(row)


def row_of(entry: ArticleEntry | PackedEntry) -> bytes:
    """The store row of an entry, packed or not: the entry table keeps every
    row compressed (the merged Markdown of 10,000 articles held 170 MB of a
    373 MB store), so a packed entry is written as it is."""
    return entry.row() if isinstance(entry, PackedEntry) else pack(entry)


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
