"""Has anything a build reads changed since the last build? Answered from file
metadata alone, so a build with nothing to do costs one ``stat`` per file.

An *input stamp* lists every file a build may read (site.yml, the content
folder, the site's templates and static files, the theme and the Pagefind
binary) with its size and modification time, as ``make`` and Git compare
them. Like Git's index, it does not trust a file modified within
:data:`RACY_NS` of the moment the stamp was taken: a second edit in the same
clock tick could keep both its size and its time. Such files are also stamped
with a hash of their bytes, which is compared instead.

An *output stamp* does the same for the files the last build wrote, so a page
deleted or edited by hand in the output directory is noticed and rebuilt.

A stamp keeps the paths (as one string) and a single digest of every file's
size and time, not a record per file: comparing two stamps is then a few
comparisons made in C, where a loop over tens of thousands of records in
Python would cost more than the ``stat`` calls themselves, and the stamp
pickles small.

A caller that is told which files changed (the preview) need not walk at all:
input_files.py keeps what the last walk found (:func:`walk` says where each
folder's files are) and makes the same stamp from the changed files alone.

Nothing here imports the pipeline: the "nothing changed" answer must be cheap.
"""

from __future__ import annotations

import bisect
import os
import stat
import struct
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from briefing.core.files import FileTimes
from briefing.core.hashing import digest
from briefing.core.package import PACKAGE_DIR

RACY_NS = 3_000_000_000  # files younger than this when stamped are also hashed
MISSING = "missing"  # the ``times`` of a stamp that found a file gone: matches no other
STAT_BLOCK = 4_096  # files stat'ed at a time (sum_of)

_SIZE = attrgetter("st_size")
_MTIME = attrgetter("st_mtime_ns")
_MODE = attrgetter("st_mode")


@dataclass(frozen=True)
class Stamp:
    """What a set of files looked like, plus settings."""

    settings: str
    # The paths in the order they were found (deterministic), joined by NULs,
    # which no path holds: one string unpickles and compares at once, where tens
    # of thousands of small ones would cost more than the check itself.
    names: str
    times: str  # one digest of every file's size and mtime, in the order of the paths
    racy: tuple[tuple[str, str], ...] = ()  # (path, hash of its bytes) of racily clean files

    @property
    def paths(self) -> tuple[str, ...]:
        """The paths, split once per process for each list (see :func:`split_names`)."""
        return split_names(self.names)

    @property
    def count(self) -> int:
        """How many files: without making a string of each path."""
        return self.names.count("\0") + 1 if self.names else 0

    def matches(self, other: Stamp) -> bool:
        """True when ``other`` (taken now) shows the same files, unchanged, and the
        files that were racily clean when this stamp was taken still hold the bytes
        they held then."""
        return (self.settings == other.settings and self.times == other.times
                and self.names == other.names
                and all(file_digest(Path(path)) == hashed for path, hashed in self.racy))




@lru_cache(maxsize=8)
def split_names(names: str) -> tuple[str, ...]:
    """:attr:`Stamp.names` split into paths. A build asks for the last output's
    list more than once (the check of the output's top, the stamp of its files),
    and splitting 43,911 paths took 8 ms each time at 10,000 articles; a tuple,
    so no caller can change the list another reads. Looking up the same string
    again costs nothing: a string keeps its hash."""
    return tuple(names.split("\0")) if names else ()


def take_stamp(roots: Iterable[Path], settings: str, hash_racy: bool = True) -> Stamp:
    """Stamp every file under ``roots`` (files or folders; missing ones are skipped).

    ``hash_racy=False`` for files whose bytes only an edit by hand could change
    (briefing's own code, say).
    """
    return stamp_with_times(roots, settings, hash_racy)[0]


def stamp_with_times(roots: Iterable[Path], settings: str, hash_racy: bool = True
                     ) -> tuple[Stamp, FileTimes]:
    """:func:`take_stamp`, and each file's size and time (racily clean files
    left out), for a build that then loads the files: one whose size and time
    are those of a file it read before need not be read again (see load/site.py)."""
    paths, stats = walk(roots)
    stamp, times, _ = stamp_of(paths, list(map(_SIZE, stats)), list(map(_MTIME, stats)),
                               settings, hash_racy)
    return stamp, times


