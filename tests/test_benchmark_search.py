"""benchmarks/search.py and the search targets of the report (issue 19), at a small size."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.measure import Sample
from benchmarks.report import (COLD, SEARCH_COLD, SEARCH_EDIT, SizeResult,
                               search_targets_table)
from benchmarks.search import arrival_seconds, largest_shard, measure_shard, query_seconds
from briefing.search.pagefind import pagefind_executable
from tests.conftest import copy_site, run_cli
from tests.tools import chromium


def _result() -> SizeResult:
    result = SizeResult(articles=10000, runs=1, words_per_article=800, notes=3, stories=1,
                        terms=2, term="X", term_pages=1, warnings=0)
    for scenario, seconds, largest in ((COLD, 230.0, 900.0), (SEARCH_COLD, 240.0, 1100.0),
                                       (SEARCH_EDIT, 0.8, 300.0)):
        result.add(scenario, Sample(seconds, seconds, largest, largest, "", ""), 12000)
    result.pagefind_shard = ("2025-03", 417, Sample(0.9, 0.9, 180.0, 180.0, "", ""))
    result.queries = {"typed, common 'Tbilisi'": [0.42, 0.61, 0.45],
                      "typed, rare 'Zugdidi'": [0.7]}
    return result


def test_search_targets_read_the_builds_with_search_and_the_queries():
    rows = {line.split(" | ")[0].lstrip("| "): line
            for line in search_targets_table([_result()]).splitlines()}
    assert "800 ms vs at most 1.00 s" in rows["one article edited, search on"]
    assert rows["one article edited, search on"].endswith("**met** |")
    assert "+10.0 s" in rows["cold build with search vs without"]
    memory = rows["peak memory, any process, cold build with search"]
    assert "largest single process 1100 MB" in memory and "(2025-03, 417 pages) 180 MB" in memory
    assert memory.endswith("**not met** |")
    assert "450 ms vs at most 500 ms" in rows["search page, typed, common 'Tbilisi'"]
    assert rows["search page, typed, rare 'Zugdidi'"].endswith("**not met** |")


@pytest.mark.skipif(pagefind_executable() is None, reason="no Pagefind")
def test_the_largest_shard_and_the_search_page_are_measured(tmp_path: Path, monkeypatch):
    chromium()
    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)  # a month each
    site = copy_site("basic", tmp_path)
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    out = site / "_site"
    name, pages = largest_shard(out)
    assert (name, len(pages)) == ("2025-08", 2)
    sample = measure_shard(pagefind_executable(), out, pages)
    assert sample.max_rss_mb > 0 and sample.seconds > 0
    for measure in (query_seconds, arrival_seconds):
        times = measure(out, "/repo/", ["custom", "nowhereword"])  # found, and not
        assert set(times) == {"custom", "nowhereword"} and all(0 < t < 30 for t in times.values())
