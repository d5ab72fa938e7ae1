"""Making the search index shard by shard (see shards.py).

Each shard to make gets a folder of its own pages only (hard links, or the new
bytes of pages not yet in place), and Pagefind indexes it into a bundle of its
own; at most two Pagefind processes run at once, each over one shard, so the
memory a build needs stays that of indexing a month of articles, whatever the
size of the site. Of each bundle the shard keeps its index (the entry file,
the metadata, ``index/``, ``fragment/``, ``filter/``) in ``pagefind/<shard>/``;
Pagefind's scripts, styles and WebAssembly, the same for every shard, go once
into ``pagefind/``, and the primary shard's folder (shards.primary) gets the
script and WebAssembly the browser loads from it. ``pagefind/shards.json``
lists the shards, the primary first, for the search page to merge.

Shards no changed page touches keep their files where they are: the indexer
says which (core.index_view.Kept), and the write stage keeps them without
reading, linking or copying them.

A full build starts on its article shards as soon as the article pages are
written (:func:`indexing_ahead`), on the core its listing pages leave idle;
the write stage then adds the rest (search/shard_queue.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.core.index_view import Kept, SiteView, link_or_copy
from briefing.config.site import SiteConfig
from briefing.search.pagefind import BUNDLE_DIR, PagefindRun, pagefind_executable
from briefing.render.metadata import PAGES_SHARD
from briefing.search.shard_queue import ShardQueue
from briefing.search.shards import MARK, members, primary, touched

SHARDS_FILE = "shards.json"
AT_ONCE = 2  # Pagefind processes at a time: two cores, bounded memory
_INDEX_FOLDERS = ("index", "fragment", "filter")
_RUNTIME = ("pagefind.js", "pagefind-worker.js")  # and wasm.*.pagefind


def _is_index_file(name: str) -> bool:
    return name == "pagefind-entry.json" or name.endswith(".pf_meta")


def _is_runtime(name: str) -> bool:
    return name in _RUNTIME or (name.startswith("wasm.") and name.endswith(".pagefind"))


class Stopped(Exception):
    """The indexing was stopped (the preview is stopping)."""


@dataclass
class Runs:
    """Pagefind processes under way, so that :meth:`stop` can end them."""

    running: list[PagefindRun] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def stop(self) -> None:
        self.stopped.set()
        with self.lock:
            for run in self.running:
                run.stop()


@dataclass(frozen=True)
class ShardedIndexer:
    """The write stage's indexer (core.index_view.Indexer)."""

    executable: Path
    shard_of: Mapping[str, str] | None  # article page → its shard; None: pages say
    runs: Runs = field(default_factory=Runs)
    # The shards to make, the others kept from ``view.previous`` (the preview's
    # index, made after the builds that made these stale); None: as the view says.
    only: frozenset[str] | None = None
    head: ShardQueue | None = None  # article shards under way already (:meth:`ahead`)

    def touched(self, view: SiteView) -> frozenset[str] | None:
        """The shards ``view``'s changes make stale (None: all)."""
        shards = touched(view, self.shard_of)
        return None if shards is None else frozenset(shards)

    def __call__(self, view: SiteView, bundle_dir: Path) -> Kept:
        groups = members(view, BUNDLE_DIR, self.shard_of)
        todo = set(self.only) if self.only is not None else touched(view, self.shard_of)
        previous = view.previous
        keep = {shard for shard in groups if todo is not None and shard not in todo
                and previous is not None and (previous / shard).is_dir()}
        bundle_dir.mkdir(parents=True, exist_ok=True)
        queue = self.head or self._queue(bundle_dir.parent)
        try:
            todo_now = [s for s in groups if s not in keep and s not in queue.claimed]
            # The largest first (``pages``, with every story and term): the runs
            # then end nearer together, none left alone at the end.
            todo_now.sort(key=lambda shard: (-len(groups[shard]), shard))
            queue.add({s: self._begin(view, s, groups[s], queue.work) for s in todo_now},
                      first=True)
            made = queue.join(AT_ONCE)
            for shard in sorted(made):  # in name order: the same bundle every time
                _move_bundle(queue.work / f"out-{shard}", bundle_dir, shard)
            if not made and previous is not None:
                _take_root_files(previous, bundle_dir)
            _finish_bundle(bundle_dir, sorted(keep | made))
        finally:
            shutil.rmtree(queue.work, ignore_errors=True)
        return Kept(frozenset(keep), _is_runtime)

    def ahead(self, view: SiteView) -> ShardedIndexer:
        """This indexer with the shards of the article pages in ``view`` (a full
        build's, written and final) being indexed now, one at a time, in a thread
        of its own; :meth:`__call__` adds the rest. See search/shard_queue.py."""
        groups = members(view, BUNDLE_DIR, self.shard_of)
        groups.pop(PAGES_SHARD, None)  # not all written yet: listings come later
        queue = self._queue(view.root)
        queue.add({s: self._placed(view, s, groups[s], queue) for s in sorted(groups)})
        return replace(self, head=queue.start(1))

    def discard(self) -> None:
        """Stop what :meth:`ahead` started, if it runs still, and remove its work."""
        if self.head is None:
            return
        self.head.close()
        shutil.rmtree(self.head.work, ignore_errors=True)

    def _queue(self, beside: Path) -> ShardQueue:
        work = Path(tempfile.mkdtemp(prefix=".shards-", dir=beside))
        return ShardQueue(self._wait, self.runs.stop, work)

    def _begin(self, view: SiteView, shard: str, paths: list[str], work: Path
               ) -> Callable[[], PagefindRun | None]:
        """What starts the shard's run, its pages placed when it is called."""
        return lambda: self._start(shard, self._place(view, shard, paths, work), work)

    def _placed(self, view: SiteView, shard: str, paths: list[str], queue: ShardQueue
                ) -> Callable[[], PagefindRun | None]:
        """What starts the shard's run, its pages placed now: on one thread while
        the run shares the machine with the build's listings (a Pagefind of its
        own choosing, a thread per core, slowed them by a third), with as many
        as it likes once the build has joined (a machine of four cores or more
        has them to spare)."""
        site = self._place(view, shard, paths, queue.work)
        return lambda: self._start(shard, site, queue.work,
                                   threads=None if queue.joining else 1)

    def _place(self, view: SiteView, shard: str, paths: list[str], work: Path) -> Path | None:
        """The shard's searchable pages linked into a folder of their own; None if none is."""
        site = work / f"site-{shard}"
        placed = 0
        for path in paths:
            data = view.read(path)
            if MARK in data:  # a page Pagefind would leave out: not handed to it
                view.place(path, site, data)
                placed += 1
        return site if placed else None

    def _start(self, shard: str, site: Path | None, work: Path,
               threads: int | None = None) -> PagefindRun | None:
        if self.runs.stopped.is_set():
            raise Stopped
        if site is None:
            return None  # no searchable page: no shard (Pagefind refuses an empty site)
        run = PagefindRun.start(self.executable, site, work / f"out-{shard}", threads=threads)
        with self.runs.lock:  # Runs.stop sets ``stopped``, then ends the runs listed
            self.runs.running.append(run)
            stopped = self.runs.stopped.is_set()
        if stopped:  # stopped while this one started, perhaps before it was listed
            run.stop()
            with self.runs.lock:
                self.runs.running.remove(run)
            raise Stopped
        return run

    def _wait(self, run: PagefindRun) -> None:
        try:
            run.result()
        except BaseException:  # Ctrl-C while waiting, say: the run must not outlive it
            run.stop()
            raise
        finally:
            with self.runs.lock:
                self.runs.running.remove(run)
        if self.runs.stopped.is_set():
            raise Stopped


