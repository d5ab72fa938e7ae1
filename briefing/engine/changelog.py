"""The build cache's log of changes: ``.changes``, appended to after each build.

Saving all the reusable work after every build would cost seconds for a large
site (hundreds of megabytes of pickle) when an edit changed a few pages, so a
build appends what it set and removed (incremental.Changes) as one signed
record, and the next one applies the records to ``.work`` as it reads it, as
a database replays its log. Each record names its ``.work`` and its place in
the log; a torn record (a build killed while appending) or one not signed by
this user's key ends the replay.
"""

from __future__ import annotations

import hmac
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from briefing.engine.incremental import BuildCache, StoredWork
from briefing.engine.signing import header, sign, unpickle

MAX_CHANGES_SHARE = 4  # changes past a quarter of .work's size: write everything anew
MAX_RECORDS = 200  # or past this many builds' changes


@dataclass(frozen=True)
class Log:
    """Where a cache's work was read from: which ``.work`` (its signature and
    size) and how far ``.changes`` goes with it (0: no record yet)."""

    base: str
    base_size: int
    end: int = 0
    records: int = 0
    size: int = 0  # bytes of records


def changes_header(base: str) -> bytes:
    return header() + base.encode() + b"\n"


def append_changes(target: Path, key: bytes, cache: BuildCache) -> bool:
    """Append what this build changed to ``target`` (``.changes``); False when
    everything should be written anew instead (see store.CacheFile)."""
    log, changes = cache.stored, cache.changes()
    if not isinstance(log, Log) or changes is None or cache.last is None \
            or changes.size > len(cache.entries) // 8 + 64 or log.records >= MAX_RECORDS:
        return False
    body = pickle.dumps((log.records, log.base, changes), protocol=pickle.HIGHEST_PROTOCOL)
    if log.size + len(body) > log.base_size // MAX_CHANGES_SHARE:
        return False
    signature = sign(key, body)
    record = f"{len(body)} ".encode() + signature + b"\n"
    if log.end == 0:  # the first record since .work: a new file, whole or not at all
        temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
        temporary.write_bytes(changes_header(log.base) + record + body)
        os.replace(temporary, target)
        end = len(changes_header(log.base)) + len(record) + len(body)
    else:
        try:
            out = target.open("r+b")
        except FileNotFoundError:  # another build wrote everything anew meanwhile
            return False
        with out:
            if out.seek(0, os.SEEK_END) != log.end:  # not as this build read it
                return False
            out.write(record)
            out.write(body)
        end = log.end + len(record) + len(body)
    cache.last.work = signature.decode()
    cache.stored = Log(log.base, log.base_size, end, log.records + 1,
                       log.size + len(record) + len(body))
    return True


def apply_changes(target: Path, key: bytes, base: Log, wanted: str,
                  work: StoredWork) -> Log | None:
    """Apply the records of ``target`` made for the ``.work`` ``base`` names to
    ``work``, in order, until the one signed ``wanted``; None if it is not there."""
    try:
        data = target.read_bytes()
    except OSError:
        return None
    start = changes_header(base.base)
    position, index = len(start), 0
    if not data.startswith(start):
        return None
    while position < len(data):
        line_end = data.find(b"\n", position)
        length, _, signature = data[position:line_end].partition(b" ")
        if line_end < 0 or not length.isdigit():
            return None
        begin = line_end + 1
        body = memoryview(data)[begin:begin + int(length)]
        if len(body) != int(length) or not hmac.compare_digest(signature, sign(key, body)):
            return None
        try:
            number, for_base, changes = unpickle(body)
        except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
            return None
        if (number, for_base) != (index, base.base):
            return None
        changes.apply(work)
        position, index = begin + len(body), index + 1
        if signature.decode() == wanted:
            return Log(base.base, base.base_size, position, index, position - len(start))
    return None
