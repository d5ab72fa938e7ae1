"""Process-wide memos that a forked worker lets go of after each chunk of tasks.

Some stages remember what they computed for later stages of the same build:
the blocks of every parsed text (text/parsed.py), the glossary matches of
every text searched (glossary/matcher.py), the HTML of rendered note bodies
(render/markdown.py). In the process that runs the build they pay for
themselves. A forked worker (core/pool.py), though, runs one article's job
after another, and no later stage ever reads what it remembered: at 10,000
articles each of two workers grew by some 200 MB over a cold build, all of it
memos of texts it would never see again. So the modules that keep such memos
register how to empty them here, and a worker empties them after each chunk
of tasks (what one task remembers is there for the rest of that task).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

_forgetters: list[Callable[[], Callable[[], None] | None]] = []


def forget_in_workers(forget: Callable[[], None]) -> None:
    """Register ``forget`` (a function, or a bound method, held weakly: its
    object may go) to be called in a worker after each chunk of tasks. The
    entries of objects gone are dropped then: a long-running preview compiles
    a matcher for each glossary it builds, and registers each."""
    _forgetters[:] = [reference for reference in _forgetters if reference() is not None]
    if hasattr(forget, "__func__"):  # a method of an object of ours
        _forgetters.append(weakref.WeakMethod(forget))  # type: ignore[arg-type]
    else:
        _forgetters.append(lambda: forget)


def forget_all() -> None:
    """Empty every registered memo (a worker, between chunks)."""
    alive = []
    for reference in _forgetters:
        forget = reference()
        if forget is not None:
            forget()
            alive.append(reference)
    _forgetters[:] = alive
