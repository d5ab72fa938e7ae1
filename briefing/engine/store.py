"""The build cache on disk: ``.briefing-cache/`` next to site.yml.

One set of files per output directory and build options, so building the same
site into two places (``--out``) does not make each build undo the other's
cache. Each file is signed (signing.py); without a usable key folder the build
simply runs without a cache.
"""

from __future__ import annotations

import copyreg
import hashlib
import pickle
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefing.core.errors import Diagnostics
from briefing.engine.changelog import Log, append_changes, apply_changes
from briefing.engine.incremental import BuildCache, LastBuild, StoredWork
from briefing.engine.prune import prune
from briefing.engine.signing import (
    discard,
    read_signed,
    unpickle,
    user_key,
    write_signed,
    write_streamed,
)

CACHE_DIR = ".briefing-cache"


def read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


def _pickle_mapping_proxy(proxy: MappingProxyType) -> tuple:
    return read_only, (dict(proxy),)


# The model's read-only mappings (MappingProxyType) pickle as what they wrap.
copyreg.pickle(MappingProxyType, _pickle_mapping_proxy)


@dataclass(frozen=True)
class CacheFile:
    """Three signed files: ``.last`` (small: what the last build read, wrote and
    said, all a build with nothing to do reads), ``.work`` (large: merged pages
    and other reusable work, and the digest of every file the last build
    wrote), read only when the build has something to do, and ``.changes``: what
    each build since ``.work`` was written set and removed, in order
    (changelog.py).

    Once the changes add up to a quarter of ``.work``
    (changelog.MAX_CHANGES_SHARE), there are changelog.MAX_RECORDS of them, or
    one build changed more than an eighth of the articles, everything is
    written anew. ``.last`` names the record (or the ``.work``) that goes with
    it; one that is missing, as when a build was killed between the two, means
    the cache is not used.
    """

    path: Path  # without suffix
    key: bytes

    def load(self, diagnostics: Diagnostics) -> BuildCache:
        """The cache as the last build left it, or an empty one (with a warning if
        a file was there but could not be trusted)."""
        last = self._read(".last", LastBuild, diagnostics)
        if last is None:
            return BuildCache()
        return BuildCache(last=last, loader=lambda: self._read_work(last.work, diagnostics))

    def save(self, cache: BuildCache, diagnostics: Diagnostics) -> None:
        """Write atomically; a cache that cannot be written costs speed, not the build."""
        if cache.last is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.path.parent)
            if not append_changes(self.path.with_suffix(".changes"), self.key, cache):
                self._write_all(cache)
            body = pickle.dumps(replace(cache.last, written=None),
                                protocol=pickle.HIGHEST_PROTOCOL)
            write_signed(self.path.with_suffix(".last"), self.key, body)
            cache.saved()
        except OSError as exc:
            diagnostics.warning(self.path.parent, None, f"could not write the build cache "
                                f"({exc.strerror}); the next build starts from scratch")
            return
        with suppress(OSError):  # another build pruning at the same moment: no matter
            prune(self.path.parent, keep=self.path.name)

    def _write_all(self, cache: BuildCache) -> None:
        assert cache.last is not None
        signature, size = write_streamed(self.path.with_suffix(".work"), self.key,
                                         (cache.entries, cache.memo, cache.last.written))
        self.path.with_suffix(".changes").unlink(missing_ok=True)
        cache.last.work = signature.decode()
        cache.stored = Log(cache.last.work, size)

    def _read_work(self, wanted: str, diagnostics: Diagnostics) -> StoredWork:
        """``.work`` with the changes in ``.changes`` applied, up to the record
        ``wanted`` (which the last build's ``.last`` names); nothing reusable
        when that cannot be found."""
        empty = StoredWork({}, {}, None)
        found = read_signed(self.path.with_suffix(".work"), self.key, diagnostics)
        if found is None:
            return empty
        signature, body = found
        work = self._unpickle_work(body, diagnostics)
        if work is None:
            return empty
        base = Log(signature.decode(), len(body))
        log = base if wanted == base.base else \
            apply_changes(self.path.with_suffix(".changes"), self.key, base, wanted, work)
        if log is None:
            discard(self.path.with_suffix(".changes"), diagnostics,
                    "does not hold the last build's changes (was a build interrupted?)")
            return empty
        return replace(work, stored=log)

    def _unpickle_work(self, body: memoryview, diagnostics: Diagnostics) -> StoredWork | None:
        try:
            value = unpickle(body)
        except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
            value = None
        if not (isinstance(value, tuple) and len(value) == 3):
            return discard(self.path.with_suffix(".work"), diagnostics, "is corrupt")
        return StoredWork(*value)

    def _read(self, suffix: str, kind: type, diagnostics: Diagnostics) -> Any:
        target = self.path.with_suffix(suffix)
        found = read_signed(target, self.key, diagnostics)
        if found is None:
            return None
        try:
            value = unpickle(found[1])
        except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
            return discard(target, diagnostics, "is corrupt")
        return value if isinstance(value, kind) else discard(target, diagnostics, "is corrupt")


def cache_file(root: Path, settings: str) -> CacheFile | None:
    """The cache file for a build of the site at ``root`` with ``settings`` (output
    directory and options); None when no signing key can be kept."""
    key = user_key()
    if key is None:
        return None
    name = hashlib.blake2b(settings.encode(), digest_size=8).hexdigest()  # a name, not a key
    return CacheFile(root / CACHE_DIR / f"build-{name}", key)


def _ignore_in_git(folder: Path) -> None:
    """The cache is nobody's source: keep it out of commits, as Git's own folders are."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# Written by briefing: the build cache is not source.\n*\n",
                          encoding="utf-8")
