"""The files the last build wrote, as the store lists them: read when asked.

An edit's build rewrites a few files of the output and keeps the rest; it
needs the digests of those few (are the new bytes the same?), not the 43,000
rows of a site of 10,000 articles, which took it 30 ms to read. So the list
reads one row per lookup, and reads every row, once, when something goes
through them all or looks up more than :data:`FEW` (a whole build's writer
asks for every file it makes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from briefing.core.errors import BriefingError
from briefing.core.file_list import FileList
from briefing.engine.changes import Source

T = TypeVar("T")
FEW = 64  # lookups answered one row at a time before the whole list is read


class StoreUnreadable(BriefingError):
    """The store could not be read in the middle of a build."""


class StoredFiles(FileList):
    """The last build's files (path → digest) in the store ``rows``."""

    def __init__(self, rows: Source) -> None:
        self._rows = rows
        self._whole: dict[str, str] | None = None
        self._asked = 0

    def __getitem__(self, path: str) -> str:
        if self._whole is None and self._asked < FEW:
            self._asked += 1
            found = self._rows.digest_of(path)
            if found is None:
                raise KeyError(path)
            return found
        return self.whole()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def __len__(self) -> int:
        if self._whole is None:
            return _read(self._rows.written_count())
        return len(self._whole)

    def under(self, prefix: str) -> dict[str, str]:
        if self._whole is not None:
            return super().under(prefix)
        return _read(self._rows.written_under(prefix))

    def whole(self) -> dict[str, str]:
        """Every file, in path order, read once."""
        if self._whole is None:
            self._whole = _read(self._rows.written())
        return self._whole


def _read(found: T | None) -> T:
    """Rows read, or the build stops: without them it cannot tell which files
    it wrote, and a guess could leave a file behind that no list names."""
    if found is None:
        raise StoreUnreadable("the build store could not be read during the build; build "
                              "again (delete .briefing-cache/ if this repeats)")
    return found
