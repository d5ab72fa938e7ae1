"""What the write stage hands a search indexer: the build's pages, before they
are in place, and which of them changed. (Here, below both, because the write
stage and the search package never import each other.)

An indexer (the search package's, given by the build) makes its index from the
finished pages. In a full build they are all in the staging directory; in an
update most are in the output directory, unchanged, and the changed ones are
still in memory, because nothing goes in place before the index is made (a
failed index must leave the previous site as it was). :class:`SiteView` hides
the difference, and says which pages changed so that an indexer whose index is
made of parts (shards) makes again only the parts they touch. The parts it
keeps it leaves where they are, and says so (:class:`Kept`): at 10,000
articles an index is some 12,000 files, and linking, listing and reading them
again cost more than making the one part an edit touches.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol


@dataclass(frozen=True)
class SiteView:
    """The files of a build as an indexer reads them."""

    root: Path  # where the files not in ``pending`` are
    files: tuple[str, ...]  # every file of the build (its index aside), sorted
    pending: Mapping[str, bytes] = field(default_factory=dict)  # new bytes, not yet in root
    # HTML pages added, changed or removed: path → (bytes before, bytes now), None
    # for "not there". None: index everything (a full build, or a new indexer).
    changed: Mapping[str, tuple[bytes | None, bytes | None]] | None = None
    previous: Path | None = None  # the last build's index folder, to keep parts of
    stale: frozenset[str] = frozenset()  # parts of that index already stale, made anew

    def read(self, path: str) -> bytes:
        if path in self.pending:
            return self.pending[path]
        return self.root.joinpath(*PurePosixPath(path).parts).read_bytes()

    def place(self, path: str, into: Path, data: bytes | None = None) -> None:
        """Put the file at ``path`` under ``into`` (same relative path): a hard link
        to the file in ``root`` when it is there unchanged, else its bytes."""
        target = into.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in self.pending:
            target.write_bytes(self.pending[path])
            return
        link_or_copy(self.root.joinpath(*PurePosixPath(path).parts), target, data)


def _nothing(name: str) -> bool:
    return False


@dataclass(frozen=True)
class Kept:
    """The parts of the last build's index (``SiteView.previous``) an indexer kept
    rather than made again: every file under ``folders`` of the index, except
    those whose names ``made_anew`` accepts (files the indexer writes wherever
    they belong, such as a search library's script). The write stage takes these
    files, and their digests, from the last build as they are."""

    folders: frozenset[str] = frozenset()
    made_anew: Callable[[str], bool] = _nothing

    def keeps(self, path: str) -> bool:
        """Whether the file at ``path`` (within the index folder) is kept."""
        folder, _, rest = path.partition("/")
        return bool(rest) and folder in self.folders \
            and not self.made_anew(rest.rpartition("/")[2])


NOTHING_KEPT = Kept()


def link_or_copy(source: Path, target: Path, data: bytes | None = None) -> None:
    """A hard link (no bytes copied); a copy where the file system has none."""
    try:
        os.link(source, target)
    except OSError:
        if data is not None:
            target.write_bytes(data)
        else:
            shutil.copy2(source, target)


class Indexer(Protocol):
    """Writes into ``bundle_dir`` the index of the site ``view`` shows, but the
    parts of ``view.previous`` it keeps (its answer); those files and the ones it
    wrote become part of the build."""

    def __call__(self, view: SiteView, bundle_dir: Path) -> Kept: ...

    def touched(self, view: SiteView) -> frozenset[str] | None:
        """The parts of the index the changes of ``view`` make stale (None: all),
        for an index made later (the preview's)."""
