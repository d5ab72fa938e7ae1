"""One whole build: load → merge → render → write, or nothing when nothing changed.

This is the API the CLI and the preview server call; it knows nothing about
either. Problems in the content raise :class:`ContentErrors` listing all of
them; warnings come back in the result.

A build first compares the stamp of everything it would read with the one the
last build recorded (see engine/stamp.py and engine/incremental.py): when they match and
the output directory is as that build left it, there is nothing to do, and
neither the pipeline (build/pipeline.py) nor even the YAML parser for site.yml is
imported. Otherwise the pipeline runs, reusing whatever the cache says is
unchanged.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.build.lock import site_lock
from briefing.config.layout import ANNOTATIONS_DIR, ARTICLES_DIR, STORIES_DIR
from briefing.config.sitefile import find_config
from briefing.core.errors import Diagnostic, Diagnostics, NotAnOutputDir, in_reading_order
from briefing.core.file_list import Overlay
from briefing.core.files import FileTimes
from briefing.core.package import BUILTIN_THEME_DIRS, DEFAULT_THEME
from briefing.core.parallel import frozen_heap
from briefing.engine.code_version import code_version
from briefing.engine.incremental import BuildCache
from briefing.engine.input_files import InputFiles
from briefing.engine.last_build import LastBuild
from briefing.engine.packed import Spill
from briefing.engine.restamp import compare_inputs, restamp
from briefing.engine.stamp import Stamp, restamped, stamp_files, stamp_with_times
from briefing.engine.store import CacheFile, cache_file
from briefing.write.manifest import check_top_level

if TYPE_CHECKING:
    from briefing.build.pipeline import Checked, Done
    from briefing.engine.explain import Explanation
    from briefing.config.site import SiteConfig
    from briefing.render.context import Progress
    from briefing.write.site_writer import Written


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path | None = None
    output_dir: Path | None = None  # overrides site.yml's output_dir
    drafts: bool = False
    base_url: str | None = None  # overrides site.yml's base_url
    use_cache: bool = True  # False: neither read nor write .briefing-cache/
    jobs: int | None = None  # worker processes for articles (default: one per core)
    # Put the pages in place without waiting for the search index, which is left
    # as it was for index_later.IndexRun to replace (the preview).
    defer_search: bool = False
    explain: bool = False  # say why each file was written (BuildResult.explanation)


@dataclass(frozen=True)
class BuildResult:
    output_dir: Path
    pages: int
    files: int
    warnings: list[Diagnostic] = field(default_factory=list)
    changed: int = 0  # files written or removed; 0 when the output was up to date
    full: bool = True  # a whole new output directory (not an update of the last one)
    up_to_date: bool = False  # nothing had changed: nothing was loaded or written
    search_stale: bool = False  # defer_search: the search index is older than the pages
    explanation: Explanation | None = None  # with BuildOptions.explain
    narrow: bool = False  # only edited articles were built, alone (build/narrow.py)
    touched: int = 0  # up to date: input files with new times but the same bytes


def read_config(options: BuildOptions, diagnostics: Diagnostics) -> SiteConfig:
    """site.yml, checked (YAML is imported only now: see build())."""
    from briefing.config.site import load_config

    config = load_config(options.config_path, diagnostics, base_url=options.base_url)
    diagnostics.raise_if_errors()
    assert config is not None
    return config


def load_and_check(options: BuildOptions) -> Checked:
    """Load and merge the site and run the editorial checks; raises on errors."""
    from briefing.build.pipeline import load_and_check as run

    return run(options)


def build(options: BuildOptions, progress: Progress | None = None,
          cache: BuildCache | None = None,
          waiting: Callable[[str], None] | None = None,
          input_files: InputFiles | None = None) -> BuildResult:
    """Build the site. Without a ``cache`` (which a long-running caller such as the
    preview server keeps in memory) the one in ``.briefing-cache/`` is used.
    ``input_files``, kept by a caller told of every change (the preview), stamps
    the inputs from the files that changed instead of walking them all.

    Builds of one site take turns (see sitelock.py): ``waiting`` is told when
    this one must wait for another."""
    config_path = find_config(options.config_path)
    with site_lock(config_path.parent, waiting):
        return _build(options, config_path, progress, cache, input_files)


def _build(options: BuildOptions, config_path: Path, progress: Progress | None,
           cache: BuildCache | None, input_files: InputFiles | None = None) -> BuildResult:
    diagnostics = Diagnostics()
    diagnostics.root = config_path.parent
    store: CacheFile | None = None
    kept = cache is not None or options.use_cache  # a later build reads this one's work
    if cache is None:
        store = cache_file(config_path.parent, cache_key(options, config_path)) \
            if options.use_cache else None
        cache = store.load(diagnostics) if store else BuildCache()
        cache.let_go = True  # this build is its last: see BuildCache.let_go
        cache.spill = Spill(store.path.parent) if store is not None else None
    cache.rendered, cache.changed_inputs = 0, None
    last = cache.last
    inputs = None
    if last is not None:  # site.yml is an input: until it changes, so is what it says
        output_dir = options.output_dir.absolute() if options.output_dir else Path(last.output_dir)
        if str(output_dir) == last.output_dir:  # a full build would refuse what it finds
            check_top_level(output_dir, last.outputs.paths)
        indexer = indexer_identity(last.search)
        inputs = stamp_inputs(cache, output_dir, last.roots,
                              settings(options, config_path, output_dir, indexer), input_files)
        wait_for_index = last.search_stale and not options.defer_search
        built = None if wait_for_index else \
            _built_already(cache, store, inputs, diagnostics, output_dir)
        if built is not None:
            return built
    config = read_config(options, diagnostics)
    output_dir = (options.output_dir or (config.root / config.output_dir)).absolute()
    check_output_place(config, output_dir)
    indexer = indexer_identity(config.search)
    roots = input_roots(config)
    wanted = settings(options, config_path, output_dir, indexer)
    if inputs is None or last is None or (inputs.settings, last.roots) != (wanted, roots):
        inputs = stamp_inputs(cache, output_dir, roots, wanted, input_files)
        cache.changed_inputs = None
    if cache.changed_inputs is None and kept:  # hashed before anything reads them
        compare_inputs(cache, inputs)
    stale_index = stale_before(last, indexer)
    with frozen_heap():  # to the store's save: see parallel.frozen_heap
        done, explanation = _run(options, config, output_dir, cache, progress, stale_index,
                                 inputs)
        cache.wrote(done.written.files, last.written if last is not None else None,
                    done.written.times_before)
        cache.last = LastBuild(inputs, str(output_dir),
                               outputs_after(last, output_dir, done.written,
                                             cache.stamp_held(output_dir)),
                               done.pages, done.warnings, indexer, roots, config.search,
                               done.written.files, search_stale=done.written.index_stale,
                               stale_parts=stale_parts(last, done.written))
        if store is not None:
            store.save(cache, diagnostics)
    return BuildResult(output_dir, done.pages, done.written.count,
                       diagnostics.warnings + in_reading_order(done.warnings),
                       changed=done.written.changed,
                       full=done.full, search_stale=done.written.index_stale,
                       explanation=explanation, narrow=done.narrow)


def _built_already(cache: BuildCache, store: CacheFile | None, inputs: Stamp,
                   diagnostics: Diagnostics, output_dir: Path) -> BuildResult | None:
    """The result of a build with nothing to do, or None when there is work: no
    input changed by its size and time, or none by its bytes (the others' new
    times are then saved, so the next build can tell from the stamp alone:
    engine/input_bytes.py). Racily clean files the stamp had to read again
    are trusted by their times once they are old enough, as Git's index is
    written again after its racily clean entries settle."""
    last = cache.last
    assert last is not None
    stamp_output = partial(output_stamp, output_dir)
    if cache.up_to_date(inputs, output_dir):
        settled = bool(last.inputs.racy) and not inputs.racy
        if settled and compare_inputs(cache, inputs).none \
                and restamp(cache, inputs, output_dir, stamp_output):
            _save_stamp(cache, store, inputs, diagnostics)
        touched = 0
    elif compare_inputs(cache, inputs).none and restamp(cache, inputs, output_dir, stamp_output):
        _save_stamp(cache, store, inputs, diagnostics)
        touched = cache.changed_inputs.retimed if cache.changed_inputs else 0
    else:
        return None
    return BuildResult(output_dir, last.pages, last.files,
                       diagnostics.warnings + in_reading_order(last.warnings),
                       up_to_date=True, full=False, search_stale=last.search_stale,
                       touched=touched)


def _save_stamp(cache: BuildCache, store: CacheFile | None, inputs: Stamp,
                diagnostics: Diagnostics) -> None:
    """Save the stamp ``engine/restamp.restamp`` took, with each input's time and digest."""
    changes = cache.changed_inputs
    assert changes is not None
    cache.input_times = every_input_time(inputs, cache.file_times)
    cache.input_digests = changes.digests
    if store is not None:
        store.save(cache, diagnostics)


