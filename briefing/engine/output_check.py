"""Is the last build's output as it left it? The check a build starts first.

A build may update its output in place only if every file the last build
wrote is still there as it wrote it; at 10,000 articles that is 43,000
``stat`` calls, so the check is started early, in another process when that
is worth it (``stamp_later.StampLater``), and its answer taken when the build is
about to write. The preview starts it right after a build, for the next one.
"""

from __future__ import annotations

from pathlib import Path

from briefing.engine.last_build import LastBuild
from briefing.engine.stamp import Stamp, same_bytes, stamp_files
from briefing.engine.stamp_later import StampLater


class Taken:
    """A stamp taken already, standing in for a :class:`StampLater`."""

    def __init__(self, stamp: Stamp) -> None:
        self._stamp = stamp

    def result(self) -> Stamp:
        return self._stamp


class OutputCheck:
    """One build's check of the output, and its answer once taken."""

    def __init__(self) -> None:
        # The check under way: its folder, the stamp being taken, the stamp it checks.
        self.pending: tuple[str, StampLater | Taken, Stamp] | None = None
        # The answer: folder, intact, intact by its stamp (not only by its bytes).
        self.answer: tuple[str, bool, bool] | None = None

    def start(self, last: LastBuild | None, output_dir: Path, ahead: bool = False) -> None:
        """Start checking the last build's output in ``output_dir``, so the caller
        can stamp the inputs meanwhile. ``ahead`` (the preview, right after a
        build): for the next build, which keeps it rather than start its own, so
        an edit need not wait for it; a file changed by hand in between is
        noticed one build later, when the output is made whole again."""
        earlier, self.pending, self.answer = self.pending, None, None
        if not ahead and earlier is not None and last is not None \
                and earlier[0] == str(output_dir) and earlier[2] is last.outputs:
            self.pending = earlier  # checked ahead, for this very output
            return
        if earlier is not None:  # one nobody asked about: end its process
            earlier[1].result()
        if last is not None and last.output_dir == str(output_dir):
            self.pending = (str(output_dir), StampLater(output_dir, last.outputs), last.outputs)

    def assume(self, last: LastBuild | None, output_dir: Path) -> None:
        """Take the output as ``last`` stamped it, for the next build, without
        looking: the preview's first build has just stamped it (written, or
        checked whole), and checking it again as the server starts would fork
        the server, whose pages the first save's build then copies one by one
        while the check runs (a first save 0.4 s, others 0.15 s, at 10,000
        articles). As with a check made ahead, a file changed by hand in
        between is noticed one build later, by the check made after it."""
        self.pending, self.answer = None, None
        if last is not None and last.output_dir == str(output_dir):
            self.pending = (str(output_dir), Taken(last.outputs), last.outputs)

    def intact(self, last: LastBuild | None, output_dir: Path) -> bool:
        """The last build's output is in ``output_dir``, untouched since, and the
        digest of each of its files is known: it can be updated in place. Asked
        again in the same build (a narrow build that gave up), the same answer."""
        if self.answer is not None and self.answer[0] == str(output_dir):
            return self.answer[1]
        unchanged = self.unchanged(last, output_dir)
        self.pending = None  # the build writes from now on: the answer is spent
        intact = last is not None and last.written is not None and (
            unchanged or _same_bytes(last, output_dir))
        self.answer = (str(output_dir), intact, unchanged)
        return intact

    def held(self, output_dir: Path) -> bool:
        """The last output stamp matched ``output_dir`` as this build found it, so
        the build's own can be made from it (not when only the files' bytes
        matched: a restored output has times of its own)."""
        return self.answer is not None and self.answer[0] == str(output_dir) \
            and self.answer[2]

    def unchanged(self, last: LastBuild | None, output_dir: Path) -> bool:
        """Every file the last build wrote into ``output_dir`` is still there, with
        the size and time it had (as :meth:`start` found, if it was called).
        Files someone added beside them do not count: no build reads them, and
        briefing never deletes what it did not write."""
        if last is None or last.output_dir != str(output_dir):
            return False
        check = self.pending
        now = (check[1].result() if check is not None and check[0] == str(output_dir)
               else stamp_files(output_dir, last.outputs.paths))
        return last.outputs.matches(now)


def _same_bytes(last: LastBuild, output_dir: Path) -> bool:
    """Every file the last build wrote still holds the bytes it wrote, though
    times say otherwise: a deploy restores the output from the Actions cache
    with times of its own, and that must not make a whole build of it."""
    if last.written is None or last.output_dir != str(output_dir):
        return False
    from briefing.write.site_writer import MANIFEST
    return (output_dir / MANIFEST).is_file() and same_bytes(output_dir, last.written)
