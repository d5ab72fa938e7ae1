"""The input stamp of a caller that is told what changed: the preview's watcher
sees which files a save touched, so its next build need not walk every folder
and ``stat`` every file to find out (see stamp.py).

:class:`InputFiles` keeps what the last stamp found: the files under the roots,
folder by folder in the walk's order, with the size and time of each. Told
which paths changed since, it looks at those again, and at the files that were
racily clean at the last stamp (their size and time could hide a second edit
within the same clock tick), and makes from that exactly the stamp a full walk
would make now: the same paths in the same order, the same digest, the same
racy files, the same times for the load stage.

Anything it cannot place sends it back to a full walk: a path outside the
folders it walked, a folder that is new or where a file was, roots other than
last time, a caller that lost track (:meth:`InputFiles.forget`), or so many
changes that looking at each costs more than a walk.

It cannot know of a change nobody told it of: its caller reports every file
under the roots that changed, editor noise included, since the stamp counts
those too. A change reported late is stamped late, by the build it starts.
"""

from __future__ import annotations

import bisect
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from briefing.core.files import FileTimes
from briefing.engine.stamp import (
    Spans,
    Stamp,
    joined,
    racy_files,
    skipped,
    times_digest,
    walk,
)

MIN_WALK = 64  # changed paths above which a walk may be cheaper than looking at each
WALK_SHARE = 4  # ... once they are more than a quarter of the files


class InputFiles:
    """The files of the last stamp, and the paths said to have changed since."""

    def __init__(self) -> None:
        self._roots: tuple[str, ...] | None = None  # None: walk at the next stamp
        self._groups: list[list[str]] = []  # each folder's files (or a root's), walk order
        self._folders: dict[str, list[str]] = {}  # folder walked → its group
        self._root_files: dict[str, list[str]] = {}  # root that is no folder → its group
        self._times: dict[str, tuple[int, int]] = {}  # path → (size, mtime) as last seen
        self._flat: _Flat | None = None  # the groups end to end, while no file comes or goes
        self._young: list[str] = []  # racily clean at the last stamp: looked at again
        self._changed: set[str] = set()

    def changed(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Note files under the roots that were added, changed or removed."""
        self._changed.update(map(os.fspath, paths))

    def forget(self) -> None:
        """Anything may have changed (the caller lost track): walk next time."""
        self._roots = None

    def stamp(self, roots: Iterable[Path], settings: str) -> tuple[Stamp, FileTimes]:
        """What :func:`stamp.stamp_with_times` would answer now, from the files
        that changed when that is possible."""
        wanted = tuple(map(str, roots))
        changed, self._changed = self._changed | set(self._young), set()
        known, self._roots = self._roots, None  # until this stamp is whole
        cheap = len(changed) <= max(MIN_WALK, len(self._times) // WALK_SHARE)
        if known != wanted or not cheap or not all(map(self._look_again, sorted(changed))):
            self._walk(wanted)
        flat = self._flat or _Flat.of(self._groups, self._times)
        flat.update(changed, self._times)
        self._young, racy = racy_files(flat.paths, flat.mtimes)
        times = dict(self._times)
        for path in self._young:
            times.pop(path, None)
        self._flat = flat if flat.at is not None else None
        self._roots = wanted
        return Stamp(settings, flat.names, times_digest(flat.sizes, flat.mtimes), racy), times

    def _walk(self, roots: tuple[str, ...]) -> None:
        spans: Spans = []
        paths, stats = walk(map(Path, roots), spans)
        self._groups, self._folders, self._root_files, self._flat = [], {}, {}, None
        ends = [start for _, _, start in spans[1:]] + [len(paths)]
        for (where, folder, start), end in zip(spans, ends):
            group = paths[start:end]
            self._groups.append(group)
            (self._folders if folder else self._root_files)[where] = group
        self._times = {path: (found.st_size, found.st_mtime_ns)
                       for path, found in zip(paths, stats)}

    def _look_again(self, path: str) -> bool:
        """Bring ``path`` up to date in its groups; False when a walk must do it."""
        folder, name = os.path.split(path)
        in_folder = self._folders.get(folder) if not skipped(name) else None
        as_root = self._root_files.get(path)
        if in_folder is None and as_root is None:
            return folder in self._folders  # a cache or __pycache__: no walk lists it
        if path in self._folders:
            return False  # a folder was there
        try:
            found: os.stat_result | None = os.stat(path)
        except OSError:
            found = None
        if found is not None and stat.S_ISDIR(found.st_mode):
            return False  # a new folder, or one where a file was
        # In a folder a walk lists regular files only; a root, whatever it finds.
        regular = found is not None and stat.S_ISREG(found.st_mode)
        moved = _place(in_folder, path, regular) | _place(as_root, path, found is not None)
        if moved:
            self._flat = None
        if found is not None and (regular and in_folder is not None or as_root is not None):
            self._times[path] = (found.st_size, found.st_mtime_ns)
        else:
            self._times.pop(path, None)
        return True


@dataclass
class _Flat:
    """Every group's files end to end, as a stamp lists them, with their sizes and
    times: kept from one stamp to the next while only times change (a save),
    so a stamp costs a digest, not a pass in Python over every file."""

    paths: list[str]
    names: str  # Stamp.names
    sizes: list[int]
    mtimes: list[int]
    at: dict[str, int] | None  # where each path is; None when one is there twice

    @classmethod
    def of(cls, groups: list[list[str]], times: dict[str, tuple[int, int]]) -> _Flat:
        paths = list(chain.from_iterable(groups))
        pairs = list(map(times.__getitem__, paths))
        at = dict(zip(paths, range(len(paths))))
        return cls(paths, joined(paths), [size for size, _ in pairs],
                   [mtime for _, mtime in pairs], at if len(at) == len(paths) else None)

    def update(self, paths: Iterable[str], times: dict[str, tuple[int, int]]) -> None:
        """Take the size and time of each of ``paths`` that is listed."""
        where = self.at if self.at is not None else {}
        for path in paths:
            index = where.get(path)
            if index is not None:
                self.sizes[index], self.mtimes[index] = times[path]


def _place(group: list[str] | None, path: str, there: bool) -> bool:
    """Put ``path`` into its sorted ``group``, or take it out; True if either."""
    if group is None:
        return False
    at = bisect.bisect_left(group, path)
    listed = at < len(group) and group[at] == path
    if there and not listed:
        group.insert(at, path)
    elif listed and not there:
        del group[at]
    else:
        return False
    return True
