"""Which briefing wrote a store: a hash of its own code, kept in every store."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from briefing.core.hashing import digest, key
from briefing.core.package import PACKAGE_DIR
from briefing.engine.stamp import Stamp, code_roots, take_stamp

_trusted: list[str] = []  # the hash a store vouched for (trust), when it could


def code_version() -> str:
    """A hash of briefing's own files: each one's path inside the package and its
    bytes. Not their times: a fresh checkout or install on a CI runner gives the
    same code new times, and must still find the store it restored usable.
    Taken once per process, which runs the code it loaded whatever happens to
    the files later; or taken from the store when the files are as they were
    when it was hashed (:func:`trust`)."""
    if _trusted:
        return _trusted[0]
    code_files()  # the times before the bytes: a voucher never binds newer times to older code
    return _hashed()


@lru_cache(maxsize=1)
def _code_stamp() -> Stamp:
    """The package's files, with their sizes and times: one walk (2 ms) for both
    the hash and the voucher, so both are of the same list of files."""
    return take_stamp(code_roots(), "", hash_racy=False)


@lru_cache(maxsize=1)
def _hashed() -> str:
    """Reading and hashing every file of the package: about 10 ms."""
    return key(tuple((os.path.relpath(path, PACKAGE_DIR), digest(Path(path).read_bytes()))
                     for path in _code_stamp().paths))


@lru_cache(maxsize=1)
def code_files() -> str:
    """A key of the package's files' paths, sizes and times, or '' when one
    changed in the last seconds (racily clean: its time proves nothing yet)."""
    stamp = _code_stamp()
    return "" if stamp.racy else key((stamp.names, stamp.times))


def vouched(version: str) -> str:
    """What a store keeps beside the code's hash: the files' key bound to it, so
    that a store whose hash row alone differs (another version's) is not trusted."""
    files = code_files()
    return key((files, version)) if files else ""


def trust(version: object, voucher: object) -> None:
    """Take ``version`` (a store's) as the code's hash without reading the files,
    when ``voucher`` is :func:`vouched` of it now: the files have the sizes and
    times they had when the store hashed them, as an input file whose size and
    time are unchanged is not read again."""
    if not _trusted and isinstance(version, str) and voucher \
            and voucher == vouched(version):
        _trusted.append(version)
