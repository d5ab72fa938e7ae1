"""Client-side search with Pagefind: finding it, the search page, running it.

- :func:`check_search` (before rendering): is search on in site.yml, and is the
  Pagefind binary installed? When it is missing the build goes on without
  search and says so in a warning.
- :func:`render_search_page` (render): the ``/search/`` page, whose script
  reads the list of shards, mounts the Pagefind UI over them and runs the
  query of ``?q=``.
- :class:`PagefindRun`: one Pagefind process over one folder of pages. The
  write stage's indexer (indexer.py) runs one per shard of the index (shards.py).

Pages opt in to the index with ``data-pagefind-body`` on ``<main>`` (see
``briefing.render.metadata.PageMeta.searchable``); Pagefind indexes nothing else.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from briefing.core.errors import BriefingError, Diagnostics

if TYPE_CHECKING:  # build.indexer_identity imports this module before knowing there is work
    import subprocess

    from briefing.core.outputs import OutputFile
    from briefing.model.site import Site
    from briefing.render.context import RenderContext

BUNDLE_DIR = "pagefind"  # site-relative folder Pagefind writes its index and UI into
SEARCH_PAGE = "search/index.html"
SEARCH_TEMPLATE = "search.html"
INSTALL_HINT = "pip install 'pagefind[bin]', or set search: false in site.yml"


class SearchIndexError(BriefingError):
    """Pagefind ran but failed."""


def pagefind_executable() -> Path | None:
    """The Pagefind binary: $PAGEFIND_BINARY_PATH, the ``pagefind_bin`` wheel, or PATH."""
    explicit = os.environ.get("PAGEFIND_BINARY_PATH")
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    try:
        from pagefind_bin import get_executable  # the binary shipped inside the wheel
    except ImportError:
        pass
    else:
        try:
            return get_executable()
        except FileNotFoundError:
            pass
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


def check_search(site: Site, diagnostics: Diagnostics) -> Site:
    """The site as it will be built: search turned off, with a warning, when Pagefind is missing."""
    config = site.config
    if not config.search or pagefind_executable() is not None:
        return site
    diagnostics.warning(config.config_path, None,
                        "search is on but Pagefind is not installed; building without "
                        "the search page and search box", INSTALL_HINT)
    return replace(site, config=replace(config, search=False))


def render_search_page(context: RenderContext) -> list[OutputFile]:
    """``/search/``; left out when search is off or the theme has no ``search.html``
    (a theme of a site's own, written before search existed)."""
    if not context.site.config.search or SEARCH_TEMPLATE not in context.env.list_templates():
        return []
    return [context.page(SEARCH_TEMPLATE, SEARCH_PAGE,
                         bundle_url=context.urls.url(f"{BUNDLE_DIR}/"))]


@dataclass
class PagefindRun:
    """Pagefind at work on a site folder, started and left running, so that the
    preview can go on serving pages meanwhile (see build/index_later.py)."""

    process: subprocess.Popen[bytes]
    output: IO[bytes]  # its stdout and stderr: a file, never a pipe nobody drains

    @classmethod
    def start(cls, executable: Path, site_dir: Path, bundle_dir: Path | None = None,
              threads: int | None = None) -> PagefindRun:
        """``threads``: how many Pagefind may use (its thread pools read these
        variables); None: one per core, as it chooses."""
        import subprocess  # not at import: build checks (indexer_identity) import this module
        import tempfile

        bundle_dir = bundle_dir or site_dir / BUNDLE_DIR
        env = None if threads is None else {
            **os.environ, "RAYON_NUM_THREADS": str(threads), "TOKIO_WORKER_THREADS": str(threads)}
        output = tempfile.TemporaryFile()  # noqa: SIM115 - open while Pagefind runs
        try:
            process = subprocess.Popen(
                [str(executable), "--site", str(site_dir), "--output-path",
                 str(bundle_dir.absolute()), "--silent"],
                cwd=site_dir, stdout=output, stderr=subprocess.STDOUT, env=env)
        except BaseException:
            output.close()
            raise
        return cls(process, output)

    def done(self) -> bool:
        return self.process.poll() is not None

    def result(self) -> None:
        """Wait for Pagefind to end; raises :class:`SearchIndexError` if it failed."""
        code = self.process.wait()
        self.output.seek(0)
        said = self.output.read().decode("utf-8", "replace").strip()
        self.output.close()
        if code != 0:
            raise SearchIndexError(f"Pagefind failed to build the search index "
                                   f"(exit {code}): {said}")

    def stop(self) -> None:
        """End it now, its work unused."""
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()
        self.output.close()
