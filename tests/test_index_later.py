"""The preview's search index, made after its pages are in place (index_later.py)."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, BuildResult, build
from briefing.build.index_later import IndexRun
from briefing.core.errors import Diagnostics
from briefing.engine.incremental import BuildCache
from briefing.search.pagefind import SearchIndexError
from briefing.write.site_writer import MANIFEST
from tests.conftest import copy_site, read_tree

ARTICLE = "content/articles/older-report.md"


def index_of(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in tree.items() if path.startswith("pagefind/")}


class Preview:
    """A site built as the preview builds it: one cache in memory, the index later."""

    def __init__(self, tmp_path: Path) -> None:
        self.site = copy_site("basic", tmp_path)
        self.out = tmp_path / "out"
        self.cache = BuildCache()

    def build(self, defer: bool = True) -> BuildResult:
        return build(BuildOptions(self.site / "site.yml", self.out, defer_search=defer),
                     cache=self.cache)

    def index(self) -> bool:
        run = self.start()
        return self.finish(run)

    def start(self) -> IndexRun:
        run = IndexRun.start(self.cache, self.out)
        assert run is not None
        return run

    def finish(self, run: IndexRun) -> bool:
        while not run.done():
            time.sleep(0.02)
        return run.finish(self.cache)

    def edit(self, old: str, new: str) -> None:
        file = self.site / ARTICLE
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def clean_build(self, tmp_path: Path) -> dict[str, bytes]:
        """What ``briefing build`` makes of the site as it is now, with no cache."""
        out = tmp_path / f"clean-{time.monotonic_ns()}"
        build(BuildOptions(self.site / "site.yml", out, use_cache=False))
        return read_tree(out)


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    return Preview(tmp_path)


def test_a_deferred_build_writes_the_pages_and_no_index(preview):
    result = preview.build()
    assert result.search_stale and result.full
    tree = read_tree(preview.out)
    assert "articles/older-report/index.html" in tree and not index_of(tree)
    listed = (preview.out / MANIFEST).read_text()
    assert "pagefind/" not in listed


def test_the_index_made_later_is_the_one_a_build_makes(preview, tmp_path):
    preview.build()
    assert preview.index() is True
    assert read_tree(preview.out) == preview.clean_build(tmp_path)
    assert preview.cache.last is not None and not preview.cache.last.search_stale
    again = preview.build(defer=False)  # the cache knows the index's files: nothing to do
    assert again.up_to_date and not again.search_stale


def test_an_edit_goes_in_place_at_once_and_the_index_follows(preview, tmp_path):
    preview.build()
    preview.index()
    old_index = index_of(read_tree(preview.out))
    preview.edit("The older report's only paragraph.", "A paragraph about zeppelins.")
    result = preview.build()
    assert result.search_stale and not result.full
    tree = read_tree(preview.out)
    assert "zeppelins" in tree["articles/older-report/index.html"].decode()
    assert index_of(tree) == old_index  # search answers from the old index meanwhile
    assert preview.index() is True
    assert read_tree(preview.out) == preview.clean_build(tmp_path)
    assert index_of(read_tree(preview.out)) != old_index


def test_a_build_that_does_not_defer_makes_a_stale_index_anew(preview, tmp_path):
    preview.build()
    preview.index()
    preview.edit("The older report's only paragraph.", "A paragraph about zeppelins.")
    preview.build()
    result = preview.build(defer=False)  # no input changed since, but the index is stale
    assert not result.up_to_date and not result.search_stale
    assert read_tree(preview.out) == preview.clean_build(tmp_path)


def test_a_run_overtaken_by_a_build_goes_in_but_asks_for_another(preview, tmp_path):
    preview.build()
    run = preview.start()
    preview.edit("The older report's only paragraph.", "A paragraph about zeppelins.")
    assert preview.build().search_stale
    assert preview.finish(run) is False
    assert preview.cache.last is not None and preview.cache.last.search_stale
    assert index_of(read_tree(preview.out))  # better an older index than none
    assert preview.index() is True
    assert read_tree(preview.out) == preview.clean_build(tmp_path)


def test_nothing_to_index_starts_nothing(preview):
    assert IndexRun.start(preview.cache, preview.out) is None  # no build yet
    preview.build(defer=False)
    assert IndexRun.start(preview.cache, preview.out) is None  # its index is fresh


def test_a_stopped_run_leaves_nothing_behind(preview):
    preview.build()
    before = read_tree(preview.out)
    run = preview.start()
    run.stop()
    assert not run.staging.exists()
    assert read_tree(preview.out) == before
    assert [p.name for p in preview.out.parent.iterdir() if ".index-" in p.name] == []


def test_a_failing_pagefind_keeps_the_old_index(preview, monkeypatch, tmp_path):
    preview.build()
    preview.index()
    preview.edit("The older report's only paragraph.", "A paragraph about zeppelins.")
    preview.build()
    before = read_tree(preview.out)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    run = preview.start()
    with pytest.raises(SearchIndexError, match=r"\(exit 3\): index exploded"):
        preview.finish(run)
    assert read_tree(preview.out) == before
    assert not run.staging.exists()
    assert preview.cache.last is not None and preview.cache.last.search_stale


def test_a_saved_cache_counts_changes_from_the_save(preview, tmp_path):
    """The preview saves after a build and again after its index goes in: the
    second save holds the index's files only, not the build's changes again."""
    from briefing.build.api import cache_key
    from briefing.engine.store import cache_file
    preview.build()
    preview.index()
    preview.edit("The older report's only paragraph.", "A paragraph about zeppelins.")
    preview.build()
    store = cache_file(preview.site, cache_key(
        BuildOptions(preview.site / "site.yml", preview.out), preview.site / "site.yml"))
    store.save(preview.cache, Diagnostics())
    changes = preview.cache.changes()
    assert not (changes.entries or changes.entries_gone or changes.memo or changes.written
                or changes.written_gone)
    preview.index()
    changes = preview.cache.changes()
    assert not changes.entries and not changes.memo
    assert changes.written and all(p.startswith("pagefind/") for p in changes.written)


def test_the_index_made_later_makes_only_the_shards_the_builds_touched(preview, tmp_path,
                                                                        monkeypatch):
    from briefing.search import indexer
    ran: list[str] = []
    start = indexer.PagefindRun.start

    def recording(executable, site_dir, bundle_dir=None, threads=None):
        ran.append(site_dir.name.removeprefix("site-"))
        return start(executable, site_dir, bundle_dir, threads=threads)

    monkeypatch.setattr(indexer.PagefindRun, "start", recording)
    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)  # a month each
    preview.build()
    preview.index()
    assert sorted(ran) == ["2025-07", "2025-08"]  # the first index: every shard
    ran.clear()
    preview.edit("The older report's only paragraph.", "A paragraph about zeppelins.")
    preview.build()
    preview.edit("A paragraph about zeppelins.", "A paragraph about airships.")
    preview.build()  # two saves before the index is made: their shards together
    assert preview.cache.last is not None and preview.cache.last.stale_parts == {"2025-08"}
    assert preview.index() is True
    assert ran == ["2025-08"]
    assert preview.cache.last.stale_parts is None
    assert read_tree(preview.out) == preview.clean_build(tmp_path)
