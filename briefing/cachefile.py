"""The build cache on disk: ``.briefing-cache/`` next to site.yml.

One file per output directory and build options, so building the same site
into two places (``--out``) does not make each build undo the other's cache.

The file is a pickle, which can run code when loaded, so it is never trusted
blindly: it starts with a format line naming briefing's code version, and is
signed with a key kept outside the project (in the user's cache folder). A
file that is corrupt, signed by another key (copied from another machine or
committed by someone else) or written by another version of briefing is
discarded with a warning and the build starts from scratch. Without a usable
key folder the build simply runs without a cache.
"""

from __future__ import annotations

import copyreg
import gc
import hashlib
import hmac
import os
import pickle
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefing.digest import user_cache_dir
from briefing.errors import Diagnostics
from briefing.incremental import BuildCache, LastBuild
from briefing.stamp import code_roots, take_stamp

CACHE_DIR = ".briefing-cache"
_MAGIC = b"briefing build cache 3\n"


def read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


def _pickle_mapping_proxy(proxy: MappingProxyType) -> tuple:
    return read_only, (dict(proxy),)


# The model's read-only mappings (MappingProxyType) pickle as what they wrap.
copyreg.pickle(MappingProxyType, _pickle_mapping_proxy)


@dataclass(frozen=True)
class CacheFile:
    """Two signed files: ``.last`` (small: what the last build read, wrote and said,
    all a build with nothing to do reads) and ``.work`` (large: merged pages and
    other reusable work, and the digest of every file the last build wrote),
    read only when the build has something to do."""

    path: Path  # without suffix
    key: bytes

    def load(self, diagnostics: Diagnostics) -> BuildCache:
        """The cache as the last build left it, or an empty one (with a warning if
        a file was there but could not be trusted)."""
        last = self._read(".last", LastBuild, diagnostics)
        if last is None:
            return BuildCache()

        def work() -> tuple[dict, dict, dict | None]:
            found = self._read(".work", tuple, diagnostics)
            return found if found is not None and len(found) == 3 else ({}, {}, None)

        return BuildCache(last=last, loader=work)

    def save(self, cache: BuildCache, diagnostics: Diagnostics) -> None:
        """Write atomically; a cache that cannot be written costs speed, not the build."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.path.parent)
            written = cache.last.written if cache.last else None
            self._write(".work", (cache.entries, cache.memo, written))
            self._write(".last", replace(cache.last, written=None) if cache.last else None)
        except OSError as exc:
            diagnostics.warning(self.path.parent, None, f"could not write the build cache "
                                f"({exc.strerror}); the next build starts from scratch")
            return
        with suppress(OSError):  # another build pruning at the same moment: no matter
            prune(self.path.parent, keep=self.path.name)

    def _write(self, suffix: str, value: object) -> None:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = _MAGIC + code_version().encode() + b"\n"
        target = self.path.with_suffix(suffix)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
        with temporary.open("wb") as out:  # in pieces: no second copy of a large body
            out.write(header)
            out.write(_sign(self.key, body) + b"\n")
            out.write(body)
        os.replace(temporary, target)

    def _read(self, suffix: str, kind: type, diagnostics: Diagnostics) -> Any:
        target = self.path.with_suffix(suffix)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return _discard(target, diagnostics, f"cannot be read ({exc.strerror})")
        header, signature, body = _split(data)
        if header != _MAGIC + code_version().encode() + b"\n":
            return _discard(target, diagnostics, "was written by another version of briefing")
        if not hmac.compare_digest(signature, _sign(self.key, body)):
            return _discard(target, diagnostics,
                            "is corrupt or was not written on this machine")
        try:
            value = _unpickle(body)
        except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
            return _discard(target, diagnostics, "is corrupt")
        return value if isinstance(value, kind) else _discard(target, diagnostics, "is corrupt")


def _discard(path: Path, diagnostics: Diagnostics, why: str) -> None:
    diagnostics.warning(path, None, f"the build cache {why}; ignoring it and building "
                        "from scratch (it is rewritten after this build)")


KEPT_OTHERS = 3  # caches of other build settings (--out, --drafts, ...) kept beside this one


def prune(folder: Path, keep: str) -> None:
    """Remove the caches of all but the :data:`KEPT_OTHERS` most recently written
    other build settings, and temporary files a killed build left behind: each
    cache of a large site is hundreds of megabytes, and one is made for every
    output directory and set of options ever used. Only files named as briefing
    names its own are touched."""
    groups: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        stem = path.name.removesuffix(".last").removesuffix(".work")
        if stem.startswith("build-") and path.suffix in (".last", ".work") and stem != keep:
            groups.setdefault(stem, []).append(path)
        elif path.name.startswith(".build-") and path.name.endswith(".new") \
                and time.time() - path.stat().st_mtime > STALE_TEMPORARY_S:
            path.unlink(missing_ok=True)
    by_age = sorted(groups.values(), key=lambda files: max(f.stat().st_mtime_ns for f in files),
                    reverse=True)
    for files in by_age[KEPT_OTHERS:]:
        for path in files:
            path.unlink(missing_ok=True)


STALE_TEMPORARY_S = 3600  # a cache being written is never this old


def cache_file(root: Path, settings: str) -> CacheFile | None:
    """The cache file for a build of the site at ``root`` with ``settings`` (output
    directory and options); None when no signing key can be kept."""
    key = _user_key()
    if key is None:
        return None
    name = hashlib.blake2b(settings.encode(), digest_size=8).hexdigest()
    return CacheFile(root / CACHE_DIR / f"build-{name}", key)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of briefing's own files (paths, sizes and times): new code, new cache.
    Taken once per process, which runs the code it loaded whatever happens to
    the files later; that is also why builds need not stamp the code again."""
    stamp = take_stamp(code_roots(), "", hash_racy=False)
    return hashlib.blake2b(f"{stamp.names}\0{stamp.times}".encode(),
                           digest_size=12).hexdigest()


def _unpickle(body: bytes | memoryview) -> Any:
    """Unpickle with the cyclic garbage collector paused: loading millions of
    objects otherwise triggers collection after collection over all of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(body)  # noqa: S301 - signed by this user's key (see _read)
    finally:
        if enabled:
            gc.enable()


def _split(data: bytes) -> tuple[bytes, bytes, memoryview]:
    """Header, signature and body; the body a view of ``data``, not a copy of it
    (the cache of a large site is hundreds of megabytes)."""
    first = data.find(b"\n", len(_MAGIC)) + 1
    second = data.find(b"\n", first) + 1
    if first <= 0 or second <= 0:
        return b"", b"", memoryview(b"")
    return data[:first], data[first:second - 1], memoryview(data)[second:]


def _sign(key: bytes, body: bytes | memoryview) -> bytes:
    """BLAKE2b in its keyed mode, a MAC: twice as fast as HMAC-SHA256 here, which
    matters for a cache of hundreds of megabytes."""
    return hashlib.blake2b(body, key=key[:64], digest_size=32).hexdigest().encode()


def _user_key() -> bytes | None:
    """This user's secret for signing caches, created on first use (mode 0600)."""
    path = user_cache_dir() / "cache-key"
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    import secrets  # only the first build of this user makes a key

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    except FileExistsError:
        pass  # another build made it at the same moment
    except OSError:
        return None
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _ignore_in_git(folder: Path) -> None:
    """The cache is nobody's source: keep it out of commits, as Git's own folders are."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# Written by briefing: the build cache is not source.\n*\n",
                          encoding="utf-8")
