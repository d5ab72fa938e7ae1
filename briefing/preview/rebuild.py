"""The rebuild loop's one step: build the site for the preview and record the outcome.

The preview keeps the engine warm: the build cache stays in memory, and the
build is told which files the watcher saw change (:class:`InputFiles`), so it
stamps its inputs from those alone instead of walking every folder. site.yml
is read again when it changed, so a change to ``base_url``'s path, the theme or
the content folder takes effect without a restart. The site is built for the
preview's own address (canonical links point at the local server), with
drafts unless asked otherwise, into the preview's own output directory in
``.briefing-cache/`` (see :func:`preview_output_dir`). A failed build never
raises: its messages go to the terminal and into :class:`SiteView` so the
browser can show them until a build succeeds.

The build cache is saved after each build that changed something, once the
browsers have been told to reload (:meth:`Rebuilder.finish`); when another
change is built before that, the last build's changes are set aside
(:meth:`Rebuilder.set_aside`, no disk, no pickling) and the next save writes
them first, so saving never delays a build. It is saved like
``briefing build``'s but under the preview's own settings: together
with the output directory, which outlives the server, it makes the first
build of the next ``briefing serve`` an incremental one (seconds, where a cold
build of a large archive takes minutes).

The pages go in place before the search index is made again (``defer_search``):
the index follows in the background (build/index_later.py), and until it is in place
search answers from the previous one.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from briefing.build.api import (
    BuildOptions,
    BuildResult,
    build,
    cache_key,
    input_roots,
    read_config,
)
from briefing.build.index_later import IndexRun
from briefing.build.lock import site_lock
from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError, ContentErrors, Diagnostics
from briefing.engine.incremental import BuildCache
from briefing.engine.input_files import InputFiles
from briefing.engine.prune import PREVIEW_PREFIX
from briefing.engine.store import CACHE_DIR, CacheFile, Held, cache_file
from briefing.preview.console import Console
from briefing.search.pagefind import SearchIndexError

SHOWN_CHANGES = 3  # file names listed in a rebuild line before "and N more"
# A failed build's changed files looked at again this often, this far apart,
# before its errors are shown (see _saved_again).
AGAIN_LOOKS, AGAIN_WAIT = 5, 0.02  # a tenth of a second in all


@dataclass(frozen=True)
class SiteView:
    """What the server needs to answer a request: where the site is, and whether it is broken."""

    output_dir: Path
    base_path: str
    errors: tuple[str, ...] = ()  # the failed build's messages; empty once a build succeeds


@dataclass(frozen=True)
class Target:
    """Where and how the preview builds: fixed for the life of the server."""

    config_path: Path
    output_dir: Path
    origin: str  # e.g. http://127.0.0.1:8000, the local server replacing base_url's host
    drafts: bool


def preview_output_dir(config: SiteConfig, host: str, port: int, drafts: bool) -> Path:
    """Where the preview of this site at this address builds: in the site's
    ``.briefing-cache/``, kept from one ``briefing serve`` to the next (see the
    module). One folder per address and drafts setting, since the pages name
    the address; :func:`~briefing.engine.prune.prune` removes old ones."""

    name = hashlib.blake2b(repr((str(config.config_path), host, port, drafts)).encode(),
                           digest_size=8).hexdigest()
    return config.root / CACHE_DIR / f"{PREVIEW_PREFIX}{name}"


def preview_origin(host: str, port: int) -> str:
    """``http://host:port``, with brackets around an IPv6 address."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class Rebuilder:
    """Builds the site on request and keeps the latest :class:`SiteView` and watch list."""

    def __init__(self, target: Target, config: SiteConfig, console: Console) -> None:
        self._target = target
        self._config = config
        self.console = console
        self.view = SiteView(target.output_dir, config.base_path)
        self._cache = BuildCache()  # unchanged articles are reused between rebuilds
        self._store: CacheFile | None = None  # where the cache is saved, once known
        self._index: IndexRun | None = None  # the search index being made, if it is
        self._inputs = InputFiles()  # the files the last build's stamp found
        self._config_changed = False  # site.yml changed since it was read
        self._unsaved = False  # the cache holds work the store has not
        self._held: list[Held] = []  # builds' changes set aside for the next save
        self._index_wanted = False  # the last build left the search index stale

    @property
    def config(self) -> SiteConfig:
        """The site's settings as the last build read them (the editor writes by them)."""
        return self._config

    def watch_roots(self) -> list[Path]:
        """What the build reads: site.yml, the content folder, the site's templates/
        and static/, and the theme (build.input_roots)."""
        return list(map(Path, input_roots(self._config)))

    def note(self, changes: Iterable[str]) -> None:
        """Files under the watched roots that changed: the next build stamps them
        again (every change, even one not worth a build on its own)."""
        changes = set(changes)
        self._inputs.changed(changes)
        config = {str(self._target.config_path), str(self._config.config_path)}
        self._config_changed |= not config.isdisjoint(changes)

    def forget_inputs(self) -> None:
        """The watcher lost track of changes (it watches other roots now): the next
        build walks every folder, and reads site.yml again."""
        self._inputs.forget()
        self._config_changed = True

    def rebuild(self, changes: Iterable[str] = (),
                moved: Callable[[list[str]], bool] | None = None) -> bool | None:
        """Build once (after noting ``changes``), report one line (or the errors),
        update :attr:`view`; True on success. The pages are in place when it
        returns: tell browsers, then call :meth:`finish`.

        None: the content had errors, but ``moved`` says a changed file was
        saved again while the build read it (an editor that empties a file and
        then writes it, caught in between): nothing is reported or shown, and
        the watcher's next poll builds again, from the file as written."""
        changes = list(changes)
        self.note(changes)
        started = time.perf_counter()
        try:
            result = self._build()
        except ContentErrors as exc:
            if moved is not None and _saved_again(changes, moved):
                self.console.info(f"Saved again while it was built ({self._listed(changes)}): "
                                  "building again")
                return None
            for diagnostic in exc.diagnostics:
                self.console.diagnostic(diagnostic)
            return self._failed([d.format() for d in exc.diagnostics], changes)
        except BriefingError as exc:
            self.console.error(f"Error: {exc}")
            return self._failed([str(exc)], changes)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview either
            self.console.error(traceback.format_exc().rstrip())
            return self._failed([f"internal error in briefing: {exc!r} (see the terminal)"],
                                changes)
        for warning in result.warnings:
            self.console.diagnostic(warning)
        elapsed = (time.perf_counter() - started) * 1000
        articles = self._cache.rendered
        self.console.info(f"{self._what(changes, 'Rebuilt', 'Built')} "
                           f"{result.pages} pages ({articles} article"
                           f"{'s' * (articles != 1)} rendered, the rest reused) "
                           f"in {elapsed:.0f} ms")
        self.view = SiteView(self._target.output_dir, self._config.base_path)
        self._index_wanted = result.search_stale
        return True

    def finish(self) -> None:
        """What can wait until browsers have been told to reload: save the cache
        if the builds changed it, and start the search index if it is stale."""
        if self._unsaved:
            with site_lock(self._config.root, self.console.info):  # see _build
                self._save()
        self.start_index()

    def set_aside(self) -> None:
        """Another change is to be built before :meth:`finish` ran: keep the last
        build's changes for the next save (the build would count its own from
        scratch) instead of saving now, which takes 0.3-2 s at 10,000
        articles while the writer waits for the page. The search index starts
        as :meth:`finish` would start it."""
        if self._unsaved and self._store is not None:
            held = self._store.hold(self._cache)
            if held is not None:
                self._held.append(held)
        self.start_index()

    def trust_output(self) -> None:
        """Right after the first build: its output, as it just stamped it, is
        what the first save's build starts from (BuildCache.assume_output), not
        a check forked from the server as it starts to serve."""
        self._cache.assume_output(self._target.output_dir)

    def check_output_ahead(self) -> None:
        """Start the check of the output folder the next build needs (see
        BuildCache.check_output): after the page was served, not on the next
        save's way."""
        self._cache.check_output(self._target.output_dir, ahead=True)

    def start_index(self) -> None:
        """Start making the search index in the background if the last build
        left it stale and Pagefind is not at it already."""
        if self._index_wanted and self._index is None:
            self._start_index()
        self._index_wanted = False

    def poll_index(self) -> None:
        """Put the search index in place if Pagefind is done; start another run if
        pages changed while it worked. Call it often, between builds."""
        run = self._index
        if run is None or not run.done():
            return
        self._index = None
        try:
            fresh = run.finish(self._cache)
        except SearchIndexError as exc:
            if self._cache.last is run.built:  # it failed on the pages being served
                self.console.error(f"Error: {exc}")
                return
            fresh = False  # the pages changed under it: that may be why; try again
        except OSError as exc:  # the index could not be put in place: the next build retries
            self.console.error(f"Error: could not put the new search index in place: {exc}")
            return
        self._save()  # the cache now lists the index's files
        if fresh:
            self.console.info(f"Updated the search index in {run.seconds:.1f} s")
        else:
            self._start_index()

    def close(self) -> None:
        """Stop indexing, if Pagefind is at it (the server is stopping)."""
        if self._index is not None:
            self._index.stop()
            self._index = None

    def _start_index(self) -> None:
        try:
            self._index = IndexRun.start(self._cache, self._target.output_dir)
        except OSError as exc:
            self.console.error(f"Error: could not start Pagefind for the search index: {exc}")

    def _build(self) -> BuildResult:
        target = self._target
        if self._config_changed:
            self._config = read_config(BuildOptions(target.config_path), Diagnostics())
            self._config_changed = False
        options = BuildOptions(
            config_path=target.config_path, output_dir=target.output_dir,
            drafts=target.drafts, base_url=target.origin + self._config.base_path,
            defer_search=True)
        with site_lock(self._config.root, self.console.info):  # its cache too: see sitelock
            self._use_store(cache_file(self._config.root,
                                       cache_key(options, target.config_path)))
            result = build(options, cache=self._cache, input_files=self._inputs)
        self._unsaved |= not result.up_to_date or bool(result.touched)  # new times to save
        return result

    def _use_store(self, store: CacheFile | None) -> None:
        """Read the cache saved under these settings, the first time they are used
        (at start, or when site.yml's base_url moved the site to another path)."""
        if store is None or (self._store is not None and store.path == self._store.path):
            return
        if self._held:  # changes set aside for the store in use go there first
            self._save()
        self._store = store
        diagnostics = Diagnostics()
        self._cache = store.load(diagnostics)
        self._report(diagnostics)

    def _save(self) -> None:
        if self._store is None:
            return
        diagnostics = Diagnostics()
        held, self._held = tuple(self._held), []
        self._store.save(self._cache, diagnostics, held)
        self._unsaved = False
        self._report(diagnostics)

    def _report(self, diagnostics: Diagnostics) -> None:
        """The cache's own warnings (not trusted, not writable): to the terminal."""
        for warning in diagnostics.warnings:
            self.console.diagnostic(warning)

    def _failed(self, lines: list[str], changes: Iterable[str]) -> bool:
        count = len(lines)
        self.console.error(f"{self._what(changes, 'Build failed', 'Build failed:')} "
                            f"{count} error{'s' * (count != 1)}; the browser shows "
                            f"{'them' if count != 1 else 'it'} until the next good build")
        self.view = SiteView(self._target.output_dir, self._config.base_path, tuple(lines))
        return False

    def _what(self, changes: Iterable[str], after: str, initially: str) -> str:
        listed = self._listed(changes)
        return f"{after} after {listed} changed:" if listed else initially

    def _listed(self, changes: Iterable[str]) -> str:
        """The changed files as a rebuild line names them ("" for none)."""
        names = sorted(self._shown(path) for path in changes)
        listed = ", ".join(names[:SHOWN_CHANGES])
        if len(names) > SHOWN_CHANGES:
            listed += f" and {len(names) - SHOWN_CHANGES} more"
        return listed

    def _shown(self, path: str) -> str:
        """A changed file as the user knows it: relative to the site root when inside it."""
        try:
            return Path(path).relative_to(self._config.root).as_posix()
        except ValueError:
            return path


def _saved_again(changes: list[str], moved: Callable[[list[str]], bool]) -> bool:
    """Whether a changed file was saved again since the build was asked for,
    looked at for a tenth of a second: an editor that empties a file and then
    writes it may be held between the two (a loaded machine runs the preview's
    build meanwhile), and that build's errors are not the file's. A file saved
    with an error costs its errors this long to show."""
    for _ in range(AGAIN_LOOKS):
        if moved(changes):
            return True
        time.sleep(AGAIN_WAIT)
    return moved(changes)

