"""A build whose cache ends with it (``briefing build``) holds the pages of all
but the feeds' newest articles light and packs their entries for the store as
they settle (engine/packed.py): the output, the store's rows and every later
build are as they would be had it held every page whole.

The fixture publishes four articles; the feeds are cut to one here, so three
pages are held light."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from briefing.build import pipeline
from briefing.build.api import BuildOptions, build, cache_key
from briefing.core.errors import ContentErrors
from briefing.engine import incremental
from briefing.engine.entries import ArticleEntry
from briefing.engine.incremental import BuildCache
from briefing.engine.packed import Spill, light_page, packed, row_of, unpacked
from briefing.engine.safe_pickle import loads
from briefing.engine.store import CACHE_DIR, cache_file
from briefing.publish import feeds
from tests.conftest import read_tree
from tests.test_incremental import EDITS, GLOSSARY

WHOLE = 1  # the feeds' newest articles, held whole


@pytest.fixture
def site(stories_site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (stories_site / "content/glossary.yml").write_text(GLOSSARY)
    monkeypatch.setattr(feeds, "FEED_LIMIT", WHOLE)
    monkeypatch.setattr(pipeline, "FEED_LIMIT", WHOLE)
    return stories_site


@pytest.fixture
def packs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the entries packed, in turn."""
    made: list[str] = []

    def counted(entry, spill=None):  # type: ignore[no-untyped-def]
        made.append(entry.page.article.slug)
        return packed(entry, spill)
    monkeypatch.setattr(incremental, "packed", counted)
    return made


def entries(site: Path, out: Path) -> list[tuple[str, ArticleEntry]]:
    """The entries the store holds, as a build reads them (a row pickled earlier
    may share a string where one pickled later holds two equal ones)."""
    options = BuildOptions(config_path=site / "site.yml", output_dir=out)
    path = cache_file(site, cache_key(options, site / "site.yml")).path
    with sqlite3.connect(path) as connection:
        return [(slug, loads(unpacked(value))) for slug, value in
                connection.execute("SELECT slug, value FROM entry ORDER BY slug")]


def test_a_command_build_equals_one_that_keeps_its_pages(site, tmp_path, packs):
    build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "light"))
    assert len(packs) == 3  # all but the newest
    build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "whole"),
          cache=BuildCache())  # as the preview builds: every page held whole
    assert read_tree(tmp_path / "light") == read_tree(tmp_path / "whole")


def test_packed_entries_are_what_the_save_would_write(site, tmp_path, packs,
                                                         monkeypatch):
    out = tmp_path / "out"
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    stored = entries(site, out)
    assert len(packs) == 3
    shutil.rmtree(site / CACHE_DIR)
    shutil.rmtree(out)
    monkeypatch.setattr(pipeline, "FEED_LIMIT", 10**6)  # every page whole, pickled at the save
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    assert len(packs) == 3  # none more
    assert stored == entries(site, out)
    assert all(entry.page.body for _, entry in stored)


def test_a_build_without_a_store_packs_nothing(site, tmp_path, packs):
    build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out",
                       use_cache=False))
    assert packs == []
    assert not (site / CACHE_DIR).exists()


@pytest.mark.parametrize("seed", [11, 12])
def test_command_builds_after_edits_equal_clean_ones(site, tmp_path, seed):
    """Each build reads the entries the one before packed (a narrow build reads
    an edited article's, a whole one every unchanged page's)."""
    rng = random.Random(seed)
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    for step in range(8):
        edit = rng.choice(EDITS)
        edit(site, rng)
        try:
            build(BuildOptions(config_path=site / "site.yml", output_dir=out))
        except ContentErrors:
            pytest.fail(f"step {step}: {edit.__name__} made the fixture invalid")
        shutil.rmtree(clean, ignore_errors=True)
        build(BuildOptions(config_path=site / "site.yml", output_dir=clean, use_cache=False))
        assert read_tree(out) == read_tree(clean), f"step {step}: after {edit.__name__}"


def test_a_light_page_keeps_all_but_its_text(site, tmp_path):
    cache = BuildCache()
    build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out"), cache=cache)
    entry = next(e for e in cache.entries.values() if e.page.text and e.page.body)
    page = light_page(entry.page)
    assert (page.body, page.front, page.text) == ("", "", "")
    assert (page.article, page.anchors, page.mentions, page.unplaced, page.retired) == \
        (entry.page.article, entry.page.anchors, entry.page.mentions, entry.page.unplaced,
         entry.page.retired)
    assert row_of(packed(entry)) == row_of(entry)


def test_packed_rows_wait_on_disk_and_read_back_whole(tmp_path):
    spill = Spill(tmp_path / "store")
    rows = [bytes([n]) * (1000 + n) for n in range(5)]
    kept = [spill.keep(row) for row in rows]
    assert all(entry.blob == b"" for entry in kept)  # not held: on disk
    assert [entry.row() for entry in kept] == rows
    assert list((tmp_path / "store").iterdir()) == []  # a file with no name


def test_a_spill_it_cannot_write_keeps_the_rows_in_memory(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    spill = Spill(blocked / "store")  # its folder is a file
    kept = [spill.keep(b"row one"), spill.keep(b"row two")]
    assert [entry.blob for entry in kept] == [b"row one", b"row two"]
    assert [entry.row() for entry in kept] == [b"row one", b"row two"]
