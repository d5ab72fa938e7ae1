"""Hold Ctrl-C and SIGTERM back while the output directory changes hands.

A build can be interrupted at any point before it starts putting files in
place, and its staging folder is then simply discarded. Putting them in place
(two renames, or replacing the changed files of an update one by one) must not
stop half way, or the output would be neither the old site nor the new one.
While :func:`deferred` holds, a stop signal is only noted; it is raised again
as soon as the block ends, so the interrupt still happens, just after the
swap.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred() -> Iterator[None]:
    """Run the block whole, then deliver any SIGINT or SIGTERM that came meanwhile.

    Python handles signals in the main thread only, and only handlers set from
    Python can be put back; elsewhere the block runs as it is."""
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    if threading.current_thread() is not threading.main_thread() \
            or None in previous.values():
        yield
        return
    caught: list[int] = []

    def note(number: int, frame: FrameType | None) -> None:
        caught.append(number)

    for number in STOP_SIGNALS:
        signal.signal(number, note)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])
