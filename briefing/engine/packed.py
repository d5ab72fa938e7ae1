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
packed rows as they are (:func:`row_of`): the store keeps every entry compressed.

An entry is two rows: the entry with its page light, and the page's text (its
body, front matter and normalised text), apart. A build of the whole site from
the store (a new article, a changed title) reads every entry to plan it, and
before, every text with it: at 10,000 articles 2.1 s of a 6.7 s build, and
120 MB of Markdown held until the pages were made light. Such a build now reads
the light rows alone, and a text only where it renders a page again or the
feeds show it (BuildCache.whole).
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


Rows = tuple[bytes, bytes | None]  # an entry's rows: the light entry, its page's text


@dataclass(frozen=True)
class PackedEntry:
    """An entry's store rows (see :func:`pack`): held, or where a :class:`Spill`
    wrote them (its file, offset, and each one's size). No text row (None): the
    entry was read light, and the store's text row for it stays as it is."""

    blob: bytes = b""
    text: bytes | None = None
    spilled: tuple[Spill, int, int, int] | None = field(default=None, compare=False)

    def rows(self) -> Rows:
        if self.spilled is None:
            return self.blob, self.text
        spill, offset, size, text_size = self.spilled
        both = spill.read(offset, size + text_size)
        return both[:size], both[size:]


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

    def keep(self, row: bytes, text: bytes) -> PackedEntry:
        try:
            file = self._file or self._open()
            offset, view = self._end, memoryview(row + text)
            while view:
                written = os.pwrite(file.fileno(), view, self._end)
                self._end += written
                view = view[written:]
        except OSError:  # a full disk, say: these rows and the next ones stay in memory
            self._broken = True
            return PackedEntry(row, text)
        return PackedEntry(spilled=(self, offset, len(row), len(text)))

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


def pack(entry: ArticleEntry, light: bool = False) -> Rows:
    """``entry``'s store rows (saving.py): the checked pickle of its stored form
    with the page light, and of the page's text, each compressed, a third of the
    pickle, where the page it holds costs the pickle's size again in memory.
    ``light``: the entry was read without its text (no text row)."""
    stored = stored_form(entry)
    row = _compressed(replace(stored, page=light_page(stored.page)))
    if light:
        return row, None
    page = entry.page
    return row, _compressed((page.body, page.front, page.text))


def _compressed(value: object) -> bytes:
    return zlib.compress(dumps(value, text=True), LEVEL)


def packed(entry: ArticleEntry, spill: Spill | None = None) -> PackedEntry:
    """``entry``'s rows, spilled to disk when given where."""
    row, text = pack(entry)
    assert text is not None
    return spill.keep(row, text) if spill is not None else PackedEntry(row, text)


def row_of(entry: ArticleEntry | PackedEntry) -> Rows:
    """The store rows of an entry, packed or not: the entry tables keep every
    row compressed (the merged Markdown of 10,000 articles held 170 MB of a
    373 MB store), so a packed entry is written as it is. An entry held light
    comes packed (BuildCache.changes), never whole with an empty text."""
    return entry.rows() if isinstance(entry, PackedEntry) else pack(entry)


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


PageText = tuple[str, str, str]  # a page's body, front matter and normalised text


def page_text(value: object) -> PageText:
    """A text row's value (after safe_pickle.loads), checked;
    :class:`~briefing.engine.safe_pickle.Damaged` if it is not one."""
    if not (isinstance(value, tuple) and len(value) == 3
            and all(type(part) is str for part in value)):
        raise Damaged("a stored page text is not one")
    return value  # type: ignore[return-value]


def whole_page(page: MergedPage, text: PageText) -> MergedPage:
    """A light page given back its text (the inverse of :func:`light_page`)."""
    body, front, normal = text
    return replace(page, body=body, front=front, text=normal)
