"""The signed files of the build cache: a format line, a signature, a pickle.

A pickle can run code when loaded, so a cache file is never trusted blindly:
it starts with a format line naming the cache format and briefing's code
version, and is signed with a key kept outside the project (in the user's
cache folder). One that is corrupt, signed by another key (copied from
another machine or committed by someone else) or written by another version
of briefing is discarded with a warning, never unpickled.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from briefing.core.errors import Diagnostics
from briefing.core.hashing import user_cache_dir
from briefing.engine.code_version import code_version

# The cache's format: bumped whenever what it holds changes meaning (its keys
# included), so an old cache is discarded cleanly rather than misread.
FORMAT = b"briefing build cache 5\n"
SIGNATURE_LENGTH = 64  # hex digits of a 32-byte BLAKE2b digest


def header() -> bytes:
    """The first line of every cache file: format and code version."""
    return FORMAT + code_version().encode() + b"\n"


def discard(path: Path, diagnostics: Diagnostics, why: str) -> None:
    diagnostics.warning(path, None, f"the build cache {why}; ignoring it and building "
                        "from scratch (it is rewritten after this build)")


def write_signed(target: Path, key: bytes, body: bytes) -> bytes:
    """Write ``body`` signed, atomically; its signature (which names it)."""
    signature = sign(key, body)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
    with temporary.open("wb") as out:  # in pieces: no second copy of a large body
        out.write(header())
        out.write(signature + b"\n")
        out.write(body)
    os.replace(temporary, target)
    return signature


def write_streamed(target: Path, key: bytes, value: object) -> tuple[bytes, int]:
    """Like :func:`write_signed`, pickling straight into the file: the work of a
    large site pickles to hundreds of megabytes, which would otherwise be held
    in memory, beside the objects, at the peak of the build. The signature's
    place is kept blank (it has a fixed length) and written last."""
    start = header()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
    try:
        with temporary.open("w+b") as out:
            out.write(start + b" " * SIGNATURE_LENGTH + b"\n")
            signing = Signing(out, hashlib.blake2b(key=key[:64], digest_size=32))
            pickle.dump(value, signing, protocol=pickle.HIGHEST_PROTOCOL)
            signature = signing.mac.hexdigest().encode()
            out.seek(len(start))
            out.write(signature)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)  # half a pickle is of no use to anyone
        raise
    return signature, signing.size


def read_signed(target: Path, key: bytes, diagnostics: Diagnostics
                ) -> tuple[bytes, memoryview] | None:
    """The signature and body of a file this user's briefing wrote, or None."""
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return discard(target, diagnostics, f"cannot be read ({exc.strerror})")
    start, signature, body = _split(data)
    if start != header():
        return discard(target, diagnostics, "was written by another version of briefing")
    if not hmac.compare_digest(signature, sign(key, body)):
        return discard(target, diagnostics, "is corrupt or was not written on this machine")
    return signature, body


def unpickle(body: bytes | memoryview) -> Any:
    """Unpickle with the cyclic garbage collector paused: loading millions of
    objects otherwise triggers collection after collection over all of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(body)  # signed by this user's key (see read_signed)
    finally:
        if enabled:
            gc.enable()


def _split(data: bytes) -> tuple[bytes, bytes, memoryview]:
    """Header, signature and body; the body a view of ``data``, not a copy of it
    (the cache of a large site is hundreds of megabytes)."""
    first = data.find(b"\n", len(FORMAT)) + 1
    second = data.find(b"\n", first) + 1
    if first <= 0 or second <= 0:
        return b"", b"", memoryview(b"")
    return data[:first], data[first:second - 1], memoryview(data)[second:]


@dataclass
class Signing:
    """A file that signs what is written to it (for :func:`write_streamed`)."""

    out: IO[bytes]
    mac: Any  # hashlib's BLAKE2b, keyed
    size: int = 0

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        self.size += len(data)
        return self.out.write(data)


def sign(key: bytes, body: bytes | memoryview) -> bytes:
    """BLAKE2b in its keyed mode, a MAC: twice as fast as HMAC-SHA256 here, which
    matters for a cache of hundreds of megabytes."""
    return hashlib.blake2b(body, key=key[:64], digest_size=32).hexdigest().encode()


def user_key() -> bytes | None:
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
