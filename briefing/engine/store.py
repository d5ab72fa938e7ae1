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
import shutil
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from briefing.core.hashing import user_cache_dir
from briefing.core.errors import Diagnostics, OutputDirError
from briefing.engine.incremental import BuildCache, LastBuild, StoredWork
from briefing.engine.stamp import code_roots, take_stamp

CACHE_DIR = ".briefing-cache"
_MAGIC = b"briefing build cache 4\n"


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
    each build since ``.work`` was written set and removed, in order.

    Saving everything after every build would cost seconds for a large site
    (hundreds of megabytes of pickle) when an edit changed a few pages, so a
    build appends its changes instead, and the next one applies them to
    ``.work`` as it reads it, as a database applies its log. Once the changes
    add up to a quarter of ``.work`` (:data:`MAX_CHANGES_SHARE`), there are
    :data:`MAX_RECORDS` of them, or one build changed more than an eighth of
    the articles, everything is written anew. ``.last`` names the
    record (or the ``.work``) that goes with it; one that is missing, as when a
    build was killed between the two, means the cache is not used.
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
            if not self._append_changes(cache):
                self._write_all(cache)
            self._write(".last", replace(cache.last, written=None))
            cache.saved()
        except OSError as exc:
            diagnostics.warning(self.path.parent, None, f"could not write the build cache "
                                f"({exc.strerror}); the next build starts from scratch")
            return
        with suppress(OSError):  # another build pruning at the same moment: no matter
            prune(self.path.parent, keep=self.path.name)

    def _write_all(self, cache: BuildCache) -> None:
        assert cache.last is not None
        signature, size = self._write_streamed(".work", (cache.entries, cache.memo,
                                                         cache.last.written))
        self.path.with_suffix(".changes").unlink(missing_ok=True)
        cache.last.work = signature.decode()
        cache.stored = _Log(cache.last.work, size)

    def _append_changes(self, cache: BuildCache) -> bool:
        """Append what this build changed to ``.changes``; False when everything
        should be written anew instead (see the class)."""
        log, changes = cache.stored, cache.changes()
        if not isinstance(log, _Log) or changes is None or cache.last is None \
                or changes.size > len(cache.entries) // 8 + 64 or log.records >= MAX_RECORDS:
            return False
        body = pickle.dumps((log.records, log.base, changes), protocol=pickle.HIGHEST_PROTOCOL)
        if log.size + len(body) > log.base_size // MAX_CHANGES_SHARE:
            return False
        signature = _sign(self.key, body)
        record = f"{len(body)} ".encode() + signature + b"\n"
        target = self.path.with_suffix(".changes")
        if log.end == 0:  # the first record since .work: a new file, whole or not at all
            temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
            temporary.write_bytes(self._changes_header(log.base) + record + body)
            os.replace(temporary, target)
            end = len(self._changes_header(log.base)) + len(record) + len(body)
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
        cache.stored = _Log(log.base, log.base_size, end, log.records + 1,
                            log.size + len(record) + len(body))
        return True

    def _read_work(self, wanted: str, diagnostics: Diagnostics) -> StoredWork:
        """``.work`` with the changes in ``.changes`` applied, up to the record
        ``wanted`` (which the last build's ``.last`` names); nothing reusable
        when that cannot be found."""
        empty = StoredWork({}, {}, None)
        found = self._read_body(".work", diagnostics)
        if found is None:
            return empty
        signature, body = found
        work = self._unpickle_work(body, diagnostics)
        if work is None:
            return empty
        base = signature.decode()
        log = _Log(base, len(body)) if wanted == base else \
            self._apply_changes(base, len(body), wanted, work)
        if log is None:
            _discard(self.path.with_suffix(".changes"), diagnostics,
                     "does not hold the last build's changes (was a build interrupted?)")
            return empty
        return replace(work, stored=log)

    def _unpickle_work(self, body: memoryview, diagnostics: Diagnostics) -> StoredWork | None:
        try:
            value = _unpickle(body)
        except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
            value = None
        if not (isinstance(value, tuple) and len(value) == 3):
            return _discard(self.path.with_suffix(".work"), diagnostics, "is corrupt")
        return StoredWork(*value)

    def _apply_changes(self, base: str, base_size: int, wanted: str,
                       work: StoredWork) -> _Log | None:
        """Apply the records of ``.changes`` made for ``base`` to ``work``, in
        order, until the one signed ``wanted``; None if it is not there. A
        record that is torn (a build killed while appending) or not signed by
        this user's key ends the search."""
        try:
            data = self.path.with_suffix(".changes").read_bytes()
        except OSError:
            return None
        header = self._changes_header(base)
        position, index = len(header), 0
        if not data.startswith(header):
            return None
        while position < len(data):
            line_end = data.find(b"\n", position)
            length, _, signature = data[position:line_end].partition(b" ")
            if line_end < 0 or not length.isdigit():
                return None
            start = line_end + 1
            body = memoryview(data)[start:start + int(length)]
            if len(body) != int(length) or not hmac.compare_digest(signature,
                                                                   _sign(self.key, body)):
                return None
            try:
                number, for_base, changes = _unpickle(body)
            except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
                return None
            if (number, for_base) != (index, base):
                return None
            changes.apply(work)
            position, index = start + len(body), index + 1
            if signature.decode() == wanted:
                return _Log(base, base_size, position, index, position - len(header))
        return None

    def _changes_header(self, base: str) -> bytes:
        return _MAGIC + code_version().encode() + b"\n" + base.encode() + b"\n"

    def _write(self, suffix: str, value: object) -> bytes:
        return self._write_body(suffix, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _write_body(self, suffix: str, body: bytes) -> bytes:
        """Write ``body`` signed, atomically; its signature (which names it)."""
        header = _MAGIC + code_version().encode() + b"\n"
        signature = _sign(self.key, body)
        target = self.path.with_suffix(suffix)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
        with temporary.open("wb") as out:  # in pieces: no second copy of a large body
            out.write(header)
            out.write(signature + b"\n")
            out.write(body)
        os.replace(temporary, target)
        return signature

    def _write_streamed(self, suffix: str, value: object) -> tuple[bytes, int]:
        """Like :meth:`_write_body`, pickling straight into the file: the work of a
        large site pickles to hundreds of megabytes, which would otherwise be held
        in memory, beside the objects, at the peak of the build. The signature's
        place is kept blank (it has a fixed length) and written last."""
        header = _MAGIC + code_version().encode() + b"\n"
        target = self.path.with_suffix(suffix)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
        try:
            with temporary.open("w+b") as out:
                out.write(header + b" " * SIGNATURE_LENGTH + b"\n")
                signing = _Signing(out, hashlib.blake2b(key=self.key[:64], digest_size=32))
                pickle.dump(value, signing, protocol=pickle.HIGHEST_PROTOCOL)
                signature = signing.mac.hexdigest().encode()
                out.seek(len(header))
                out.write(signature)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)  # half a pickle is of no use to anyone
            raise
        return signature, signing.size

    def _read(self, suffix: str, kind: type, diagnostics: Diagnostics) -> Any:
        found = self._read_body(suffix, diagnostics)
        if found is None:
            return None
        target = self.path.with_suffix(suffix)
        try:
            value = _unpickle(found[1])
        except Exception:  # noqa: BLE001 - any unpickling failure means: do not trust it
            return _discard(target, diagnostics, "is corrupt")
        return value if isinstance(value, kind) else _discard(target, diagnostics, "is corrupt")

    def _read_body(self, suffix: str, diagnostics: Diagnostics
                   ) -> tuple[bytes, memoryview] | None:
        """The signature and body of a file this user's briefing wrote, or None."""
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
        return signature, body


