"""Being told at once which files changed, where the system can tell (Linux's
inotify), so a first save of a file is built within milliseconds instead of at
the watcher's next walk, which a large archive makes seconds away (watch.py).

Through ctypes, with no dependency; on another system, or where inotify is
missing or out of watches, :meth:`Notifier.start` gives None and the watcher
polls as before. Polling stays in any case, as the safety net: inotify says
nothing of a file changed through a symbolic link to outside the watched
folders, nor of a change made on another machine of a network file system.

inotify watches folders, not trees, so the watcher hands over every folder its
walk found (:meth:`Notifier.watch`). A file is reported when it was closed
after writing (not at each write: an editor's save is whole by then), touched,
moved or deleted. A folder that came, went or moved, and a queue that
overflowed, are reported as lost track: the watcher then walks.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

_ATTRIB, _CLOSE_WRITE, _MOVED_FROM, _MOVED_TO = 0x4, 0x8, 0x40, 0x80
_CREATE, _DELETE, _DELETE_SELF, _MOVE_SELF = 0x100, 0x200, 0x400, 0x800
_OVERFLOW, _ONLYDIR, _ISDIR = 0x4000, 0x01000000, 0x40000000
_MASK = (_ATTRIB | _CLOSE_WRITE | _MOVED_FROM | _MOVED_TO | _CREATE | _DELETE
         | _DELETE_SELF | _MOVE_SELF | _ONLYDIR)
_FILE_EVENTS = _ATTRIB | _CLOSE_WRITE | _MOVED_FROM | _MOVED_TO | _DELETE  # not _CREATE:
# a file just created is still being written; its closing is reported
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows


@dataclass
class Events:
    """What inotify said since it was last asked."""

    files: set[str] = field(default_factory=set)  # written, touched, moved or deleted
    folders: set[str] = field(default_factory=set)  # folders that came, went or moved
    overflow: bool = False  # the kernel dropped events: anything may have changed


class Notifier:
    """One inotify instance watching a set of folders."""

    def __init__(self, libc: ctypes.CDLL, fd: int) -> None:
        self._libc = libc
        self._fd = fd
        self._folders: dict[str, int] = {}  # folder → watch descriptor
        self._named: dict[int, list[str]] = {}  # descriptor → the folders it watches

    @classmethod
    def start(cls) -> Notifier | None:
        """A notifier, or None where inotify is not to be had."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return None
        return cls(libc, fd) if fd >= 0 else None

    def fileno(self) -> int:
        """Readable when there are events: for the event loop to wait on."""
        return self._fd

    def watch(self, folders: Iterable[str]) -> None:
        """Watch exactly these folders, as far as it can: one that is missing, or
        past the system's limit of watches, is seen only by polling."""
        wanted = set(folders)
        for folder in set(self._folders) - wanted:
            self._forget(folder)
        for folder in sorted(wanted - set(self._folders)):
            wd = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), _MASK)
            if wd >= 0:
                self._folders[folder] = wd
                self._named.setdefault(wd, []).append(folder)

    def read(self) -> Events:
        """The events since the last call, without waiting for any."""
        events = Events()
        while True:
            try:
                data = os.read(self._fd, 65536)
            except (BlockingIOError, InterruptedError):
                return events
            if not data:
                return events
            self._parse(data, events)

    def close(self) -> None:
        os.close(self._fd)

    def _parse(self, data: bytes, events: Events) -> None:
        offset = 0
        while offset < len(data):
            wd, mask, _, length = _EVENT.unpack_from(data, offset)
            offset += _EVENT.size
            name = os.fsdecode(data[offset:offset + length].rstrip(b"\0"))
            offset += length
            if mask & _OVERFLOW:
                events.overflow = True
            for folder in self._named.get(wd, ()):
                path = os.path.join(folder, name) if name else folder
                if mask & (_DELETE_SELF | _MOVE_SELF) or (name and mask & _ISDIR):
                    events.folders.add(path)
                elif name and mask & _FILE_EVENTS:
                    events.files.add(path)

    def _forget(self, folder: str) -> None:
        """Stop watching ``folder`` (its watch goes once no other path names it: two
        paths to one folder through a link share one)."""
        wd = self._folders.pop(folder)
        named = self._named.get(wd, [])
        if folder in named:
            named.remove(folder)
        if not named:
            self._named.pop(wd, None)
            self._libc.inotify_rm_watch(self._fd, wd)  # gone with its folder: no matter