def stamp_of(paths: list[str], sizes: Sequence[int], mtimes: Sequence[int], settings: str,
             hash_racy: bool = True) -> tuple[Stamp, dict[str, tuple[int, int]], list[str]]:
    """The stamp of files found with these sizes and times (by a walk, or kept
    from one: engine/input_files.py), their times for the load stage, and the
    files that are racily clean now (left out of those times)."""
    young, racy = racy_files(paths, mtimes, hash_racy)
    times = dict(zip(paths, zip(sizes, mtimes)))
    for path in young:
        times.pop(path, None)
    return Stamp(settings, joined(paths), times_digest(sizes, mtimes), racy), times, young


def racy_files(paths: Sequence[str], mtimes: Sequence[int], hash_racy: bool = True
               ) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """The files modified too lately to be trusted by their size and time, and
    (``hash_racy``) each one's path and hash, for :attr:`Stamp.racy`."""
    racy_after = time.time_ns() - RACY_NS
    if not mtimes or max(mtimes) <= racy_after:  # max(): no loop in Python, usually
        return [], ()
    young = [path for path, mtime in zip(paths, mtimes) if mtime > racy_after]
    racy = tuple((path, file_digest(Path(path))) for path in young) if hash_racy else ()
    return young, racy


def stamp_files(folder: Path, paths: Sequence[str]) -> Stamp:
    """Stamp the files at ``paths`` (relative to ``folder``) and nothing else:
    for the output, whose files the last build listed, one ``stat`` each is
    cheaper than walking its folders. A file missing from the list makes a
    stamp that matches none; files nobody listed are not looked at. The bytes
    are never hashed: briefing wrote them, only an edit by hand changes them."""
    return Stamp("", joined(paths), _times_of(paths, os.path.join(str(folder), "")))


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return MISSING


def code_roots() -> list[Path]:
    """briefing's own source: a new version of the code means a new build."""
    return [PACKAGE_DIR]


def _times_of(files: Sequence[str], prefix: str = "") -> str:
    """The sum of the files' terms (:data:`MISSING` if one is gone): ``files`` are
    relative paths, ``prefix`` the folder they are in (empty: the current one).
    A sum, not a digest of the list, so a build that rewrote, added or removed
    a few files can replace their terms (:func:`restamped`) without a ``stat``
    of the others. A file's term is the hash of its size and time: Python's
    hash of a tuple of integers, made in C, and the same in every process of
    one Python (another Python's would only make the output look changed,
    which the build then checks by the files' bytes). Not of its place in the
    list, which a file added before it would move: the list itself is kept
    whole (:attr:`Stamp.names`), and a file's nanosecond time is its own."""
    total = sum_of(files, prefix)
    return MISSING if total is None else sum_hex(total)


def sum_of(files: Sequence[str], prefix: str = "") -> int | None:
    """The sum of the files' terms (see :func:`_times_of`), not yet reduced to
    64 bits: parts of a list add up (stamp_later.py); None if one is gone.
    A block of files at a time: the 43,000 results of a whole output's
    ``stat`` at once were some 20 MB at the end of a cold build, its peak."""
    total = 0
    for start in range(0, len(files), STAT_BLOCK):
        try:
            stats = list(map(os.stat, map(prefix.__add__, files[start:start + STAT_BLOCK])))
        except OSError:
            return None
        total += sum(map(hash, zip(map(_SIZE, stats), map(_MTIME, stats))))
    return total


def sum_hex(total: int) -> str:
    return f"{total % _MODULUS:016x}"


_MODULUS = 1 << 64


def restamped(stamp: Stamp, folder: Path, before: Mapping[str, tuple[int, int] | None],
              paths: Sequence[str] | None) -> Stamp:
    """``stamp`` (of the files of ``folder`` it lists, as :func:`stamp_files` takes
    it) after the files ``before`` names were written again, added or removed:
    ``before`` holds each one's size and time before (None: it was not there),
    ``paths`` every file listed now, in order (None: the ones ``stamp`` lists,
    which the caller knows are still the files). Only those files are
    ``stat``ed; the others' terms stay in the sum. A ``before`` that does not
    account for the change of list makes a whole new stamp."""
    if paths is None:
        if stamp.times == MISSING or any(old is None for old in before.values()):
            return stamp_files(folder, stamp.paths)
        return _resummed(stamp, folder, before, set(before), stamp.names)
    names = joined(paths)
    if stamp.times == MISSING:
        return stamp_files(folder, paths)
    listed = {path for path in before if _holds(paths, path)}
    added = {path for path in listed if before[path] is None}
    gone = {path for path, old in before.items() if old is not None and path not in listed}
    same_list = names == stamp.names if not (added or gone) else \
        (set(stamp.paths) - gone) | added == set(paths)
    if not same_list:
        return stamp_files(folder, paths)
    return _resummed(stamp, folder, before, listed, names)


