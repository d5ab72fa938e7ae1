"""The queue of shards waiting for Pagefind (briefing/search/shard_queue.py), with
stand-ins for Pagefind's runs: how many run at once, in which order, and what a
failure does."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from briefing.search.shard_queue import ShardQueue


class FakeRun:
    """A Pagefind run that ends when the test says so (``finish``)."""

    def __init__(self, shard: str, log: list[str], running: list[FakeRun]) -> None:
        self.shard, self.log, self.running = shard, log, running
        self.ended = threading.Event()
        self.stopped = False
        self.fails = False

    def stop(self) -> None:
        self.stopped = True
        self.ended.set()


class Pagefind:
    """Starts fake runs and records the most that ran at once."""

    def __init__(self, empty: frozenset[str] = frozenset()) -> None:
        self.log: list[str] = []
        self.running: list[FakeRun] = []
        self.most = 0
        self.empty = empty
        self.lock = threading.Lock()
        self.started = threading.Semaphore(0)

    def begin(self, shard: str):
        def start() -> FakeRun | None:
            if shard in self.empty:
                return None
            run = FakeRun(shard, self.log, self.running)
            with self.lock:
                self.log.append(f"start {shard}")
                self.running.append(run)
                self.most = max(self.most, len(self.running))
            self.started.release()
            return run
        return start

    def wait(self, run: FakeRun) -> None:
        assert run.ended.wait(10)
        with self.lock:
            self.running.remove(run)
            self.log.append(f"end {run.shard}")
        if run.fails:
            raise RuntimeError(f"Pagefind failed on {run.shard}")

    def finish_all(self) -> None:
        """End every run as it starts, from a thread of its own."""
        def ender() -> None:
            while self.started.acquire(timeout=10):
                with self.lock:
                    for run in self.running:
                        run.ended.set()
        threading.Thread(target=ender, daemon=True).start()


def queue(pagefind: Pagefind, slots: int, shards: list[str]) -> ShardQueue:
    made = ShardQueue(pagefind.wait, Path("work"), slots)
    made.add({shard: pagefind.begin(shard) for shard in shards})
    return made


def test_shards_run_in_the_order_given_at_most_slots_at_once():
    pagefind = Pagefind()
    pagefind.finish_all()
    made = queue(pagefind, 2, ["c", "a", "d", "b"]).join()
    assert made == {"a", "b", "c", "d"}
    assert [line for line in pagefind.log if line.startswith("start")] == [
        "start c", "start a", "start d", "start b"]
    assert pagefind.most <= 2


def test_a_head_start_runs_one_at_a_time_until_widened():
    pagefind = Pagefind()
    ahead = queue(pagefind, 1, ["2024-01", "2024-02", "2024-03"]).start()
    assert pagefind.started.acquire(timeout=10)  # the first run is under way, alone
    assert pagefind.log == ["start 2024-01"]
    pagefind.running[0].ended.set()
    assert pagefind.started.acquire(timeout=10)
    assert pagefind.log == ["start 2024-01", "end 2024-01", "start 2024-02"]
    ahead.add({"pages": pagefind.begin("pages")}, first=True)
    ahead.widen(2)
    pagefind.running[0].ended.set()
    pagefind.finish_all()
    assert ahead.join() == {"2024-01", "2024-02", "2024-03", "pages"}
    assert pagefind.most == 2  # once widened, two at once
    assert [line for line in pagefind.log if line.startswith("start")][2:] == [
        "start pages", "start 2024-03"]  # added first: started before those waiting


def test_a_shard_without_a_searchable_page_is_not_made():
    pagefind = Pagefind(empty=frozenset({"b"}))
    pagefind.finish_all()
    assert queue(pagefind, 2, ["a", "b", "c"]).join() == {"a", "c"}


def test_a_failed_run_stops_the_others_and_is_raised_where_the_build_joins():
    pagefind = Pagefind()
    ahead = queue(pagefind, 2, ["a", "b", "c"]).start()
    assert pagefind.started.acquire(timeout=10) and pagefind.started.acquire(timeout=10)
    first, second = pagefind.running
    first.fails = True
    first.ended.set()
    with pytest.raises(RuntimeError, match="failed on a"):
        ahead.join()
    assert second.stopped  # not left running
    assert "start c" not in pagefind.log


def test_a_queue_with_nothing_to_do_ends_when_joined():
    pagefind = Pagefind()
    assert queue(pagefind, 1, []).start().join() == set()
    assert pagefind.log == []
