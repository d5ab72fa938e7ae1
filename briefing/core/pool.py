"""Forked worker processes that never hang the build that started them.

``multiprocessing.Pool`` was stopped with ``terminate()``, whose SIGTERM could
reach a worker before it had put its own handlers in place; under a parent
whose SIGTERM handler raises KeyboardInterrupt (the preview server's), such a
worker printed a traceback or, holding a lock of the pool, hung the parent's
``join`` for good. This pool is small enough to reason about instead:

- **No signal on normal completion.** When every result is in, each worker is
  told to stop (``None`` on its pipe), exits by itself, and is reaped.
- **No half-started worker.** SIGINT and SIGTERM are blocked while forking, so
  a worker only receives them after it has set its own handlers: Ctrl-C is
  ignored (the terminal sends it to the whole process group; the parent
  alone answers it) and SIGTERM kills.
- **A dead worker is reported, not waited on.** Its pipe reads end-of-file,
  and the build fails with :class:`WorkerDied`, saying how it died.
- **Stopping early is bounded.** When the caller stops reading (an error,
  Ctrl-C), live workers are killed with SIGKILL and reaped at once.

Only an item's index range goes to a worker, only the results come back:
workers are forked, so they already hold the function and the items.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

from briefing.core.errors import BriefingError
from briefing.core.memos import forget_all

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
AHEAD = 2  # chunks sent to a worker before its first result: it never waits for work


class WorkerDied(BriefingError):
    """A worker process ended without sending its results."""


class RemoteError(Exception):
    """An exception a worker raised that cannot travel back as itself; its
    message holds the worker's traceback."""


@dataclass
class _Worker:
    pid: int
    conn: Connection
    pending: list[int]  # chunks sent and not yet answered, in order
    alive: bool = True


def run_chunks(func: Callable[[Any], Any], items: Sequence[Any], chunk: int,
               jobs: int) -> Iterator[Any]:
    """``map(func, items)`` on ``jobs`` forked workers, in order."""
    starts = list(range(0, len(items), chunk))
    pool = _Pool(func, items, chunk, min(jobs, len(starts)))
    try:
        yield from pool.results(starts)
    finally:
        pool.kill()  # a no-op after normal completion: the workers are gone


class _Pool:
    def __init__(self, func: Callable[[Any], Any], items: Sequence[Any], chunk: int,
                 jobs: int) -> None:
        self.workers: list[_Worker] = []
        self.running = True
        self.chunk = chunk
        self.size = len(items)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            for _ in range(jobs):
                self.workers.append(_fork(func, items, chunk, self.workers))
        except BaseException:
            self.kill()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def results(self, starts: list[int]) -> Iterator[Any]:
        """Every chunk's results in order; workers are stopped as soon as the
        last result arrives, before it is handed out."""
        queue = list(reversed(starts))
        for worker in self.workers:
            for _ in range(AHEAD):
                self._send(worker, queue)
        done: dict[int, tuple[list[Any], Exception | None]] = {}
        for start in starts:
            while start not in done:
                self._receive(done, queue)
            if self.running and not queue and not any(w.pending for w in self.workers):
                self._stop()
            results, error = done.pop(start)
            yield from results
            if error is not None:
                raise error

    def _send(self, worker: _Worker, queue: list[int]) -> None:
        if queue:
            start = queue.pop()
            try:
                worker.conn.send((start, min(start + self.chunk, self.size)))
            except OSError:  # its end is closed: it has died
                raise WorkerDied(_death(worker)) from None
            worker.pending.append(start)

    def _receive(self, done: dict[int, tuple[list[Any], Exception | None]],
                 queue: list[int]) -> None:
        busy = {w.conn: w for w in self.workers if w.pending}
        for conn in wait(list(busy)):
            worker = busy[conn]  # type: ignore[index]
            try:
                answer = pickle.loads(worker.conn.recv_bytes())
            except (EOFError, OSError):
                raise WorkerDied(_death(worker)) from None
            done[worker.pending.pop(0)] = answer
            self._send(worker, queue)

    def _stop(self) -> None:
        """Normal completion: every worker is idle; each exits when told to."""
        self.running = False
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass  # it is gone already: reaped below all the same
            worker.conn.close()
        for worker in self.workers:
            _reap(worker)

    def kill(self) -> None:
        """Stop early: no worker's work is wanted any more."""
        self.running = False
        for worker in self.workers:
            if worker.alive:
                try:
                    os.kill(worker.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                worker.conn.close()
                _reap(worker)


def _fork(func: Callable[[Any], Any], items: Sequence[Any], chunk: int,
          siblings: list[_Worker]) -> _Worker:
    """One worker, started with SIGINT and SIGTERM blocked (see the module docstring)."""
    ours, theirs = Pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the parent's code
        status = 1
        try:
            ours.close()
            for sibling in siblings:
                sibling.conn.close()
            _worker_signals()
            _serve(theirs, func, items)
            status = 0
        finally:
            _flush()
            os._exit(status)
    theirs.close()
    return _Worker(pid, ours, [])


def _worker_signals() -> None:
    """A worker's own handlers, set before it can receive either signal."""
    try:
        signal.set_wakeup_fd(-1)  # the parent's event loop is not ours to wake
    except ValueError:
        pass  # forked from a thread other than the main one: no wakeup fd to drop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _serve(conn: Connection, func: Callable[[Any], Any], items: Sequence[Any]) -> None:
    """Answer chunk after chunk: the results, or those before the item that
    raised and the exception, so the parent sees what a serial run would."""
    while (task := conn.recv()) is not None:
        start, stop = task
        results: list[Any] = []
        error: Exception | None = None
        try:
            for index in range(start, stop):
                results.append(func(items[index]))
        except Exception as exc:
            error = _portable(exc)
        try:
            payload = pickle.dumps((results, error), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a result that cannot travel: a bug, said as one
            payload = pickle.dumps(([], _portable(exc)), pickle.HIGHEST_PROTOCOL)
        conn.send_bytes(payload)
        forget_all()  # what its tasks remembered for later stages: none runs here


def _portable(exc: Exception) -> Exception:
    """``exc`` itself when it survives pickling, else its traceback as text."""
    try:
        pickle.loads(pickle.dumps(exc, pickle.HIGHEST_PROTOCOL))
        return exc
    except Exception:
        return RemoteError("".join(traceback.format_exception(exc)))


def _reap(worker: _Worker) -> int:
    """Wait for a worker that has exited or been killed; its wait status."""
    worker.alive = False
    try:
        return os.waitpid(worker.pid, 0)[1]
    except ChildProcessError:  # somebody else reaped it
        return 0


def _death(worker: _Worker) -> str:
    """Why a worker's pipe closed, for the person running the build."""
    worker.conn.close()
    status = _reap(worker)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        how = f"was killed by {signal.Signals(number).name}"
        if number == signal.SIGKILL:
            how += " (often the system running out of memory)"
    else:
        how = f"exited with status {os.waitstatus_to_exitcode(status)}"
    return (f"a worker process {how} before it finished; nothing was written. "
            "Build again, or with --jobs 1 to use a single process")


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
