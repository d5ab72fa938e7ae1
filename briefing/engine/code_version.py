"""Which briefing wrote a cache: a hash of its own code, in every cache file's header."""

from __future__ import annotations

from functools import lru_cache

from briefing.core.hashing import key
from briefing.engine.stamp import code_roots, take_stamp


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of briefing's own files (paths, sizes and times): new code, new cache.
    Taken once per process, which runs the code it loaded whatever happens to
    the files later; that is also why builds need not stamp the code again."""
    stamp = take_stamp(code_roots(), "", hash_racy=False)
    return key(stamp.names, stamp.times)
