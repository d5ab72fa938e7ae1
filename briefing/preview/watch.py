"""Noticing changed source files by polling their metadata (and, where the
system can tell, by being told: notify.py).

Polling ``stat`` is portable (no dependency, works in containers and on
network mounts). A walk compares a snapshot of (mtime, size,
inode) per file with the previous one and reports added, changed and removed
files; inode catches editors that save by renaming a new file over the old one.
It walks the files the build's stamp walks, as the stamp does
(engine/stamp.walk), and reports every change, so the build can stamp its
inputs from the changes alone (engine/input_files.py); the caller asks
:meth:`Watcher.quiet` which changes are worth a build (not editor noise).

A walk is cheap for a few hundred files but not for an archive: 21,000 files
take 90 ms, and walking every 100 ms would keep a core busy and requests
waiting. So a walk starts only when the time since the last one is at least
:data:`WALK_PAUSE` times what that one took (at most a tenth of the time goes
to walking), and every poll in between looks again at the files that changed
lately (:data:`HOT_FILES`): the one an editor keeps saving is seen at once,
and a first save elsewhere at the next walk (within a second at 10,000
articles). Where the system tells of changes (a :class:`Notifier`, Linux's
inotify), the files it names are looked at in the next poll too, and a
folder that came or went, or lost events, make that poll a walk: any save is
then seen at once, and the walks remain as the safety net.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path

from briefing.engine.stamp import Spans, skipped, walk
from briefing.preview.notify import Notifier

Snapshot = dict[str, tuple[int, int, int]]
_STATE = attrgetter("st_mtime_ns", "st_size", "st_ino")
HOT_FILES = 64  # files that changed lately, looked at in every poll
WALK_PAUSE = 9.0  # times the last walk's cost to wait before the next walk

# Editor droppings that are not content: Vim swap/backup files and its
# write-test file "4913", Emacs lock and backup files.
_IGNORED_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp")
_IGNORED_NAMES = {"4913", ".DS_Store"}


def ignored(name: str) -> bool:
    """Whether a file name is editor or OS noise that must not trigger a rebuild."""
    return (name in _IGNORED_NAMES or name.startswith(".#")
            or name.endswith(_IGNORED_SUFFIXES))


def snapshot(roots: Iterable[Path], spans: Spans | None = None) -> Snapshot:
    """Stat every file under ``roots`` (files or folders; missing ones are
    skipped) that the build's stamp would: the same walk, so the same files
    (``spans`` is told the folders, as stamp.walk tells it)."""
    paths, stats = walk(roots, spans)
    return dict(zip(paths, map(_STATE, stats)))


def _state(path: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return None if stat.S_ISDIR(info.st_mode) else _STATE(info)


def changed(before: Snapshot, after: Snapshot) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys()
            if before.get(path) != after.get(path)}


class Watcher:
    """Remembers the last snapshot of a set of roots and reports what changed since."""

    def __init__(self, roots: Iterable[Path], clock: Callable[[], float] = time.monotonic,
                 notifier: Notifier | None = None) -> None:
        self._clock = clock
        self._roots = list(roots)
        self._notifier = notifier
        self._folders: set[str] = set()  # the folders the last walk listed (with a notifier)
        self._root_files: set[str] = set()  # the roots that were no folder
        self._hot: dict[str, None] = {}  # changed lately, oldest first
        self._next_walk = 0.0
        self._walk_cost = 0.0  # what the last walk took
        self._last = self._walk()

    def fileno(self) -> int | None:
        """Readable when the system has told of changes (None: no notifier), for
        the event loop to poll at once."""
        return self._notifier.fileno() if self._notifier is not None else None

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.close()
            self._notifier = None

    def set_roots(self, roots: Iterable[Path]) -> bool:
        """Watch other roots (site.yml may name another theme or content folder);
        True if they are other roots: what changed meanwhile is not reported."""
        roots = list(roots)
        if roots == self._roots:
            return False
        self._roots = roots
        self._hot.clear()
        self._last = self._walk()
        return True

    def quiet(self, path: str) -> bool:
        """Editor noise, or a file in a hidden folder (``.git``) of a root: reported
        like any change (the stamp counts it), but no reason to build."""
        for root in map(str, self._roots):
            prefix = os.path.join(root, "")
            if path.startswith(prefix):
                parts = path[len(prefix):].split(os.sep)
                return ignored(parts[-1]) or any(part.startswith(".") for part in parts[:-1])
        return ignored(os.path.basename(path))

    def poll(self) -> set[str]:
        """Absolute paths of files that changed since the previous poll: every
        file when a walk is due (or the notifier lost track), else the files that
        changed lately and those the notifier named."""
        told = self._told()
        if told is None or self._clock() >= self._next_walk:
            current = self._walk()
            result = changed(self._last, current)
            self._last = current
        else:
            result = self._look_at([*self._hot, *told])
        for path in sorted(result):
            self._hot.pop(path, None)
            self._hot[path] = None
            if len(self._hot) > HOT_FILES:
                del self._hot[next(iter(self._hot))]
        return result

    def _walk(self) -> Snapshot:
        started = self._clock()
        if self._notifier is None:
            found = snapshot(self._roots)
        else:
            self._notifier.read()  # what the walk sees it need not be told of
            spans: Spans = []
            found = snapshot(self._roots, spans)
            self._folders = {where for where, folder, _ in spans if folder}
            self._root_files = {where for where, folder, _ in spans if not folder}
            self._notifier.watch(self._folders | set(map(os.path.dirname, self._root_files)))
        finished = self._clock()
        self._walk_cost = finished - started
        self._next_walk = finished + WALK_PAUSE * self._walk_cost
        return found

    def rest(self) -> None:
        """A build has just ended: the next walk waits its pause from now, not
        from the last walk. A build outlasts the pause, so the walk would
        otherwise be due at the very next poll, which the loop runs before it
        answers the browser asking for the new page (a tenth of a second and
        more at 10,000 articles). With a notifier any save is seen without it;
        without one, a first save elsewhere is seen a build's time later."""
        self._next_walk = max(self._next_walk, self._clock() + WALK_PAUSE * self._walk_cost)

    def _told(self) -> set[str] | None:
        """The files the notifier named that a walk lists; None when it lost track
        (events dropped, a folder of the roots came or went): walk."""
        if self._notifier is None:
            return set()
        events = self._notifier.read()
        if events.overflow or any(map(self._holds, events.folders)):
            return None
        return {path for path in events.files if path in self._root_files or (
            os.path.dirname(path) in self._folders and not skipped(os.path.basename(path)))}

    def _holds(self, folder: str) -> bool:
        """Whether a walk of the roots would list ``folder`` or what it holds."""
        parent, name = os.path.split(folder)
        inside = os.path.join(folder, "")
        return (folder in self._folders or (parent in self._folders and not skipped(name))
                or any(str(root) == folder or str(root).startswith(inside)
                       for root in self._roots))

    def moved(self, paths: Iterable[str]) -> bool:
        """Whether any of ``paths`` is no longer as the last poll found it: saved
        again since, perhaps half written while a build read it. The next poll
        reports it (this one leaves the snapshot as it was)."""
        return any(_state(path) != self._last.get(path) for path in paths)

    def _look_at(self, paths: Iterable[str]) -> set[str]:
        result = set()
        for path in paths:
            now = _state(path)
            if now != self._last.get(path):
                result.add(path)
                if now is None:
                    self._last.pop(path, None)
                else:
                    self._last[path] = now
        return result
