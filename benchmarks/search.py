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
  search page and waits until its network is idle (the page loads every shard's
  entry and metadata as it opens), and the time runs from typing the query
  into the box until the first result (or "No results") is shown: the UI's
  150 ms debounce, the index chunks the query needs from every shard, the
  query in each, the merge and the excerpts, included. ``arrival_seconds``
  times the whole of it, the page and every shard's loading included. Each
  query gets a fresh page, so nothing of an earlier one is cached.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import Sample, run_measured
from benchmarks.serving import serve

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


def query_seconds(out: Path, base_path: str, terms: list[str]) -> dict[str, float]:
    """Seconds from typing each of ``terms`` on the search page until results show."""
    def typed(page: Any, base: str, term: str) -> float:
        page.goto(f"{base}search/")
        page.wait_for_selector(".pagefind-ui__search-input")
        page.wait_for_load_state("networkidle")  # the shards' entries are in
        started = time.perf_counter()
        page.fill(".pagefind-ui__search-input", term)
        page.wait_for_function(_SHOWN, timeout=QUERY_TIMEOUT_MS)
        return time.perf_counter() - started
    return _timed_pages(out, base_path, terms, typed)


def arrival_seconds(out: Path, base_path: str, terms: list[str]) -> dict[str, float]:
    """Seconds from opening ``search/?q=term`` (the masthead box's way) until results
    show: the page, Pagefind and every shard loaded, and the query run."""
    def arriving(page: Any, base: str, term: str) -> float:
        started = time.perf_counter()
        page.goto(f"{base}search/?q={term}")
        page.wait_for_function(_SHOWN, timeout=QUERY_TIMEOUT_MS)
        return time.perf_counter() - started
    return _timed_pages(out, base_path, terms, arriving)


def _timed_pages(out: Path, base_path: str, terms: list[str],
                 timed: Callable[[Any, str, str], float]) -> dict[str, float]:
    """``timed(page, base URL, term)`` for each term, each on a new page of one
    Chromium, with ``out`` served under ``base_path``."""
    from playwright.sync_api import sync_playwright  # the test extra; only here

    times: dict[str, float] = {}
    with sync_playwright() as playwright, serve(out, base_path) as base:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS)
        try:
            for term in terms:
                page = browser.new_page()
                times[term] = timed(page, base, term)
                page.close()
        finally:
            browser.close()
    return times
