"""Which briefing wrote a store: a hash of its own code, kept in every store."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from briefing.core.hashing import digest, key
from briefing.core.package import PACKAGE_DIR
from briefing.engine.stamp import code_roots, take_stamp


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of briefing's own files: each one's path inside the package and its
    bytes. Not their times: a fresh checkout or install on a CI runner gives the
    same code new times, and must still find the store it restored usable
    (about 7 ms for the whole package). Taken once per process, which runs the
    code it loaded whatever happens to the files later."""
    stamp = take_stamp(code_roots(), "", hash_racy=False)
    return key(tuple((os.path.relpath(path, PACKAGE_DIR), digest(Path(path).read_bytes()))
                     for path in stamp.paths))
