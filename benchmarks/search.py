"""Measuring search (issue 19): Pagefind's memory on the largest shard, and how
long the search page takes to show results in Chromium.

- ``largest_shard`` and ``measure_shard``: the index is made shard by shard
  (briefing/search/indexer.py), at most two Pagefind processes at once, so
  Pagefind's peak memory is that of its largest shard. It is measured by running
  the same Pagefind binary, under ``/usr/bin/time``, over a folder holding that
  shard's pages only (hard links to the built site's), as the build does; short
  runs inside a build are too quick for the ``/proc`` sampler to see.
- ``query_seconds``: the built site served over HTTP on 127.0.0.1 under its
  base path, headless Chromium (Playwright, ``/usr/bin/chromium``) opens the
  search page, and the time runs from typing the query into the box until the
  first result (or "No results") is shown: the UI's 300 ms debounce, loading
  every shard's entry and metadata, the query in each and the merge, included.
  Each query gets a fresh page, so nothing of an earlier one is cached.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.measure import Sample, run_measured

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
MARK = b"data-pagefind-body"
_SHARD = re.compile(rb'data-search-shard="([^"]*)"')
QUERY_TIMEOUT_MS = 60_000
# Results on the page: a result's link, or the UI saying there are none.
_SHOWN = ("() => document.querySelector('.pagefind-ui__result-link') !== null || "
          "/No results/.test(document.querySelector('.pagefind-ui__message')?.textContent "
          "|| '')")


def shards_of(out: Path) -> dict[str, list[Path]]:
    """shard → the pages of the built site in it (as the pages say)."""
    shards: dict[str, list[Path]] = {}
    for page in sorted(out.rglob("*.html")):
        if page.relative_to(out).parts[0] == "pagefind":
            continue
        data = page.read_bytes()
        found = _SHARD.search(data) if MARK in data else None
        if found:
            shards.setdefault(found.group(1).decode(), []).append(page)
    return shards


def largest_shard(out: Path) -> tuple[str, list[Path]]:
    shards = shards_of(out)
    name = max(shards, key=lambda s: (len(shards[s]), s))
    return name, shards[name]


def measure_shard(pagefind: Path, out: Path, pages: list[Path]) -> Sample:
    """Pagefind over ``pages`` alone, as the build runs it on one shard."""
    with tempfile.TemporaryDirectory(prefix="bench-shard-") as scratch:
        site = Path(scratch) / "site"
        for page in pages:
            target = site / page.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.hardlink_to(page)
            except OSError:
                shutil.copy2(page, target)
        return run_measured([str(pagefind), "--site", str(site), "--output-path",
                             str(Path(scratch) / "bundle"), "--silent"])


class _Handler(SimpleHTTPRequestHandler):
    base_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.base_path):])

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a page closed while a file was on its way: nothing to report


@contextmanager
def serve(directory: Path, base_path: str) -> Iterator[str]:
    """``directory`` at ``http://127.0.0.1:PORT{base_path}`` while the block runs."""
    handler = type("Handler", (_Handler,), {"base_path": base_path})
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()


def query_seconds(out: Path, base_path: str, terms: list[str]) -> dict[str, float]:
    """Seconds from typing each of ``terms`` on the search page until results show."""
    from playwright.sync_api import sync_playwright  # the test extra; only here

    times: dict[str, float] = {}
    with sync_playwright() as playwright, serve(out, base_path) as base:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS)
        try:
            for term in terms:
                page = browser.new_page()
                page.goto(f"{base}search/")
                page.wait_for_selector(".pagefind-ui__search-input")
                page.wait_for_load_state("networkidle")  # the shards' entries are in
                started = time.perf_counter()
                page.fill(".pagefind-ui__search-input", term)
                page.wait_for_function(_SHOWN, timeout=QUERY_TIMEOUT_MS)
                times[term] = time.perf_counter() - started
                page.close()
        finally:
            browser.close()
    return times


def arrival_seconds(out: Path, base_path: str, terms: list[str]) -> dict[str, float]:
    """Seconds from opening ``search/?q=term`` (the masthead box's way) until results
    show: the page, Pagefind and every shard loaded, and the query run."""
    from playwright.sync_api import sync_playwright

    times: dict[str, float] = {}
    with sync_playwright() as playwright, serve(out, base_path) as base:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS)
        try:
            for term in terms:
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(f"{base}search/?q={term}")
                page.wait_for_function(_SHOWN, timeout=QUERY_TIMEOUT_MS)
                times[term] = time.perf_counter() - started
                page.close()
        finally:
            browser.close()
    return times
