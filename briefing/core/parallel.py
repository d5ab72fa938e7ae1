"""Run one function over many items on every core, results in input order.

Worker processes are forked, so they start with everything the parent has
already built (the loaded site, the compiled glossary matcher, the Markdown
parser, the Jinja environment) instead of rebuilding or unpickling it; only
the item's index goes to a worker and only its result comes back. Results
arrive in order, so a parallel build writes, warns and fails exactly like a
serial one.

Before forking, the parent's objects are frozen out of the cyclic garbage
collector (``gc.freeze``, as Python's documentation advises for fork without
exec): otherwise each worker's first full collection walks, and so copies,
every page of a multi-gigabyte parent.

Forking is only safe in a process with a single thread and only available on
POSIX systems other than macOS (whose system libraries do not survive a fork);
anywhere else, and for work too small to be worth a process, the function
simply runs in this process.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 32  # below this a pool costs more than it saves
CHUNK = 8  # items per message to a worker: fewer round trips, still balanced


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def ordered_map(func: Callable[[Item], Result], items: Sequence[Item],
                jobs: int | None = None) -> Iterator[Result]:
    """``map(func, items)``, spread over ``jobs`` processes (default: every core).
    A worker that dies fails the build with ``pool.WorkerDied``; see pool.py for
    how workers are started and stopped."""
    jobs = min(jobs or available_cores(), max(1, len(items) // CHUNK))
    if jobs < 2 or len(items) < MIN_ITEMS or not can_fork():
        yield from map(func, items)
        return
    from briefing.core.pool import (
        run_chunks,  # not before it is needed: build checks import this
    )

    with frozen_heap():  # workers' collections must not walk (and so copy) our objects
        yield from run_chunks(func, items, CHUNK, jobs)


FULL_COLLECTIONS_NEVER = 1 << 30  # collections of the youngest generations still run
_blocks = [0]  # frozen_heap blocks open now (nested ones count)
_kept = [False]  # the heap is frozen between blocks (keep_frozen): the preview's


def keep_frozen() -> None:
    """Freeze every object alive now, and keep the heap frozen past the end of
    any :func:`frozen_heap` block until :func:`thaw`: a long-running process
    between builds (preview/steps.py). A flag says so, not
    ``gc.get_freeze_count()``, which counts the frozen objects one by one:
    0.13 s at 10,000 articles, paid by every build of a preview whose heap
    was frozen."""
    gc.freeze()
    _kept[0] = True


def thaw() -> None:
    """Undo :func:`keep_frozen`: every frozen object in the collector's sight again."""
    gc.unfreeze()
    _kept[0] = False


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep every object alive now out of the cyclic garbage collector's sight
    until the block ends (``gc.freeze``). Besides forking, for a build that
    has read a large cache: its millions of objects live to the end anyway,
    and every full collection the build's own allocations set off would walk
    them all (about a second each at 10,000 articles). The same holds for what
    the build reads from its store once the block has begun, row by row: no
    full collection runs until the block ends. Objects are still freed
    when nothing refers to them; only cycles among them wait. Nests: only the
    outermost block turns full collections back on, and it unfreezes only
    what was not frozen before it: a long-running preview server that keeps
    its heap frozen between builds (:func:`keep_frozen`) keeps it frozen, and its
    builds run without full collections like a fresh process's (they used to
    run them over everything allocated since the server last froze its heap:
    half a second and more per build at 10,000 articles)."""
    outermost = _blocks[0] == 0
    frozen_before = _kept[0]
    thresholds = gc.get_threshold()
    gc.freeze()
    if outermost:  # what the build reads from its store meanwhile lives to the end too
        gc.set_threshold(thresholds[0], thresholds[1], FULL_COLLECTIONS_NEVER)
    _blocks[0] += 1
    try:
        yield
    finally:
        _blocks[0] -= 1
        if outermost:
            gc.set_threshold(*thresholds)
            if not frozen_before:
                gc.unfreeze()


def can_fork() -> bool:
    return (hasattr(os, "fork") and sys.platform != "darwin"
            and threading.active_count() == 1)
