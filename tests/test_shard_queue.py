"""The queue of shards waiting for Pagefind (briefing/search/shard_queue.py), with
stand-ins for Pagefind's runs: how many run at once, in which order, and what a
failure does."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from briefing.search.shard_queue import ShardQueue


class FakeRun:
    """A Pagefind run that ends when the test says so (``ended``)."""

    def __init__(self, shard: str) -> None:
        self.shard = shard
        self.ended = threading.Event()
        self.stopped = False
        self.fails = False


class Pagefind:
    """Starts fake runs, records what ran and the most that ran at once."""

    def __init__(self, empty: frozenset[str] = frozenset(), auto: bool = False) -> None:
        self.log: list[str] = []
        self.running: list[FakeRun] = []
        self.most = 0
        self.empty = empty
        self.auto = auto  # every run ends as soon as it is waited for
        self.lock = threading.Lock()
        self.started = threading.Semaphore(0)

    def begin(self, shard: str):
        def start() -> FakeRun | None:
            if shard in self.empty:
                return None
            run = FakeRun(shard)
            with self.lock:
                self.log.append(f"start {shard}")
                self.running.append(run)
                self.most = max(self.most, len(self.running))
            self.started.release()
            return run
        return start

    def wait(self, run: FakeRun) -> None:
        if self.auto:
            threading.Event().wait(0.02)  # long enough for another hand to start one
            run.ended.set()
        assert run.ended.wait(10)
        with self.lock:
            self.running.remove(run)
            self.log.append(f"end {run.shard}")
        if run.fails or run.stopped:
            raise RuntimeError(f"Pagefind failed on {run.shard}")

    def stop_all(self) -> None:
        with self.lock:
            for run in self.running:
                run.stopped = True
                run.ended.set()

    def queue(self, shards: list[str]) -> ShardQueue:
        made = ShardQueue(self.wait, self.stop_all, Path("work"))
        made.add({shard: self.begin(shard) for shard in shards})
        return made

    def starts(self) -> list[str]:
        return [line.removeprefix("start ") for line in self.log if line.startswith("start")]


def test_shards_are_taken_in_the_order_given_by_as_many_hands_as_asked():
    pagefind = Pagefind(auto=True)
    made = pagefind.queue(["c", "a", "d", "b"]).join(2)
    assert made == {"a", "b", "c", "d"}
    assert pagefind.starts() == ["c", "a", "d", "b"]
    assert pagefind.most == 2


def test_one_hand_runs_one_at_a_time():
    pagefind = Pagefind(auto=True)
    assert pagefind.queue(["a", "b", "c"]).join(1) == {"a", "b", "c"}
    assert pagefind.most == 1
    assert pagefind.log == ["start a", "end a", "start b", "end b", "start c", "end c"]


def test_a_head_start_takes_one_at_a_time_until_the_build_joins():
    pagefind = Pagefind()
    ahead = pagefind.queue(["2024-01", "2024-02", "2024-03"]).start(1)
    assert pagefind.started.acquire(timeout=10)
    assert pagefind.log == ["start 2024-01"]  # alone
    pagefind.running[0].ended.set()
    assert pagefind.started.acquire(timeout=10)
    assert pagefind.log == ["start 2024-01", "end 2024-01", "start 2024-02"]
    ahead.add({"pages": pagefind.begin("pages")}, first=True)
    pagefind.auto = True
    joining = threading.Thread(target=ahead.join, args=(2,))
    joining.start()  # the build's thread takes "pages" at once, beside the head's run
    assert pagefind.started.acquire(timeout=10)
    assert pagefind.starts()[2] == "pages" and pagefind.most == 2
    pagefind.running[0].ended.set()
    joining.join(10)
    assert not joining.is_alive()
    assert ahead.made == {"2024-01", "2024-02", "2024-03", "pages"}


def test_a_shard_without_a_searchable_page_is_not_made():
    pagefind = Pagefind(empty=frozenset({"b"}), auto=True)
    assert pagefind.queue(["a", "b", "c"]).join(2) == {"a", "c"}


def test_a_failed_run_stops_the_others_and_is_raised_where_the_build_joins():
    pagefind = Pagefind()
    queue = pagefind.queue(["a", "b", "c"]).start(2)
    assert pagefind.started.acquire(timeout=10) and pagefind.started.acquire(timeout=10)
    first, second = sorted(pagefind.running, key=lambda run: run.shard)
    first.fails = True
    first.ended.set()
    for _ in range(1000):  # the other run is ended, not left running
        if second.stopped:
            break
        threading.Event().wait(0.01)
    assert second.stopped
    with pytest.raises(RuntimeError, match="failed on a"):
        queue.join(2)
    assert "c" not in pagefind.starts()  # nothing more taken after a failure


def test_an_abandoned_queue_stops_its_runs_and_takes_no_more():
    pagefind = Pagefind()
    queue = pagefind.queue(["a", "b"]).start(1)
    assert pagefind.started.acquire(timeout=10)
    queue.abandon()
    assert pagefind.starts() == ["a"] and pagefind.running == []


def test_a_queue_with_nothing_to_do_ends_when_joined():
    pagefind = Pagefind()
    assert pagefind.queue([]).start(1).join(2) == set()
    assert pagefind.log == []


def test_closing_stops_a_hand_still_at_work_even_after_a_join_began():
    """Ctrl-C while the build's thread waits for the head start's hand: the
    build closes the queue, and the hand's run must not outlive it."""
    pagefind = Pagefind()
    queue = pagefind.queue(["a", "b"]).start(1)
    assert pagefind.started.acquire(timeout=10)
    queue.close()
    assert pagefind.starts() == ["a"] and pagefind.running == []
    assert not any(hand.is_alive() for hand in queue._hands)
    queue.close()  # nothing left to stop: nothing happens