MAX_CHANGES_SHARE = 4  # changes past a quarter of .work's size: write everything anew
MAX_RECORDS = 200  # or past this many builds' changes


@dataclass(frozen=True)
class _Log:
    """Where a cache's work was read from: which ``.work`` (its signature and
    size) and how far ``.changes`` goes with it (0: no record yet)."""

    base: str
    base_size: int
    end: int = 0
    records: int = 0
    size: int = 0  # bytes of records


def _discard(path: Path, diagnostics: Diagnostics, why: str) -> None:
    diagnostics.warning(path, None, f"the build cache {why}; ignoring it and building "
                        "from scratch (it is rewritten after this build)")


SUFFIXES = (".last", ".work", ".changes")  # of a cache's files
KEPT_OTHERS = 3  # caches of other build settings (--out, --drafts, ...) kept beside this one
PREVIEW_PREFIX = "preview-"  # the output folders of `briefing serve` (preview/rebuild.py)


def prune(folder: Path, keep: str) -> None:
    """Remove the caches of all but the :data:`KEPT_OTHERS` most recently written
    other build settings, and temporary files a killed build left behind: each
    cache of a large site is hundreds of megabytes, and one is made for every
    output directory and set of options ever used. Only files named as briefing
    names its own are touched."""
    groups: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        stem = path.name.removesuffix(path.suffix)
        if stem.startswith("build-") and path.suffix in SUFFIXES and stem != keep:
            groups.setdefault(stem, []).append(path)
        elif path.name.startswith(".build-") and path.name.endswith(".new") \
                and time.time() - path.stat().st_mtime > STALE_TEMPORARY_S:
            path.unlink(missing_ok=True)
        elif path.name.startswith(f".{PREVIEW_PREFIX}") and path.is_dir() \
                and time.time() - path.stat().st_mtime > STALE_TEMPORARY_S:
            shutil.rmtree(path, ignore_errors=True)  # a killed preview's staging folder
    by_age = sorted(groups.values(), key=lambda files: max(f.stat().st_mtime_ns for f in files),
                    reverse=True)
    for files in by_age[KEPT_OTHERS:]:
        for path in files:
            path.unlink(missing_ok=True)
    _prune_previews(folder)


def _prune_previews(folder: Path) -> None:
    """Remove all but the :data:`KEPT_OTHERS` most recently built preview output
    folders (one per address ``briefing serve`` ever used), each only if it
    holds nothing but the files its manifest lists and was last built over an
    hour ago (its server may still be running)."""
    from briefing.write.site_writer import MANIFEST, check_replaceable  # only once a build has run

    built = sorted(((path / MANIFEST).stat().st_mtime_ns, path) for path in folder.iterdir()
                   if path.name.startswith(PREVIEW_PREFIX) and (path / MANIFEST).is_file())
    stale = time.time_ns() - STALE_TEMPORARY_S * 10**9
    for _, path in [(when, path) for when, path in built[:-KEPT_OTHERS] if when < stale]:
        with suppress(OutputDirError):
            check_replaceable(path)
            shutil.rmtree(path)


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


SIGNATURE_LENGTH = 64  # hex digits of a 32-byte BLAKE2b digest


@dataclass
class _Signing:
    """A file that signs what is written to it (for :meth:`CacheFile._write_streamed`)."""

    out: IO[bytes]
    mac: Any  # hashlib's BLAKE2b, keyed
    size: int = 0

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        self.size += len(data)
        return self.out.write(data)


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
