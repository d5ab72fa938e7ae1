"""Shards waiting for Pagefind, indexed a few at a time, in this thread or another.

A cold build writes its article pages first and its listing pages after; the
listings take one core for some seconds (at 10,000 articles, 6 s) while the
other has nothing to do. A queue run in a thread of its own (:meth:`start`)
indexes the article shards on that core meanwhile, one Pagefind at a time,
and the write stage then adds the shards left (``pages``) and lets two run at
once (:meth:`widen`) until the queue is empty. An update, which has no such
head start, runs the same loop in its own thread (:meth:`run`).

What a shard's run needs (its pages linked into a folder of their own) is
best done before it is queued when the queue has a thread of its own: each
file operation gives up Python's lock, and a thread takes it back only when
the busy one yields it (every 5 ms), so 400 pages took seconds that way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.search.pagefind import PagefindRun

# Starts Pagefind on one shard's pages (None: it has no page to index).
Begin = Callable[[], "PagefindRun | None"]
Wait = Callable[[PagefindRun], None]  # waits for a run to end; raises if it failed


@dataclass
class ShardQueue:
    """Shards to index into ``work/out-<shard>``, at most ``slots`` at a time."""

    wait_run: Wait
    work: Path
    slots: int
    waiting: list[tuple[str, Begin]] = field(default_factory=list)
    made: set[str] = field(default_factory=set)  # shards whose bundle is in ``work``
    claimed: set[str] = field(default_factory=set)  # every shard ever added
    closed: bool = False  # nothing more will be added
    error: BaseException | None = None
    _ready: threading.Condition = field(default_factory=threading.Condition)
    _thread: threading.Thread | None = None

    def add(self, shards: dict[str, Begin], first: bool = False) -> None:
        """Index each of ``shards`` (shard → what starts its run), in their order;
        ``first``: before those waiting already."""
        with self._ready:
            added = list(shards.items())
            self.waiting = [*added, *self.waiting] if first else [*self.waiting, *added]
            self.claimed.update(shards)
            self._ready.notify()

    def widen(self, slots: int) -> None:
        with self._ready:
            self.slots = slots
            self._ready.notify()

    def start(self) -> ShardQueue:
        """Run the queue in a thread of its own until :meth:`join`."""
        self._thread = threading.Thread(target=self._run_keeping_error, daemon=True,
                                        name="briefing-search-index")
        self._thread.start()
        return self

    def join(self) -> set[str]:
        """Nothing more to add: wait until every shard is indexed; the shards made
        (a shard with no searchable page is not). Raises what a run raised."""
        with self._ready:
            self.closed = True
            self._ready.notify()
        if self._thread is None:
            self.run()
        else:
            self._thread.join()
        if self.error is not None:
            raise self.error
        return self.made

    def _run_keeping_error(self) -> None:
        try:
            self.run()
        except BaseException as error:  # raised again by join, in the build's thread
            self.error = error

    def run(self) -> None:
        """Start shards while a slot is free, wait for the oldest run, again,
        until the queue is closed and empty; a failure stops the runs under way."""
        running: list[tuple[str, PagefindRun]] = []
        try:
            while True:
                starts = self._next(len(running))
                if starts is None:
                    return
                for shard, begin in starts:
                    run = begin()
                    if run is not None:
                        running.append((shard, run))
                if running:
                    shard, run = running.pop(0)
                    self.wait_run(run)
                    self.made.add(shard)
        finally:
            for _, run in running:
                run.stop()

    def _next(self, running: int) -> list[tuple[str, Begin]] | None:
        """The shards to start now (waiting, while no run is under way, for one to
        be added); None when the queue is closed and nothing is left to do."""
        with self._ready:
            while not self.waiting and not running and not self.closed:
                self._ready.wait()
            if not self.waiting and not running:
                return None
            count = max(0, min(len(self.waiting), self.slots - running))
            starts, self.waiting = self.waiting[:count], self.waiting[count:]
            return starts
