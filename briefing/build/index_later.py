"""The search index of a build whose pages went in place first.

Pagefind takes seconds over a site of a thousand pages and a minute over ten
thousand, and an editor who saved a page is waiting for the page, not for
search. So the preview builds with ``defer_search``: the write stage puts the
changed pages in place and leaves the old index (SiteWriter.finish), and the
build cache notes that the index is stale. An :class:`IndexRun` then runs
Pagefind over the output directory into a folder beside it while the server
goes on serving; when it is done, :meth:`IndexRun.finish` puts the new index in
place file by file (write.install_bundle) and tells the cache, so the next
build finds the output directory as the cache says it left it. Until then
search answers from the old index.

The run knows nothing of the server: the caller polls :meth:`IndexRun.done`
and calls :meth:`IndexRun.finish` on the thread that builds.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from briefing.build.api import output_stamp
from briefing.engine.incremental import BuildCache, LastBuild
from briefing.search.pagefind import BUNDLE_DIR, PagefindRun, pagefind_executable
from briefing.write.site_writer import install_bundle


@dataclass
class IndexRun:
    """Pagefind indexing the output of the build ``built``, under way."""

    output_dir: Path
    staging: Path  # the new index goes into staging/BUNDLE_DIR
    pagefind: PagefindRun
    built: LastBuild  # the build whose pages it indexes
    started: float  # time.monotonic()

    @classmethod
    def start(cls, cache: BuildCache, output_dir: Path) -> IndexRun | None:
        """Start indexing ``output_dir`` if the last build there left its index
        stale; None if there is nothing to do (or no Pagefind to do it)."""
        last = cache.last
        executable = pagefind_executable()
        if last is None or not last.search_stale or last.output_dir != str(output_dir) \
                or executable is None:
            return None
        staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.index-",
                                        dir=output_dir.parent))
        try:
            run = PagefindRun.start(executable, output_dir, staging / BUNDLE_DIR)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return cls(output_dir, staging, run, last, time.monotonic())

    def done(self) -> bool:
        return self.pagefind.done()

    def finish(self, cache: BuildCache) -> bool:
        """Wait for Pagefind and put its index in place; True when the index now
        matches the pages. False when another build has written pages since the
        run started: its index is put in place all the same (it is newer than
        the one there), but the index is still stale and wants another run.
        Raises :class:`~briefing.search.pagefind.SearchIndexError` if Pagefind failed,
        leaving the old index."""
        try:
            self.pagefind.result()
            last = cache.last
            if last is None or not last.search_stale or last.written is None \
                    or last.output_dir != str(self.output_dir):
                return False  # search turned off, say, or another output directory
            written = install_bundle(self.output_dir, last.written, BUNDLE_DIR, self.staging)
            last.written = written.files
            last.outputs = output_stamp(self.output_dir, written.files)
            last.search_stale = last is not self.built
            return not last.search_stale
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def stop(self) -> None:
        """Stop Pagefind and throw its work away (the server is stopping)."""
        self.pagefind.stop()
        shutil.rmtree(self.staging, ignore_errors=True)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started
