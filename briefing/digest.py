"""The hashes of a build: fingerprints of what it reads, digests of what it writes,
and the signature of code that can reuse a value computed by an earlier build."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
# remember(kind, key, compute): compute(), or the value an earlier build computed
# for the same kind and key (see incremental.BuildCache.remember).
Remember = Callable[[str, str, Callable[[], T]], T]


def compute_now(kind: str, key: str, compute: Callable[[], T]) -> T:
    """A Remember that remembers nothing (no cache)."""
    return compute()


def digest(data: bytes) -> str:
    """A short, collision-resistant name for some bytes (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: object) -> str:
    """A content hash of dataclasses and plain values (their repr is deterministic)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def tree_fingerprint(folders: Iterable[Path]) -> str:
    """A hash of every file's path and bytes under ``folders`` (templates, theme, static)."""
    hasher = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(str(path).encode("utf-8") + b"\x00" + path.read_bytes() + b"\x00")
    return hasher.hexdigest()
