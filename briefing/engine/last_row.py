"""The last build's record as the store keeps it: its lists of paths apart.

The record (last_build.LastBuild) holds the path of every input and of every
output file, in its stamps: 5 MB at 10,000 articles, where all else it holds
is a few kilobytes. An edit adds and removes no file, so it changes neither
list; yet every build's save wrote both again, and pickled them, some 40 ms
at that size. Each list is kept in a row of its own instead, named by a
digest of it and written only when no row holds it yet; the record names the
two rows. A build compares its lists with the ones the store read or wrote
(the same strings, compared in C) before it hashes anything. Each input's size
and time (what a narrow build compares, build/edits.py) is kept the same way:
two arrays in the order of the inputs' list, not 2 MB of paths again; and
the digest of its bytes (engine/input_bytes.py), 16 bytes each in that order.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from dataclasses import dataclass, replace

from briefing.core.files import FileTimes
from briefing.engine.input_bytes import Digests
from briefing.engine.last_build import LastBuild
from briefing.engine.safe_pickle import Damaged, dumps, loads
from briefing.engine.stamp import Stamp

NAMES = "names:"  # prefix of the rows that hold a list of paths (table meta)
Names = dict[str, str]  # row name → the list of paths it holds, as Stamp.names


@dataclass(frozen=True)
class StoredLast:
    """A LastBuild without its stamps' paths, and the rows that hold them."""

    last: LastBuild
    inputs: str
    outputs: str


@dataclass(frozen=True)
class StoredTimes:
    """Each input's size and time, and the digest of its bytes, in the order of
    a stored list of paths."""

    names: str  # the row of that list
    sizes: bytes  # array('q')
    times: bytes  # array('q'), nanoseconds
    digests: bytes = b""  # DIGEST_SIZE bytes each; all zeros: not known


DIGEST_SIZE = 16  # bytes of core.hashing.digest
_UNKNOWN = "00" * DIGEST_SIZE  # in hexadecimal, as core.hashing.digest gives it
Inputs = tuple[FileTimes, Digests]  # each input's size and time, and known digests


def read_last(connection: sqlite3.Connection) -> tuple[LastBuild | None, Names]:
    """The last build's record and the lists of paths read for it (None, {} when
    the store holds none yet); Damaged when a row is missing or not one."""
    row = connection.execute("SELECT value FROM meta WHERE name = 'last'").fetchone()
    if row is None:
        return None, {}
    stored = loads(row[0])
    if not isinstance(stored, StoredLast) or not isinstance(stored.last, LastBuild):
        raise Damaged("its last build is not one")
    names = {name: _names(connection, name) for name in {stored.inputs, stored.outputs}}
    last = replace(stored.last, inputs=replace(stored.last.inputs, names=names[stored.inputs]),
                   outputs=replace(stored.last.outputs, names=names[stored.outputs]))
    return last, names


def write_last(connection: sqlite3.Connection, last: LastBuild, known: Names) -> Names:
    """Write ``last`` (inside the caller's transaction), its lists only where
    no row holds them (``known``: the rows the store holds, as read or written
    before), and remove the rows of lists it no longer names; the rows it names."""
    rows = {_row_of(stamp, known): stamp.names for stamp in (last.inputs, last.outputs)}
    for name, names in rows.items():
        if name not in known:
            connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, dumps(names)))
    stored = StoredLast(replace(last, written=None, inputs=_bare(last.inputs),
                                outputs=_bare(last.outputs)),
                        _row_of(last.inputs, rows), _row_of(last.outputs, rows))
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('last', ?)", (dumps(stored),))
    kept = sorted(rows)
    connection.execute(f"DELETE FROM meta WHERE name LIKE '{NAMES}%' AND name NOT IN "
                       f"({', '.join('?' * len(kept))})", kept)
    return rows


def _row_of(stamp: Stamp, known: Names) -> str:
    """The row that holds (or will hold) ``stamp``'s paths: a known one holding
    the same list, else one named by the list's digest."""
    for name, names in known.items():
        if names == stamp.names:
            return name
    return NAMES + hashlib.blake2b(stamp.names.encode(), digest_size=16).hexdigest()


def _bare(stamp: Stamp) -> Stamp:
    return replace(stamp, names="")


def _names(connection: sqlite3.Connection, name: str) -> str:
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    names = loads(row[0]) if row is not None else None
    if not isinstance(names, str):
        raise Damaged(f"its list of paths {name} is missing")
    return names


def stored_times(inputs: Inputs, last: LastBuild, rows: Names) -> object:
    """``inputs`` as the 'inputs' row holds them: arrays in the order of the
    last build's inputs (saved in ``rows``), or the mappings themselves when
    their paths are not those."""
    times, digests = inputs
    paths = last.inputs.paths
    if len(paths) != len(times) or not all(path in times for path in paths):
        return dict(times), dict(digests)
    return StoredTimes(_row_of(last.inputs, rows),
                       array("q", (times[path][0] for path in paths)).tobytes(),
                       array("q", (times[path][1] for path in paths)).tobytes(),
                       bytes.fromhex("".join(digests.get(path, _UNKNOWN) for path in paths)))


def read_times(value: object, rows: Names) -> Inputs | None:
    """The sizes, times and digests ``stored_times`` made ``value`` of; None when
    the list of paths they follow is no longer stored."""
    if isinstance(value, tuple) and len(value) == 2 \
            and all(isinstance(part, dict) for part in value):
        return value[0], value[1]
    if not isinstance(value, StoredTimes) or value.names not in rows:
        return None
    sizes, times = array("q"), array("q")
    sizes.frombytes(value.sizes)
    times.frombytes(value.times)
    paths = rows[value.names].split("\0") if rows[value.names] else []
    if not len(paths) == len(sizes) == len(times):
        return None
    return dict(zip(paths, zip(sizes, times))), _digests(paths, value.digests)


def _digests(paths: list[str], packed: bytes) -> Digests:
    """The known digests of ``paths`` from their packed bytes (none if the row
    holds none for them): one conversion of the whole array, then slices, as
    an edit's build reads them all."""
    if len(packed) != DIGEST_SIZE * len(paths):
        return {}
    text, width = packed.hex(), 2 * DIGEST_SIZE
    pairs = zip(paths, (text[at:at + width] for at in range(0, len(text), width)))
    return {path: value for path, value in pairs if value != _UNKNOWN}
