"""The worker pool: no hang, no stray signal, a dead worker reported, in order.

The hangs these tests guard against are races, so the stress tests run many
rounds in a subprocess with a timeout: a hang fails the test instead of the
suite.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest

from briefing.core import parallel, pool

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="no fork here: nothing runs in workers")


def run_script(tmp_path: Path, body: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_hundreds_of_pools_under_a_raising_sigterm_handler_with_busy_cores(tmp_path):
    """The preview server's SIGTERM handler raises KeyboardInterrupt. A worker
    that received the pool's SIGTERM before it had set its own handlers printed
    a traceback or hung the parent for good (1 run in 3 at 200 rounds with two
    busy loops beside it). Now no worker is signalled at all."""
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        result = run_script(tmp_path, """
            import signal
            from briefing.core.parallel import ordered_map
            def stop(signum, frame):
                raise KeyboardInterrupt
            signal.signal(signal.SIGTERM, stop)
            for _ in range(400):
                print(sum(ordered_map(abs, list(range(-64, 0)), 2)))
            """)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    assert result.returncode == 0 and result.stdout.split() == ["2080"] * 400, result.stderr
    assert result.stderr == ""


def test_normal_completion_sends_no_signal(monkeypatch):
    sent = []
    monkeypatch.setattr(os, "kill", lambda *args: sent.append(args))
    assert list(parallel.ordered_map(abs, list(range(-100, 0)), 2)) == list(range(100, 0, -1))
    assert sent == []
    assert_no_children()


def test_a_consumer_that_reads_only_what_it_needs_still_ends_normally(monkeypatch):
    """The build takes results with next() and never exhausts the generator:
    the workers are stopped when the last result arrives, not at collection."""
    sent = []
    monkeypatch.setattr(os, "kill", lambda *args: sent.append(args))
    results = parallel.ordered_map(abs, list(range(-40, 0)), 2)
    assert [next(results) for _ in range(40)] == list(range(40, 0, -1))
    assert_no_children()
    results.close()
    assert sent == []


def test_workers_ignore_ctrl_c_and_die_on_sigterm():
    def handlers(_: int) -> tuple[object, object, bool]:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        return (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM),
                bool(blocked & {signal.SIGINT, signal.SIGTERM}))

    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    seen = set(parallel.ordered_map(handlers, list(range(64)), 2))
    assert seen == {(signal.SIG_IGN, signal.SIG_DFL, False)}
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask  # the parent's is restored


def test_a_worker_that_dies_fails_the_build_with_a_clear_message(tmp_path):
    """multiprocessing.Pool waited for ever on a task whose worker was killed
    (by the out-of-memory killer, say)."""
    result = run_script(tmp_path, """
        import os, signal
        from briefing.core.parallel import ordered_map
        from briefing.core.pool import WorkerDied
        def job(item):
            if item == 50:
                os.kill(os.getpid(), signal.SIGKILL)
            return item
        try:
            list(ordered_map(job, list(range(100)), 2))
        except WorkerDied as exc:
            print(exc)
        """, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "killed by SIGKILL" in result.stdout and "--jobs 1" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_worker_that_exits_is_reported_with_its_status(tmp_path):
    result = run_script(tmp_path, """
        import os
        from briefing.core.parallel import ordered_map
        from briefing.core.pool import WorkerDied
        def job(item):
            if item == 33:
                os._exit(3)
            return item
        try:
            list(ordered_map(job, list(range(64)), 2))
        except WorkerDied as exc:
            print(exc)
        """, timeout=60)
    assert "exited with status 3" in result.stdout, result.stderr


def test_exceptions_arrive_in_order_after_the_results_before_them():
    def job(item: int) -> int:
        if item in (45, 60):
            raise ValueError(f"bad item {item}")
        return item

    got = []
    with pytest.raises(ValueError, match="bad item 45"):
        for value in parallel.ordered_map(job, list(range(64)), 2):
            got.append(value)
    assert got == list(range(45))
    assert_no_children()


def test_an_exception_that_cannot_travel_comes_back_as_its_traceback():
    class Unpicklable(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(f"{a}{b}")

    def job(item: int) -> int:
        if item == 40:
            raise Unpicklable(1, 2)
        return item

    with pytest.raises(pool.RemoteError, match="Unpicklable"):
        list(parallel.ordered_map(job, list(range(64)), 2))


def test_stopping_early_reaps_every_worker():
    results = parallel.ordered_map(abs, list(range(-200, 0)), 2)
    assert [next(results) for _ in range(3)] == [200, 199, 198]
    results.close()
    assert_no_children()


def assert_no_children() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_result_that_cannot_travel_is_reported_as_a_bug():
    with pytest.raises(Exception, match="pickle"):  # noqa: PT011 - whichever pickle raises
        list(parallel.ordered_map(lambda item: (lambda: item), list(range(64)), 2))
    assert_no_children()


def test_a_build_in_a_heap_frozen_before_runs_no_full_collection_and_leaves_it_frozen():
    """The preview freezes its heap between builds (preview/steps.py): its builds
    must still run without full collections, as a fresh process's do, and must
    not unfreeze what the preview froze."""
    from briefing.core.parallel import (
        FULL_COLLECTIONS_NEVER,
        frozen_heap,
        keep_frozen,
        thaw,
    )

    keep_frozen()
    try:
        before = gc.get_threshold()
        with frozen_heap():
            with frozen_heap():  # the pipeline's, inside the build's
                assert gc.get_threshold()[2] == FULL_COLLECTIONS_NEVER
            assert gc.get_threshold()[2] == FULL_COLLECTIONS_NEVER
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() > 0
    finally:
        thaw()
    assert gc.get_freeze_count() == 0


def test_a_build_never_counts_the_frozen_objects(monkeypatch):
    """``gc.get_freeze_count()`` walks every frozen object (0.13 s at 10,000
    articles): asked at the start of every build, it cost each save in a
    preview whose heap was frozen that much."""
    from briefing.core.parallel import frozen_heap, keep_frozen, thaw

    def counting() -> int:
        raise AssertionError("the frozen objects were counted")

    keep_frozen()
    try:
        monkeypatch.setattr(gc, "get_freeze_count", counting)
        with frozen_heap():
            pass
        monkeypatch.undo()
        assert gc.get_freeze_count() > 0  # and the preview's heap stays frozen
    finally:
        thaw()


def test_a_build_in_a_heap_not_frozen_before_unfreezes_it_after():
    from briefing.core.parallel import FULL_COLLECTIONS_NEVER, frozen_heap

    gc.unfreeze()
    before = gc.get_threshold()
    with frozen_heap():
        assert gc.get_threshold()[2] == FULL_COLLECTIONS_NEVER
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


_MEMO: list[int] = []


def _remembering(item: int) -> int:
    """How many items this process remembered before ``item``, then remember it."""
    before = len(_MEMO)
    _MEMO.append(item)
    return before


def test_a_worker_empties_the_registered_memos_after_each_chunk():
    """What a worker's tasks remember for later stages of the build (parsed
    texts, glossary matches, rendered notes) is never read there again: it is
    let go of after each chunk, so a worker does not grow with every article
    (some 200 MB each over a cold build of 10,000)."""
    from briefing.core import memos

    memos.forget_in_workers(_MEMO.clear)
    try:
        before = list(parallel.ordered_map(_remembering, list(range(96)), 2))
    finally:
        memos._forgetters.pop()
    assert len(before) == 96
    assert max(before) < parallel.CHUNK  # emptied after every chunk of CHUNK items
    assert _MEMO == []  # the parent's own memo untouched by the workers


def test_memos_of_objects_are_held_weakly():
    """A matcher registers its memo of matches; a preview compiles one per
    glossary edit, and the registry must not keep the old ones alive."""
    from briefing.core import memos

    class Memo:
        def __init__(self) -> None:
            self.found = {"text": 1}

        def forget(self) -> None:
            self.found.clear()

    kept, dropped = Memo(), Memo()
    memos.forget_in_workers(dropped.forget)
    found, gone = dropped.found, weakref.ref(dropped)
    del dropped
    gc.collect()
    assert gone() is None  # the registry did not keep it alive
    memos.forget_in_workers(kept.forget)  # and drops its entry now
    assert all(reference() is not None for reference in memos._forgetters)
    memos.forget_all()
    assert kept.found == {} and found == {"text": 1}
    memos._forgetters.pop()
