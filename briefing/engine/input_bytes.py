"""Which inputs really changed: a file whose time moved but whose bytes did not
is no edit.

A stamp compares sizes and times (stamp.py), as ``make`` and Git do. Many
things move a file's time without changing a byte: a fresh checkout on a CI
runner (every file), ``touch``, switching Git branches and back, an editor
that saves a file unchanged. Judged by times alone, each of those is an edit:
a touched glossary made a whole build (6-8 s at 10,000 articles), and a
deploy from a fresh checkout with a restored cache went through the whole
pipeline however little had changed (7.9 s at that size, one article edited).

So the store keeps a digest of each input's bytes beside its size and time
(the 'inputs' row). When a build's stamp differs from the last one, each file
whose time moved is read and hashed, and counts as changed only when its
bytes differ from the bytes the last build read: nothing changed by its bytes
is "up to date" (build/api.py), and a few changed files are a build of those
alone (build/narrow.py), whatever happened to the other files' times.

A digest is only kept with a size and time it is known to go with: read
through one open file whose ``fstat`` shows the size and time the stamp
found, and never for a racily clean file (one modified too lately to trust
its time: stamp.RACY_NS), which the stamp compares by its bytes anyway. The
bytes are hashed before the build reads the file, so an edit made while the
build runs leaves a digest that matches neither: that file counts as changed
next time, never as unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing.core.files import FileTimes
from briefing.core.hashing import digest
from briefing.engine.last_build import LastBuild
from briefing.engine.stamp import Stamp

Digests = dict[str, str]  # path → digest (core.hashing.digest) of its bytes


@dataclass(frozen=True)
class InputChanges:
    """The inputs whose bytes changed since the last build, and every input's
    digest as far as this build knows it (for the store)."""

    # In path order; None when the last build read another list of files or
    # other settings (then every file counts).
    changed: tuple[str, ...] | None
    digests: Digests
    retimed: int = 0  # files whose time moved (compared by their bytes)
    before: FileTimes | None = None  # the sizes and times compared with (None: none known)

    @property
    def none(self) -> bool:
        """Nothing changed by its bytes: the build's work is done already."""
        return self.changed == ()


def input_changes(last: LastBuild | None, inputs: Stamp, before: FileTimes | None,
                  known: Mapping[str, str], now: FileTimes) -> InputChanges:
    """Compare ``inputs`` (stamped now; ``now``: each file's size and time, racily
    clean ones left out) with the last build's: ``before`` (each input's size
    and time then) and ``known`` (the digests kept with them). Files whose time
    did not move keep their digest; the others, and any file without one, are
    read and hashed."""
    racy = dict(last.inputs.racy) if last is not None else {}
    same_list = last is not None and before is not None and last.inputs.names == inputs.names
    then = before or {}
    moved = _moved(inputs, then, now, racy, same_list)
    digests = dict(known) if same_list else _only(known, inputs.paths)
    changed, unkept, retimed = [], 0, 0
    for path in moved:
        old = racy.get(path) or known.get(path)
        fresh = _digest(path, now.get(path))
        digests.pop(path, None)
        if fresh.kept is not None:
            digests[path] = fresh.kept
        else:
            unkept += 1  # racily clean now, or gone: known next time
        retimed += fresh.times != then.get(path)
        if old is None or fresh.value is None or fresh.value != old:
            changed.append(path)
    if len(digests) + unkept < inputs.count:
        _hash_unknown(inputs.paths, moved, digests, now)
    comparable = same_list and last is not None and last.inputs.settings == inputs.settings
    return InputChanges(tuple(changed) if comparable else None, digests, retimed, before)


def _moved(inputs: Stamp, then: FileTimes, now: FileTimes, racy: Mapping[str, str],
           same_list: bool) -> list[str]:
    """The inputs whose size or time is not the one the last build found, in
    path order: the two mappings compared as sets of pairs, in C (at 10,000
    articles a loop over the 21,000 paths cost more than all else here), and
    the racily clean files, then and now, always."""
    moved = {path for path, _ in now.items() ^ then.items()}
    moved.update(racy)
    if len(now) != inputs.count or not same_list:  # files racily clean now, or others
        paths = inputs.paths
        moved.update(path for path in paths if path not in now)
        if not same_list:
            moved &= set(paths)
    return sorted(moved)


def _only(known: Mapping[str, str], paths: Sequence[str]) -> Digests:
    """The digests of ``paths`` among ``known``: those of files gone are dropped."""
    return {path: known[path] for path in paths if path in known}


def _hash_unknown(paths: Sequence[str], moved: list[str], digests: Digests,
                  now: FileTimes) -> None:
    """Hash the files no digest is known for yet (a first build, a file that
    was racily clean), so the next build can compare them."""
    skip = set(moved)
    for path in paths:
        if path not in digests and path not in skip:
            kept = _digest(path, now.get(path)).kept
            if kept is not None:
                digests[path] = kept


@dataclass(frozen=True)
class _Read:
    value: str | None  # the digest of the file's bytes now (None: it cannot be read)
    kept: str | None  # the same, when it goes with the stamp's size and time
    times: tuple[int, int] | None = None  # the file's size and time as it was read


def _digest(path: str, times: tuple[int, int] | None) -> _Read:
    """The digest of the file's bytes, and whether it may be kept with ``times``
    (None: racily clean, or not found by the stamp): only when the open file's
    size and time are those, so the digest is of the bytes they stand for.

    A symbolic link is never opened here: it counts as changed whenever its time
    moves, so the build's load stage judges it (core/symlinks.py: one that leads
    out of the site is an error, and what it points to is never read)."""
    if os.path.islink(path):
        return _Read(None, None)
    try:
        with open(path, "rb") as file:
            data = file.read()
            stat = os.fstat(file.fileno())
    except OSError:
        return _Read(None, None)
    value, found = digest(data), (stat.st_size, stat.st_mtime_ns)
    return _Read(value, value if times is not None and found == tuple(times) else None, found)
