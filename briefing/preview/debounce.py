"""Collapsing a burst of file changes into one rebuild.

Editors save in several steps (write a temporary file, rename, touch a
backup), "save all" writes many files, and ``git checkout`` rewrites dozens:
rebuilding on each event would build the site several times and reload the
browser mid-burst. The debouncer gathers changes and releases them only once
nothing has changed for ``quiet`` seconds. It is driven by ``tick()`` from the
server's event loop and reads time from an injectable clock, so it needs no
threads and its tests need no sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

DEFAULT_QUIET = 0.2  # seconds without a change before a rebuild starts


class Debouncer:
    """Calls ``callback(changes)`` once per burst, ``quiet`` seconds after its last change."""

    def __init__(self, callback: Callable[[frozenset[str]], None],
                 quiet: float = DEFAULT_QUIET,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._callback = callback
        self._quiet = quiet
        self._clock = clock
        self._pending: set[str] = set()
        self._last_change = 0.0

    def add(self, changes: Iterable[str]) -> None:
        """Record changed paths; each call restarts the quiet period."""
        changes = set(changes)
        if changes:
            self._pending |= changes
            self._last_change = self._clock()

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def tick(self) -> bool:
        """Fire the callback if a burst is over; returns whether it fired."""
        if not self._pending or self._clock() - self._last_change < self._quiet:
            return False
        changes, self._pending = frozenset(self._pending), set()
        self._callback(changes)
        return True
