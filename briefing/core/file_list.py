"""Lists of an output's files (path → digest of the bytes) that are not held whole.

At 10,000 articles the output is 43,000 files, and an edit's build rewrites
four of them. Copying, comparing or reading the whole list costs that build
tens of milliseconds, so two lists stand in for a dict where one build
follows another: the last build's as the store keeps it, read a row at a
time (engine/stored_files.py), and an update of a list that keeps most of it
(:class:`Overlay`). Both are read-only mappings in path order, as the plain
dicts of a whole build are, and give the files under a folder (the search
index's) without going through the rest (:func:`files_under`).
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView


class FileList(Mapping[str, str]):
    """A mapping of output paths to digests, in path order."""

    def under(self, prefix: str) -> dict[str, str]:
        """The files whose paths start with ``prefix`` (a folder and its slash)."""
        return {path: value for path, value in self.items() if path.startswith(prefix)}

    def whole(self) -> dict[str, str]:
        """Every file, in path order, as a dict (a copy, or one kept)."""
        return dict(self.items())


def files_under(files: Mapping[str, str], prefix: str) -> dict[str, str]:
    """The files of ``files`` whose paths start with ``prefix``."""
    if isinstance(files, FileList):
        return files.under(prefix)
    return {path: value for path, value in files.items() if path.startswith(prefix)}


class Overlay(FileList):
    """``base`` (the last build's files) with ``changed`` laid over it and the
    files under ``hidden`` (a folder made again whole: the search index) left
    out: the files after an update that kept the rest, without a copy of
    them. A lookup asks ``changed``, then ``base``; going through the files
    makes the whole list once (in path order). An overlay of an overlay
    starts from its base made whole: there is never more than one layer."""

    def __init__(self, base: Mapping[str, str], changed: dict[str, str],
                 hidden: str = "") -> None:
        self.over = base  # the list laid over, as given (``base`` may be it made whole)
        self.base: Mapping[str, str] = base.whole() if isinstance(base, Overlay) else base
        self.changed = changed
        self.hidden = hidden
        self._whole: dict[str, str] | None = None
        self._same: bool | None = None

    def __getitem__(self, path: str) -> str:
        if self._whole is not None:
            return self._whole[path]
        if path in self.changed:
            return self.changed[path]
        if self.hidden and path.startswith(self.hidden):
            raise KeyError(path)
        return self.base[path]

    def __contains__(self, path: object) -> bool:
        try:
            self[path]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def keys(self) -> KeysView[str]:  # the dict's own views: compared and gone
        return self.whole().keys()  # through in C, not a lookup per path

    def items(self) -> ItemsView[str, str]:
        return self.whole().items()

    def values(self) -> ValuesView[str]:
        return self.whole().values()

    def __len__(self) -> int:
        if self._whole is None and self.same_paths():  # counted without the list
            return len(self.base)
        return len(self.whole())

    def update(self, files: Mapping[str, str]) -> None:
        """Lay ``files`` over the list too."""
        self.changed.update(files)
        self._whole = self._same = None

    def same_paths(self) -> bool:
        """Whether the list holds the paths ``base`` holds, no more and no fewer:
        then the last build's stamp of the output still lists them (found once)."""
        if self._same is None:
            inside = {path for path in self.changed if self.hidden
                      and path.startswith(self.hidden)}
            self._same = all(path in self.base for path in self.changed) and (
                not self.hidden or inside == files_under(self.base, self.hidden).keys())
        return self._same

    def under(self, prefix: str) -> dict[str, str]:
        if self._whole is not None:
            return super().under(prefix)
        hidden = self.hidden
        found = {path: value for path, value in files_under(self.base, prefix).items()
                 if not (hidden and path.startswith(hidden))}
        found.update({p: v for p, v in self.changed.items() if p.startswith(prefix)})
        return dict(sorted(found.items()))

    def whole(self) -> dict[str, str]:
        """Every file, in path order."""
        if self._whole is None:
            hidden, base = self.hidden, self.base
            whole = base.whole() if isinstance(base, FileList) else base
            files = {path: value for path, value in whole.items()
                     if not path.startswith(hidden)} if hidden else dict(whole)  # a copy in C
            added = any(path not in files for path in self.changed)
            files.update(self.changed)
            self._whole = dict(sorted(files.items())) if added else files
        return self._whole
