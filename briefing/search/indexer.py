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
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.index_view import Kept, SiteView, link_or_copy
from briefing.config.site import SiteConfig
from briefing.search.pagefind import BUNDLE_DIR, PagefindRun, pagefind_executable
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
        work = Path(tempfile.mkdtemp(prefix=".shards-", dir=bundle_dir.parent))
        try:
            made = self._make(view, {s: p for s, p in groups.items() if s not in keep},
                              work, bundle_dir)
            if not made and previous is not None:
                _take_root_files(previous, bundle_dir)
            _finish_bundle(bundle_dir, sorted(keep | made))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return Kept(frozenset(keep), _is_runtime)

    def _make(self, view: SiteView, groups: dict[str, list[str]], work: Path,
              bundle_dir: Path) -> set[str]:
        """Index each shard of ``groups`` into ``bundle_dir``, AT_ONCE at a time;
        the shards that had pages to index."""
        waiting = sorted(groups)
        running: list[tuple[str, PagefindRun]] = []
        made: set[str] = set()
        try:
            while waiting or running:
                while waiting and len(running) < AT_ONCE:
                    shard = waiting.pop(0)
                    run = self._start(view, shard, groups[shard], work)
                    if run is not None:
                        running.append((shard, run))
                if running:
                    shard, run = running.pop(0)
                    self._wait(run)
                    _move_bundle(work / f"out-{shard}", bundle_dir, shard)
                    made.add(shard)
        finally:
            for _, run in running:
                run.stop()
        return made

    def _start(self, view: SiteView, shard: str, paths: list[str], work: Path
               ) -> PagefindRun | None:
        if self.runs.stopped.is_set():
            raise Stopped
        site = work / f"site-{shard}"
        placed = 0
        for path in paths:
            data = view.read(path)
            if MARK in data:  # a page Pagefind would leave out: not handed to it
                view.place(path, site, data)
                placed += 1
        if not placed:
            return None  # no searchable page: no shard (Pagefind refuses an empty site)
        run = PagefindRun.start(self.executable, site, work / f"out-{shard}")
        with self.runs.lock:
            self.runs.running.append(run)
        return run

    def _wait(self, run: PagefindRun) -> None:
        try:
            run.result()
        finally:
            with self.runs.lock:
                self.runs.running.remove(run)
        if self.runs.stopped.is_set():
            raise Stopped


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
