"""A stamp of the last build's output files, taken beside the build.

At 10,000 articles the output is 43,000 files, one ``stat`` each, about 0.2 s
of Python: a forked process takes the stamp while the build stamps its inputs.
A build that found its inputs unchanged then waits for the answer, which
decides whether there is anything to do; so the waiting parent shares the
rest. The stamp is a sum of one term per file (stamp.py), so its parts add
up: the child sums blocks of files from the front of the list and reports
each block's running total; the parent sums blocks from the back until the
two meet, then ends the child. A child that is done before anyone asks (an
edit's build, the preview's check made ahead) has left its total in the pipe;
one that fails leaves the rest to the parent.
"""

from __future__ import annotations

import gc
import os
import signal
from contextlib import suppress
from pathlib import Path

from briefing.engine.stamp import MISSING, Stamp, stamp_files, sum_hex, sum_of

BLOCK = 1_000  # files summed between two reports of the child


class StampLater:
    """:func:`stamp.stamp_files`, taken in a forked process while this one does
    something else (stamps the inputs); taken here, at once, where forking is
    unavailable or unsafe, on a single core, or for too few files to be worth
    a process."""

    FORK_MIN = 4_000  # files

    def __init__(self, folder: Path, files: Stamp) -> None:
        """Stamp again, in ``folder``, the files ``files`` (a stamp) lists."""
        from briefing.core.parallel import available_cores, can_fork

        self._names = files.names
        self._stamp: Stamp | None = None
        self._child: tuple[int, int] | None = None  # process id, end of the pipe to read
        self._paths = files.paths
        self._prefix = os.path.join(str(folder), "")
        if files.count < self.FORK_MIN or available_cores() < 2 or not can_fork():
            self._stamp = stamp_files(folder, self._paths)
            return
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child reports and leaves, skipping all cleanup
            try:
                gc.disable()  # short-lived: collections would only copy the parent's pages
                os.close(reader)
                os.chdir(folder)  # only this process's: paths relative to it are faster
                _report(self._paths, writer)
            finally:
                os._exit(0)
        os.close(writer)
        self._child = (pid, reader)

    def result(self) -> Stamp:
        """The stamp, the parent summing blocks from the back while the child
        has not reached them."""
        if self._child is not None:
            pid, reader = self._child
            self._child = None
            try:
                total = _Meeting(self._paths, self._prefix, reader).total()
            finally:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)  # done, or no longer needed
                os.waitpid(pid, 0)
                os.close(reader)
            self._stamp = Stamp("", self._names, MISSING if total is None else sum_hex(total))
        assert self._stamp is not None
        return self._stamp


def _report(paths: list[str], writer: int) -> None:
    """The child's part: the running total after each block from the front,
    as "<files counted> <total>" lines; "!" when a file is missing."""
    total = 0
    for start in range(0, len(paths), BLOCK):
        end = min(start + BLOCK, len(paths))
        part = sum_of(paths[start:end])
        if part is None:
            os.write(writer, b"!\n")
            return
        total += part
        os.write(writer, f"{end} {total}\n".encode())


class _Meeting:
    """The parent's part: blocks from the back, on the same grid as the child's,
    until the child's reports reach them."""

    def __init__(self, paths: list[str], prefix: str, reader: int) -> None:
        self.paths, self.prefix, self.reader = paths, prefix, reader
        self.totals = {0: 0}  # files counted from the front → the child's total then
        self.front = 0  # files the child has counted
        self.failed = False  # the child found a file missing
        self.open = True  # the child may still report
        self.unread = b""

    def total(self) -> int | None:
        back, behind = len(self.paths), 0  # files from ``back`` on, and their sum
        os.set_blocking(self.reader, False)
        while True:
            self._read()
            if self.failed:
                return None
            if self.front >= back:
                return self.totals[back] + behind
            start = (back - 1) // BLOCK * BLOCK
            part = sum_of(self.paths[start:back], self.prefix)
            if part is None:
                return None
            back, behind = start, behind + part

    def _read(self) -> None:
        """Take in whatever the child has reported since."""
        while self.open:
            try:
                data = os.read(self.reader, 65536)
            except BlockingIOError:
                break
            if not data:
                self.open = False
                break
            self.unread += data
        *lines, self.unread = self.unread.split(b"\n")
        for line in lines:
            if line == b"!":
                self.failed = True
                continue
            counted, total = map(int, line.split())
            self.totals[counted], self.front = total, counted