def test_a_join_interrupted_while_a_hand_works_is_closed_cleanly():
    """Ctrl-C while the build's thread waits for the head start's hand (whose
    thread Python 3.11 then says is not alive): closing still stops it."""
    pagefind = Pagefind()
    queue = pagefind.queue(["a"]).start(1)
    assert pagefind.started.acquire(timeout=10)
    wait = queue._lock.wait

    def interrupted(*args, **kwargs):
        queue._lock.wait = wait
        raise KeyboardInterrupt

    queue._lock.wait = interrupted
    with pytest.raises(KeyboardInterrupt):
        queue.join(2)
    queue.close()
    assert pagefind.running == [] and queue._busy == 0
    assert not any(hand.is_alive() for hand in queue._hands)


class StandInRun:
    """A Pagefind run for the indexer's own methods: ``result`` raises ``raises``."""

    def __init__(self, raises: BaseException | None = None) -> None:
        self.raises, self.stopped = raises, False

    def result(self) -> None:
        if self.raises is not None:
            raise self.raises

    def stop(self) -> None:
        self.stopped = True


def indexer():
    from briefing.search.indexer import ShardedIndexer
    return ShardedIndexer(Path("pagefind"), {})


def test_a_run_started_as_the_runs_are_stopped_is_stopped_too(monkeypatch, tmp_path):
    """Runs.stop() between the check of ``stopped`` and the run being listed:
    the run is ended at once, not left to run to its end unlisted."""
    from briefing.search import indexer as module
    shards = indexer()
    made: list[StandInRun] = []

    def starting(*args, **kwargs):
        shards.runs.stop()  # the build fails while Pagefind starts
        made.append(StandInRun())
        return made[-1]

    monkeypatch.setattr(module.PagefindRun, "start", starting)
    with pytest.raises(module.Stopped):
        shards._start("2024-01", tmp_path, tmp_path)
    assert made[0].stopped and shards.runs.running == []


def test_a_wait_interrupted_stops_its_run():
    shards = indexer()
    run = StandInRun(raises=KeyboardInterrupt())
    shards.runs.running.append(run)
    with pytest.raises(KeyboardInterrupt):
        shards._wait(run)
    assert run.stopped and shards.runs.running == []


def test_a_queue_says_when_the_build_has_joined():
    """Runs started after the join may take the whole machine (indexer._placed)."""
    pagefind = Pagefind(auto=True)
    queue = pagefind.queue(["a"])
    assert not queue.joining
    queue.join(2)
    assert queue.joining


def test_an_article_shard_runs_on_one_thread_only_beside_the_listings(monkeypatch, tmp_path):
    """A head start's run shares the machine with the build: one thread. One
    started once the build has joined may use every core (a deploy's runner
    has four)."""
    from briefing.core.index_view import SiteView
    from briefing.search import indexer as module

    page = tmp_path / "articles/a/index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<main data-pagefind-body data-search-shard="2024-01">A.</main>')
    asked: list[int | None] = []

    def starting(executable, site_dir, bundle_dir=None, threads=None):
        asked.append(threads)
        return StandInRun()

    monkeypatch.setattr(module.PagefindRun, "start", starting)
    shards = indexer()
    queue = shards._queue(tmp_path)
    begin = shards._placed(SiteView(tmp_path, ("articles/a/index.html",)), "2024-01",
                           ["articles/a/index.html"], queue)
    begin()
    queue.joining = True
    begin()
    assert asked == [1, None]
