"""Has anything a build reads changed since the last build? Answered from file
metadata alone, so a build with nothing to do costs a directory walk.

An *input stamp* lists every file a build may read (site.yml, the content
folder, the site's templates and static files, the theme, briefing's own code
and the Pagefind binary) with its size and modification time, as ``make`` and
Git compare them. Like Git's index, it does not trust a file modified within
:data:`RACY_NS` of the moment the stamp was taken: a second edit in the same
clock tick could keep both its size and its time. Such files are also stamped
with a hash of their bytes, which is compared instead.

An *output stamp* does the same for the files the last build wrote, so a page
deleted or edited by hand in the output directory is noticed and rebuilt.

Nothing here imports the pipeline: the "nothing changed" answer must be cheap.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing.digest import digest

RACY_NS = 3_000_000_000  # files younger than this when stamped are also hashed
_PACKAGE = Path(__file__).resolve().parent
# Wheels carry the default theme inside the package; a source checkout keeps it
# at the repository root. (Here, not in theme.py, which imports Jinja.)
BUILTIN_THEME_DIRS = (_PACKAGE / "themes", _PACKAGE.parent / "themes")

FileState = tuple[int, int, str]  # size, mtime in ns, hash of the bytes ("" when not racy)


@dataclass(frozen=True)
class Stamp:
    """What a set of files looked like, keyed by absolute path, plus settings."""

    settings: str
    files: tuple[tuple[str, FileState], ...]

    def matches(self, other: Stamp) -> bool:
        """True when ``other`` (taken now) shows the same files, unchanged."""
        if self.settings != other.settings or len(self.files) != len(other.files):
            return False
        for (path, (size, mtime, hashed)), (now_path, now) in zip(self.files, other.files):
            if path != now_path or (size, mtime) != now[:2]:
                return False
            if hashed and hashed != file_digest(Path(path)):
                return False
        return True


def take_stamp(roots: Iterable[Path], settings: str, hash_racy: bool = True) -> Stamp:
    """Stamp every file under ``roots`` (files or folders; missing ones are skipped).

    ``hash_racy=False`` for files briefing itself just wrote (the output), whose
    bytes it knows: only an edit by hand would change them.
    """
    racy_after = time.time_ns() - RACY_NS if hash_racy else None
    entries = []
    for path, stat in sorted(_walk(roots)):
        racy = racy_after is not None and stat.st_mtime_ns > racy_after
        hashed = file_digest(Path(path)) if racy else ""
        entries.append((path, (stat.st_size, stat.st_mtime_ns, hashed)))
    return Stamp(settings, tuple(entries))


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


def code_roots() -> list[Path]:
    """briefing's own source: a new version of the code means a new build."""
    return [_PACKAGE]


def _walk(roots: Iterable[Path]) -> Iterator[tuple[str, os.stat_result]]:
    seen: set[str] = set()
    for root in roots:
        text = str(root)
        if text in seen:
            continue
        seen.add(text)
        try:
            stat = os.stat(text)
        except OSError:
            continue
        if os.path.isdir(text):
            yield from _walk_dir(text, seen)
        else:
            yield text, stat


def _walk_dir(folder: str, seen: set[str]) -> Iterator[tuple[str, os.stat_result]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__" or entry.name.startswith(".briefing-cache"):
            continue
        if entry.is_dir(follow_symlinks=True):
            if entry.path not in seen:
                seen.add(entry.path)
                yield from _walk_dir(entry.path, seen)
        elif entry.is_file(follow_symlinks=True):
            yield entry.path, entry.stat(follow_symlinks=True)
