"""One whole build: load → merge → render → write, or nothing when nothing changed.

This is the API the CLI and the preview server call; it knows nothing about
either. Problems in the content raise :class:`ContentErrors` listing all of
them; warnings come back in the result.

A build first compares the stamp of everything it would read with the one the
last build recorded (see stamp.py and incremental.py): when they match and
the output directory is as that build left it, there is nothing to do, and
the pipeline (pipeline.py) is not even imported. Otherwise the pipeline runs,
reusing whatever the cache says is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cachefile import CacheFile, cache_file
from briefing.config import SiteConfig, load_config
from briefing.errors import Diagnostic, Diagnostics, in_reading_order
from briefing.incremental import BuildCache, LastBuild
from briefing.stamp import BUILTIN_THEME_DIRS, Stamp, code_roots, take_stamp

if TYPE_CHECKING:
    from briefing.pipeline import Checked
    from briefing.render import Progress


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path | None = None
    output_dir: Path | None = None  # overrides site.yml's output_dir
    drafts: bool = False
    base_url: str | None = None  # overrides site.yml's base_url
    use_cache: bool = True  # False: neither read nor write .briefing-cache/
    jobs: int | None = None  # worker processes for articles (default: one per core)


@dataclass(frozen=True)
class BuildResult:
    output_dir: Path
    pages: int
    files: int
    warnings: list[Diagnostic] = field(default_factory=list)
    changed: int = 0  # files written or removed; 0 when the output was up to date
    full: bool = True  # a whole new output directory (not an update of the last one)
    up_to_date: bool = False  # nothing had changed: nothing was loaded or written


def read_config(options: BuildOptions, diagnostics: Diagnostics) -> SiteConfig:
    config = load_config(options.config_path, diagnostics, base_url=options.base_url)
    diagnostics.raise_if_errors()
    assert config is not None
    return config


def load_and_check(options: BuildOptions) -> Checked:
    """Load and merge the site and run the editorial checks; raises on errors."""
    from briefing.pipeline import load_and_check as run

    return run(options)


def build(options: BuildOptions, progress: Progress | None = None,
          cache: BuildCache | None = None) -> BuildResult:
    """Build the site. Without a ``cache`` (which a long-running caller such as the
    preview server keeps in memory) the one in ``.briefing-cache/`` is used."""
    diagnostics = Diagnostics()
    config = read_config(options, diagnostics)
    output_dir = (options.output_dir or (config.root / config.output_dir)).absolute()
    settings = repr((str(output_dir), options.drafts, options.base_url,
                     str(config.config_path.absolute())))
    store: CacheFile | None = None
    if cache is None:
        store = cache_file(config.root, settings) if options.use_cache else None
        cache = store.load(diagnostics) if store else BuildCache()
    cache.rendered = 0
    indexer = indexer_identity(config)
    inputs = input_stamp(config, f"{settings} search={indexer}")
    if cache.up_to_date(inputs, output_dir) and cache.last is not None:
        last = cache.last
        return BuildResult(output_dir, last.pages, len(last.written) + 1,
                           diagnostics.warnings + in_reading_order(last.warnings),
                           up_to_date=True, full=False)
    from briefing.pipeline import run_build  # only now: it imports everything

    reindex = cache.last is None or cache.last.indexer != indexer
    done = run_build(options, config, output_dir, cache, progress, reindex)
    cache.last = LastBuild(inputs, str(output_dir), take_stamp([output_dir], "", hash_racy=False),
                           done.written.files, done.pages, done.warnings, indexer)
    if store is not None:
        store.save(cache, diagnostics)
    return BuildResult(output_dir, done.pages, done.written.count,
                       diagnostics.warnings + in_reading_order(done.warnings),
                       changed=done.written.changed,
                       full=done.full)


def input_stamp(config: SiteConfig, settings: str) -> Stamp:
    """Every file a build of this site may read: settings, content, templates, theme,
    static files and briefing's code."""
    roots = [config.config_path, config.root / config.content_dir, config.templates_dir,
             config.static_dir, config.root / "themes" / config.theme,
             *(folder / config.theme for folder in BUILTIN_THEME_DIRS), *code_roots()]
    return take_stamp(roots, settings)


def indexer_identity(config: SiteConfig) -> str:
    """Which search indexer a build would run (path, size and time of the binary):
    another one means another index, even if no page changed."""
    from briefing.search import pagefind_executable

    executable = pagefind_executable() if config.search else None
    if executable is None:
        return ""
    try:
        stat = executable.stat()
    except OSError:
        return str(executable)
    return f"{executable}:{stat.st_size}:{stat.st_mtime_ns}"
