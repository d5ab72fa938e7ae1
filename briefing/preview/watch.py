"""Noticing changed source files by polling their metadata.

Polling ``stat`` is portable (no inotify/FSEvents dependency, works in
containers and on network mounts) and cheap for a briefing's few hundred
files. Each poll compares a snapshot of (mtime, size, inode) per file with the
previous one and reports added, changed and removed files; inode catches
editors that save by renaming a new file over the old one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int, int]]

# Editor droppings that are not content: Vim swap/backup files and its
# write-test file "4913", Emacs lock and backup files.
_IGNORED_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp")
_IGNORED_NAMES = {"4913", ".DS_Store"}


def ignored(name: str) -> bool:
    """Whether a file name is editor or OS noise that must not trigger a rebuild."""
    return (name in _IGNORED_NAMES or name.startswith(".#")
            or name.endswith(_IGNORED_SUFFIXES))


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Stat every file under ``roots`` (files or folders; missing ones are skipped)."""
    result: Snapshot = {}
    for root in roots:
        if root.is_file():
            _add(result, str(root))
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not ignored(name):
                    _add(result, os.path.join(folder, name))
    return result


def _add(result: Snapshot, path: str) -> None:
    try:
        info = os.stat(path)
    except OSError:  # removed between listing and stat: the next poll sees it gone
        return
    result[path] = (info.st_mtime_ns, info.st_size, info.st_ino)


def changed(before: Snapshot, after: Snapshot) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys()
            if before.get(path) != after.get(path)}


class Watcher:
    """Remembers the last snapshot of a set of roots and reports what changed since."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self._roots = list(roots)
        self._last = snapshot(self._roots)

    def set_roots(self, roots: Iterable[Path]) -> None:
        """Watch other roots (site.yml may name another theme or content folder)."""
        roots = list(roots)
        if roots != self._roots:
            self._roots = roots
            self._last = snapshot(roots)

    def poll(self) -> set[str]:
        """Absolute paths of files that changed since the previous poll."""
        current = snapshot(self._roots)
        result = changed(self._last, current)
        self._last = current
        return result