def _run(options: BuildOptions, config: SiteConfig, output_dir: Path, cache: BuildCache,
         progress: Progress | None, stale_index: frozenset[str] | None, inputs: Stamp
         ) -> tuple[Done, Explanation | None]:
    """The pipeline, and what ``--explain`` says of it (when asked)."""
    from briefing.build.definitions import definitions_build  # only now: they import
    from briefing.build.narrow import narrow_build  # everything
    from briefing.build.pipeline import run_build

    cache.reasons = {} if options.explain else None
    cache.load_work()
    done = narrow_build(options, config, output_dir, cache, inputs, stale_index) \
        or definitions_build(options, config, output_dir, cache, inputs, stale_index) \
        or run_build(options, config, output_dir, cache, progress, stale_index)
    cache.input_times = every_input_time(inputs, cache.file_times)
    changes = cache.changed_inputs
    cache.input_digests = changes.digests if changes is not None else {}
    if cache.reasons is None:
        return done, None
    from briefing.engine.explain import Sources, explain, input_changes  # --explain only

    content = config.root / config.content_dir
    before, edited = (changes.before, changes.changed) if changes else (None, None)
    return done, explain(input_changes(before, cache.input_times, config.root, edited),
                         cache.written_before, done.written.files, cache.reasons,
                         Sources(config.root, cache.made_from,
                                 (content / ARTICLES_DIR, content / ANNOTATIONS_DIR,
                                  content / STORIES_DIR)))


