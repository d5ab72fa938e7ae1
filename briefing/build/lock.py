"""One build of a site at a time.

Two builds of the same site (two terminals, a build beside the preview, a
script started twice) share the output directory and ``.briefing-cache/``; run
together, one could rename the output directory away while the other was
swapping its own in. So a build holds an exclusive lock on the site's folder
(the one holding site.yml) from its first look at the cache to its last
write, and a second build waits for it, saying so. The lock is ``flock`` on
the folder itself: nothing is created, and the kernel releases it when the
process ends, however it ends, so a killed build never leaves a stale lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no lock; concurrent builds are the user's to avoid
    fcntl = None  # type: ignore[assignment]

# (folder, thread) → how many nested blocks of that thread hold the folder's lock
_held: dict[tuple[Path, int], int] = {}


@contextmanager
def site_lock(root: Path, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of the site in ``root``; ``waiting`` is told once if
    another process holds it. Nested blocks of one thread share the lock; two threads take turns
    like two processes."""
    key = (root.resolve(), threading.get_ident())
    if fcntl is None or key in _held:
        _held[key] = _held.get(key, 0) + 1
        try:
            yield
        finally:
            _release(key, None)
        return
    descriptor = os.open(key[0], os.O_RDONLY)
    try:
        _acquire(descriptor, key[0], waiting)
        _held[key] = 1
    except BaseException:
        os.close(descriptor)
        raise
    try:
        yield
    finally:
        _release(key, descriptor)


def _acquire(descriptor: int, root: Path, waiting: Callable[[str], None] | None) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if waiting is not None:
            waiting(f"another build of {root} is running; waiting for it to finish "
                    "(Ctrl-C to stop waiting)")
        fcntl.flock(descriptor, fcntl.LOCK_EX)


def _release(key: tuple[Path, int], descriptor: int | None) -> None:
    _held[key] -= 1
    if _held[key] == 0:
        del _held[key]
    if descriptor is not None:
        os.close(descriptor)  # closing the folder's last descriptor releases the lock