@contextmanager
def indexing_ahead(indexer: ShardedIndexer | None, view: SiteView | None
                   ) -> Iterator[ShardedIndexer | None]:
    """``indexer`` already at work on the article pages of ``view`` (a full
    build's, written), or as it is without one; whatever it started and did not
    finish, stopped when the block ends (a build that failed)."""
    if indexer is None or view is None:
        yield indexer
        return
    ahead = indexer.ahead(view)
    try:
        yield ahead
    finally:
        ahead.discard()


def search_indexer(config: SiteConfig, shard_of: Mapping[str, str] | None
                   ) -> ShardedIndexer | None:
    """What the write stage runs to index a build into its bundle folder; None
    when search is off. ``shard_of``: each article page's shard."""
    if not config.search:
        return None
    executable = pagefind_executable()
    if executable is None:  # check_search turned search off already; this is a safeguard
        return None
    return ShardedIndexer(executable, shard_of)


def _move_bundle(made: Path, bundle_dir: Path, shard: str) -> None:
    """A shard's Pagefind bundle, its index into ``bundle_dir/shard``, the rest
    (scripts, styles, WebAssembly: the same in every bundle) into ``bundle_dir``."""
    target = bundle_dir / shard
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(made.iterdir()):
        if item.is_dir() and item.name in _INDEX_FOLDERS or _is_index_file(item.name):
            item.rename(target / item.name)
        elif item.is_file() and not (bundle_dir / item.name).exists():
            item.rename(bundle_dir / item.name)


def _take_root_files(previous: Path, bundle_dir: Path) -> None:
    """Pagefind's scripts and styles, from the last build's index, when no shard
    was made this time."""
    for file in sorted(previous.iterdir()):
        if file.is_file() and file.name != SHARDS_FILE:
            link_or_copy(file, bundle_dir / file.name)


def _finish_bundle(bundle_dir: Path, shards: list[str]) -> None:
    """The primary shard's script and WebAssembly, and the list of shards."""
    first = primary(shards)
    if first is not None:
        (bundle_dir / first).mkdir(exist_ok=True)  # a kept shard has no folder here
        for file in sorted(bundle_dir.iterdir()):
            if file.is_file() and _is_runtime(file.name):
                link_or_copy(file, bundle_dir / first / file.name)
    ordered = [first, *(s for s in shards if s != first)] if first else []
    (bundle_dir / SHARDS_FILE).write_text(
        json.dumps({"shards": ordered}, separators=(",", ":")) + "\n", encoding="utf-8")