def every_input_time(inputs: Stamp, file_times: FileTimes) -> FileTimes:
    """Each input's size and time: as the stamp found them, or (for the racily
    clean ones it hashed instead) as they are now."""
    times = dict(file_times)
    for path in inputs.paths:
        if path not in times:
            with suppress(OSError):
                stat = os.stat(path)
                times[path] = (stat.st_size, stat.st_mtime_ns)
    return times


def cache_key(options: BuildOptions, config_path: Path) -> str:
    """Which cache file a build uses: one per site and options, so building a site
    into two places (``--out``) does not make each build undo the other's cache."""
    out = str(options.output_dir.absolute()) if options.output_dir else None
    return repr((out, options.drafts, options.base_url, str(config_path)))


def settings(options: BuildOptions, config_path: Path, output_dir: Path, indexer: str) -> str:
    """All that decides a build's output besides the files it reads: its options
    and output directory, the search indexer, and briefing's own code (stamped
    once per run for the cache's format line)."""
    return (f"{(str(output_dir), options.drafts, options.base_url, str(config_path))!r} "
            f"search={indexer} code={code_version()}")


def check_output_place(config: SiteConfig, output_dir: Path) -> None:
    """Refuse an output directory the build would read (inside content/,
    static/, templates/ or the site's themes/: each build would publish the
    last one again, growing without end) or cannot make (under a file)."""
    for folder in (config.root / config.content_dir, config.static_dir,
                   config.templates_dir, config.root / "themes"):
        inside = folder.absolute()
        if output_dir == inside or inside in output_dir.parents:
            raise NotAnOutputDir(
                f"{output_dir}: inside {inside.name}/, which the build reads: each build "
                "would take in the last one's output; choose an output directory outside "
                "it with --out (or output_dir: in site.yml)")
    for parent in output_dir.parents:
        if parent.exists() and not parent.is_dir():
            raise NotAnOutputDir(f"{output_dir}: {parent} is a file, not a folder; choose "
                                 "another output directory with --out")


