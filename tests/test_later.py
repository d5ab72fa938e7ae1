"""Values read only if a page needs them (core/later.py, BuildCache.later).

A story page's view and the corrections log's entries are given to their pages
as Later values: the page's key holds the value's key, so a page kept from the
last build reads nothing of them from the store. These tests count what a
build reads from the store after an edit that changes no story and no
correction, and check that its output is still a clean build's.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core.hashing import Fingerprints, key
from briefing.core.later import Later
from briefing.engine.rows import StoreRows
from tests.conftest import read_tree


def test_a_later_is_hashed_by_its_key_and_computed_once_when_read():
    calls = []
    value = Later("k1", lambda: calls.append(1) or "the value")
    hasher = Fingerprints()
    assert hasher.key(value) == Fingerprints().key(Later("k1", lambda: "other")) \
        != hasher.key(Later("k2", lambda: "the value"))
    assert key("page", value) == key("page", Later("k1", lambda: None))
    assert calls == []  # hashing never reads it
    assert value.get() == value.get() == "the value" and calls == [1]


@pytest.fixture
def read_kinds(monkeypatch) -> Counter:
    """The kinds of remembered value read from the store, counted."""
    counted: Counter = Counter()
    memo = StoreRows.memo

    def counting(self, kind, key, whole=False):
        counted[kind] += 1
        return memo(self, kind, key, whole)

    monkeypatch.setattr(StoreRows, "memo", counting)
    return counted


def test_a_report_outside_any_story_reads_no_story_view_or_comparison(stories_site: Path,
                                                                      read_kinds: Counter,
                                                                      tmp_path: Path):
    """(The front page shows the newest stories: it reads their views, so here it
    shows none.)"""
    with (stories_site / "site.yml").open("a") as f:
        f.write("front_page: {stories: 0}\n")
    options = BuildOptions(config_path=stories_site / "site.yml")
    build(options)
    path = stories_site / "content/articles/loose-report.md"
    path.write_text(path.read_text() + "\nOne more sentence.\n")
    read_kinds.clear()
    result = build(options)
    assert not result.full and result.changed
    assert read_kinds["story"] == read_kinds["comparison"] == 0
    assert read_kinds["note-html"] == 0  # the corrections log is kept: its notes unread
    clean = tmp_path / "clean"
    build(BuildOptions(config_path=stories_site / "site.yml", output_dir=clean, use_cache=False))
    assert read_tree(stories_site / "_site") == read_tree(clean)


def test_a_report_in_a_story_reads_its_story_again_and_renders_it(stories_site: Path,
                                                                  read_kinds: Counter,
                                                                  tmp_path: Path):
    options = BuildOptions(config_path=stories_site / "site.yml")
    build(options)
    page = stories_site / "_site/stories"
    before = {p: p.read_bytes() for p in page.rglob("index.html")}
    path = stories_site / "content/articles/summit-a.md"
    path.write_text(path.read_text().replace('"constructive"', '"very constructive"'))
    read_kinds.clear()
    build(options)
    changed = [p.relative_to(page).as_posix() for p, data in before.items()
               if p.read_bytes() != data]
    assert changed == ["summit-talks/index.html"]  # its comparison shows the new words
    assert "very constructive" in (page / "summit-talks/index.html").read_text()
    clean = tmp_path / "clean"
    build(BuildOptions(config_path=stories_site / "site.yml", output_dir=clean, use_cache=False))
    assert read_tree(stories_site / "_site") == read_tree(clean)
