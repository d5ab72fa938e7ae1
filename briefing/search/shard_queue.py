"""Shards waiting for Pagefind, each taken by the next of a few hands free.

A cold build writes its article pages first and its listing pages after; the
listings take one core for some seconds (at 10,000 articles, 6 s) while the
other has nothing to do. One hand, a thread of its own (:meth:`start`), takes
the article shards on that core meanwhile, one Pagefind at a time; the write
stage then adds the shards left (``pages``) and :meth:`join` sets more hands
to work, its own thread among them, until the queue is empty. Each hand runs
one Pagefind at a time, so at most as many run at once as there are hands. An
update, which has no head start, only joins.

What a shard's run needs (its pages linked into a folder of their own) is
best done before it is queued when a thread of its own takes it: each file
operation gives up Python's lock, and a thread takes it back only when the
busy one yields it (every 5 ms), so 400 pages took seconds that way.
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
    """Shards to index into ``work/out-<shard>``, each by the next hand free."""

    wait_run: Wait
    stop_runs: Callable[[], None]  # ends every run under way: one failed
    work: Path
    waiting: list[tuple[str, Begin]] = field(default_factory=list)
    made: set[str] = field(default_factory=set)  # shards whose bundle is in ``work``
    claimed: set[str] = field(default_factory=set)  # every shard ever added
    error: BaseException | None = None
    joining: bool = False  # the build has joined: the runs have the machine to themselves
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _busy: int = 0  # hands (threads) at work: counted here, see :meth:`_settle`
    _hands: list[threading.Thread] = field(default_factory=list)

    def add(self, shards: dict[str, Begin], first: bool = False) -> None:
        """Index each of ``shards`` (shard → what starts its run), in their order;
        ``first``: before those waiting already."""
        with self._lock:
            added = list(shards.items())
            self.waiting = [*added, *self.waiting] if first else [*self.waiting, *added]
            self.claimed.update(shards)

    def start(self, hands: int = 1) -> ShardQueue:
        """Set ``hands`` threads to work now (the queue's head start)."""
        for _ in range(hands):
            hand = threading.Thread(target=self._hand, daemon=True,
                                    name="briefing-search-index")
            with self._lock:
                self._busy += 1
            self._hands.append(hand)
            hand.start()
        return self

    def join(self, hands: int) -> set[str]:
        """Index what is left with ``hands`` at work (this thread one of them) and
        wait for every run to end; the shards made (one with no searchable page
        is not). Raises what a run raised."""
        with self._lock:
            self.joining = True
            more = max(0, hands - 1 - self._busy)
        self.start(more)
        self._work()
        self._settle()
        if self.error is not None:
            raise self.error
        return self.made

    def close(self) -> None:
        """Stop whatever still runs, as :meth:`abandon` does, if a hand is still
        at work: a build that failed, or was interrupted, even while joining
        (a hand left running would outlive the build and its folders)."""
        with self._lock:
            busy = self._busy
        if busy:
            self.abandon()

    def abandon(self) -> None:
        """Stop the runs under way, take no more, and wait for the hands to stop."""
        with self._lock:
            self.waiting = []
        self.stop_runs()
        self._settle()

    def _settle(self) -> None:
        """Wait until every hand has stopped. Counted, not asked of the threads:
        in Python 3.11 a ``Thread.join`` that Ctrl-C interrupts leaves the thread
        saying it is not alive while it runs on (so the build's cleanup, asking
        it, left a Pagefind running)."""
        with self._lock:
            while self._busy:
                self._lock.wait()
        for hand in self._hands:  # each is past its count now: ends at once
            hand.join()

    def _hand(self) -> None:
        try:
            self._work()
        finally:
            with self._lock:
                self._busy -= 1
                self._lock.notify_all()

    def _work(self) -> None:
        """Take the next shard, run Pagefind on it, wait, again, until none is left;
        a failure is kept for :meth:`join` and ends the other hands' runs."""
        try:
            while (item := self._take()) is not None:
                shard, begin = item
                run = begin()
                if run is not None:
                    self.wait_run(run)
                    with self._lock:
                        self.made.add(shard)
        except BaseException as error:  # raised again by join, in the build's thread
            with self._lock:
                self.error = self.error or error
                self.waiting = []
            self.stop_runs()

    def _take(self) -> tuple[str, Begin] | None:
        with self._lock:
            if self.error is not None or not self.waiting:
                return None
            return self.waiting.pop(0)
