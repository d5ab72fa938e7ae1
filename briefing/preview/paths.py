"""Mapping request paths to files, without ever leaving the output directory.

The preview serves a directory that is rebuilt behind its back, from any URL a
browser (or anything else on the machine) sends. A request path is decoded
exactly once, refused if it could climb out (``..``, encoded ``%2e%2e`` or
``%2f``, backslashes, absolute paths, NUL), and finally resolved with every
symlink followed and checked to be inside the real root: the last check alone
would be enough, the first ones keep the intent readable.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

_FORBIDDEN = ("\\", "\x00")


def url_segments(url_path: str) -> list[str] | None:
    """The decoded path segments of ``url_path`` (relative to the base path), or None if unsafe."""
    try:
        decoded = unquote(url_path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if decoded.startswith("/") or any(c in decoded for c in _FORBIDDEN):
        return None
    segments = [s for s in decoded.split("/") if s not in ("", ".")]
    if any(s == ".." for s in segments):
        return None
    return segments


def is_inside(path: str, root: str) -> bool:
    """True if the real path ``path`` is ``root`` itself or below it (both already resolved)."""
    return os.path.commonpath([path, root]) == root


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The real file or directory ``url_path`` names under ``root``, or None.

    None means "not found" to the caller: unsafe paths, missing files and
    symlinks pointing outside ``root`` are all answered alike, with a 404.
    """
    segments = url_segments(url_path)
    if segments is None:
        return None
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, *segments))
    if not is_inside(real, real_root) or not os.path.exists(real):
        return None
    return Path(real)