def _resummed(stamp: Stamp, folder: Path, before: Mapping[str, tuple[int, int] | None],
              listed: set[str], names: str) -> Stamp:
    """:func:`restamped`'s sum: the old terms of the files ``before`` names out,
    the new terms of those still ``listed`` in."""
    prefix = os.path.join(str(folder), "")
    total = int(stamp.times, 16)
    try:
        for path, old in before.items():
            if old is not None:
                total -= hash(old)
            if path in listed:
                now = os.stat(prefix + path)
                total += hash((now.st_size, now.st_mtime_ns))
    except OSError:
        return Stamp("", names, MISSING)
    return Stamp("", names, sum_hex(total))


def _holds(paths: Sequence[str], path: str) -> bool:
    """Whether ``paths`` (in order) holds ``path``: no set of them all is made."""
    at = bisect.bisect_left(paths, path)
    return at < len(paths) and paths[at] == path


def same_bytes(folder: Path, written: Mapping[str, str]) -> bool:
    """Every file of ``written`` (path → digest of its bytes) is in ``folder``
    and holds those bytes."""
    for path, file_digest in written.items():
        try:
            if digest((folder / path).read_bytes()) != file_digest:
                return False
        except OSError:
            return False
    return True


def joined(paths: Sequence[str]) -> str:
    """:attr:`Stamp.names` of these paths."""
    return "\0".join(paths)


def times_digest(sizes: Sequence[int], mtimes: Sequence[int]) -> str:
    """One digest of all sizes and times, packed as 64-bit integers (nanosecond
    times fit until the year 2262)."""
    return digest(struct.pack(f"<{len(sizes) + len(mtimes)}q", *sizes, *mtimes))


# Where a walk found each folder's files (or a root's): (folder or root, whether
# it is a folder, index of its first file); each one's files follow in a block.
Spans = list[tuple[str, bool, int]]


def walk(roots: Iterable[Path], spans: Spans | None = None
         ) -> tuple[list[str], list[os.stat_result]]:
    """Every regular file under ``roots``, with its ``stat``, in a fixed order;
    ``spans``, if given, is told where each folder's files are (see :data:`Spans`:
    every root has one, a missing one too)."""
    paths: list[str] = []
    stats: list[os.stat_result] = []
    seen: set[str] = set()
    for root in roots:
        text = str(root)
        if text in seen:
            continue
        seen.add(text)
        try:
            found = os.stat(text)
        except OSError:
            found = None
        if found is not None and stat.S_ISDIR(found.st_mode):
            _walk_folder(text, seen, paths, stats, spans)
            continue
        if spans is not None:
            spans.append((text, False, len(paths)))
        if found is not None:
            paths.append(text)
            stats.append(found)
    return paths, stats


def _walk_folder(top: str, seen: set[str], paths: list[str],
                 stats: list[os.stat_result], spans: Spans | None) -> None:
    """Append the files under ``top`` to ``paths`` and ``stats``: each folder's files
    in name order, then its subfolders, depth first. A stack, not recursion, and
    ``stat`` mapped over a whole folder at once: Python's per-file overhead is
    most of the cost. Skips __pycache__ and the build cache."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        if spans is not None:
            spans.append((folder, True, len(paths)))
        names.sort()
        inside = list(map(os.path.join(folder, "").__add__, _without_caches(names)))
        try:
            found = list(map(os.stat, inside))
        except OSError:  # a dangling link, or a file deleted since the listing
            found = None
        if found is not None and all(map(stat.S_ISREG, map(_MODE, found))):
            paths += inside  # the usual folder: nothing but files
            stats += found
            continue
        folders = []
        for path, state in zip(inside, found or map(_stat_or_none, inside)):
            if state is None:
                continue
            if stat.S_ISREG(state.st_mode):
                paths.append(path)
                stats.append(state)
            elif stat.S_ISDIR(state.st_mode) and path not in seen:
                seen.add(path)
                folders.append(path)
        stack.extend(reversed(folders))


def skipped(name: str) -> bool:
    """Whether a walk leaves out an entry of this name in a folder it walks."""
    return name == "__pycache__" or name.startswith(".briefing-cache")


def _without_caches(names: list[str]) -> list[str]:
    """``names`` (sorted) without __pycache__ and the build cache; searched for, not
    looped over: a loop over every name would cost more than it finds."""
    if "__pycache__" in names:
        names.remove("__pycache__")
    start = end = bisect.bisect_left(names, ".briefing-cache")
    while end < len(names) and names[end].startswith(".briefing-cache"):
        end += 1
    del names[start:end]
    return names


def _stat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None
