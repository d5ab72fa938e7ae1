"""The search index of a build whose pages went in place first.

Pagefind takes seconds over a site of a thousand pages and a minute over ten
thousand, and an editor who saved a page is waiting for the page, not for
search. So the preview builds with ``defer_search``: the write stage puts the
changed pages in place and leaves the old index (SiteWriter.finish), and the
build cache notes that the index is stale. An :class:`IndexRun` then makes the index,
shard by shard as a build does (search/indexer.py), from the pages in the
output directory into a folder beside it, on a thread of its own, while the
server goes on serving; when it is done, :meth:`IndexRun.finish` puts the new index in
place file by file (write.install_bundle) and tells the cache, so the next
build finds the output directory as the cache says it left it. Until then
search answers from the old index.

The run knows nothing of the server: the caller polls :meth:`IndexRun.done`
and calls :meth:`IndexRun.finish` on the thread that builds.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from briefing.build.api import outputs_after
from briefing.core.index_view import NOTHING_KEPT, Kept, SiteView
from briefing.engine.incremental import BuildCache
from briefing.engine.last_build import LastBuild
from briefing.search.indexer import SHARDS_FILE, ShardedIndexer, Stopped
from briefing.search.pagefind import BUNDLE_DIR, SearchIndexError, pagefind_executable
from briefing.write.site_writer import install_bundle


@dataclass
class Indexing:
    """The sharded indexer at work on a thread; what it raised, if anything."""

    indexer: ShardedIndexer
    thread: threading.Thread | None = None
    error: BaseException | None = None
    kept: Kept = NOTHING_KEPT  # what the indexer kept of the index in place

    def start(self, view: SiteView, bundle_dir: Path) -> None:
        def work() -> None:
            try:
                self.kept = self.indexer(view, bundle_dir)
            except OSError as exc:  # a page a build removed meanwhile, say
                self.error = SearchIndexError(f"could not index the pages: {exc}")
            except BaseException as exc:  # noqa: BLE001 - handed to result()
                self.error = exc

        self.thread = threading.Thread(target=work, name="search-index", daemon=True)
        self.thread.start()

    def done(self) -> bool:
        return self.thread is None or not self.thread.is_alive()

    def result(self) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        self.indexer.runs.stop()
        if self.thread is not None:
            self.thread.join()


@dataclass
class IndexRun:
    """The index of the output of the build ``built`` being made."""

    output_dir: Path
    staging: Path  # the new index goes into staging/BUNDLE_DIR
    pagefind: Indexing
    built: LastBuild  # the build whose pages it indexes
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def start(cls, cache: BuildCache, output_dir: Path) -> IndexRun | None:
        """Start indexing ``output_dir`` if the last build there left its index
        stale; None if there is nothing to do (or no Pagefind to do it)."""
        last = cache.last
        executable = pagefind_executable()
        if last is None or not last.search_stale or last.output_dir != str(output_dir) \
                or executable is None:
            return None
        if last.written is None:
            return None
        staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.index-",
                                        dir=output_dir.parent))
        pages = tuple(sorted(p for p in last.written if not p.startswith(f"{BUNDLE_DIR}/")))
        # The shards the builds since the last index touched, the others kept; which
        # page is in which shard, the pages say (the build's articles are not at hand).
        previous = output_dir / BUNDLE_DIR
        only = last.stale_parts if (previous / SHARDS_FILE).is_file() else None
        run = Indexing(ShardedIndexer(executable, None, only=only))
        try:
            run.start(SiteView(output_dir, pages, previous=previous if only is not None
                               else None), staging / BUNDLE_DIR)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return cls(output_dir, staging, run, last)

    def done(self) -> bool:
        return self.pagefind.done()

    def finish(self, cache: BuildCache) -> bool:
        """Wait for Pagefind and put its index in place; True when the index now
        matches the pages. False when another build has written pages since the
        run started: its index is put in place all the same (it is newer than
        the one there), but the index is still stale and wants another run.
        Raises :class:`~briefing.search.pagefind.SearchIndexError` if Pagefind failed,
        leaving the old index (or a page could not be read)."""
        try:
            self.pagefind.result()
            last = cache.last
            if last is None or not last.search_stale or last.written is None \
                    or last.output_dir != str(self.output_dir):
                return False  # search turned off, say, or another output directory
            written = install_bundle(self.output_dir, last.written, BUNDLE_DIR, self.staging,
                                     self.pagefind.kept)
            cache.wrote(written.files, last.written, written.times_before)
            last.written = written.files
            # The stamp the last build made held: the preview checks it ahead.
            last.outputs = outputs_after(last, self.output_dir, written, True)
            last.search_stale = last is not self.built
            if not last.search_stale:
                last.stale_parts = None
            return not last.search_stale
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def stop(self) -> None:
        """Stop Pagefind and throw its work away (the server is stopping)."""
        try:
            self.pagefind.stop()
        except Stopped:
            pass
        shutil.rmtree(self.staging, ignore_errors=True)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started