def input_roots(config: SiteConfig) -> tuple[str, ...]:
    """Every file or folder a build of this site may read: settings, content,
    templates, theme and static files."""
    roots = [config.config_path, config.root / config.content_dir, config.templates_dir,
             config.static_dir, config.root / "themes" / config.theme,
             *(folder / name for name in dict.fromkeys((config.theme, DEFAULT_THEME))
               for folder in BUILTIN_THEME_DIRS)]  # any theme is laid over the default
    return tuple(map(str, roots))


def stamp_inputs(cache: BuildCache, output_dir: Path, roots: tuple[str, ...],
                 settings: str, input_files: InputFiles | None = None) -> Stamp:
    """The stamp of the files under ``roots`` (from those that changed, when
    ``input_files`` knows them); the check of the last build's output runs
    meanwhile, on another core when that is worth it (see BuildCache). The
    files' times go to ``cache`` for the load stage."""
    cache.check_output(output_dir)
    stamp, cache.file_times = stamp_with_times(map(Path, roots), settings) \
        if input_files is None else input_files.stamp(map(Path, roots), settings)
    return stamp


def outputs_after(last: LastBuild | None, output_dir: Path, written: Written,
                  held: bool) -> Stamp:
    """The output's stamp after a build: the last one with the terms of the files
    an update in place touched replaced (write/touched.py), when it ``held`` (it
    matched the output the update started from); else every file stamped."""
    if not held or written.times_before is None or last is None \
            or last.output_dir != str(output_dir):
        return output_stamp(output_dir, written.files)
    files = written.files
    same = isinstance(files, Overlay) and files.over is last.written and files.same_paths()
    return restamped(last.outputs, output_dir, written.times_before,
                     None if same else listed(files))  # None: the list the stamp holds


def listed(written: Mapping[str, str]) -> list[str]:
    """The paths an output stamp lists: the files a build wrote and its manifest,
    in order (``written`` is in path order already)."""
    from briefing.write.site_writer import (
        MANIFEST,  # the pipeline has run: already imported
    )

    paths = list(written)
    bisect.insort(paths, MANIFEST)
    return paths


def output_stamp(output_dir: Path, written: Mapping[str, str]) -> Stamp:
    """The files a build wrote into ``output_dir`` (``written``) and its manifest,
    as they are now: what the next build checks is still there."""
    return stamp_files(output_dir, listed(written))


def stale_before(last: LastBuild | None, indexer: str) -> frozenset[str] | None:
    """The parts of the search index already stale before this build: those the
    preview's builds left for later, or (None) all of it, when there is no index
    or another indexer made it."""
    if last is None or last.indexer != indexer:
        return None
    return last.stale_parts if last.search_stale else frozenset()


def stale_parts(last: LastBuild | None, written: Written) -> frozenset[str] | None:
    """The parts of the search index that are stale after this build: those its
    pages touched, and those of the builds before it since the index went in."""
    if not written.index_stale or written.stale_parts is None:
        return None
    if last is not None and last.search_stale:
        return None if last.stale_parts is None else last.stale_parts | written.stale_parts
    return written.stale_parts


def indexer_identity(search: bool) -> str:
    """Which search indexer a build would run (path, size and time of the binary),
    if site.yml turns ``search`` on: another one means another index, even if no
    page changed."""
    if not search:
        return ""
    from briefing.search.pagefind import pagefind_executable

    executable = pagefind_executable()
    if executable is None:
        return ""
    try:
        stat = executable.stat()
    except OSError:
        return str(executable)
    return f"{executable}:{stat.st_size}:{stat.st_mtime_ns}"
