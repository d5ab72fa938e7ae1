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
from briefing.engine import rows as rows_module
from briefing.engine.entries import ArticleEntry
from briefing.engine.incremental import BuildCache
from briefing.engine.packed import (
    Spill,
    light_page,
    packed,
    page_text,
    row_of,
    unpacked,
    whole_page,
)
from briefing.engine.safe_pickle import loads
from briefing.engine.store import CACHE_DIR, cache_file
from briefing.publish import feeds
from tests.conftest import read_tree
from tests.test_incremental import EDITS, GLOSSARY, edit_template

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
        texts = dict(connection.execute("SELECT slug, value FROM entry_text"))
        return [(slug, _whole(loads(unpacked(value)), texts[slug])) for slug, value in
                connection.execute("SELECT slug, value FROM entry ORDER BY slug")]


def _whole(entry: ArticleEntry, text: bytes) -> ArticleEntry:
    """A stored entry (its page light) with its page's text row put back."""
    assert (entry.page.body, entry.page.front, entry.page.text) == ("", "", "")
    entry.page = whole_page(entry.page, page_text(loads(unpacked(text))))
    return entry


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
    rows = [(bytes([n]) * (1000 + n), bytes([n + 100]) * (10 + n)) for n in range(5)]
    kept = [spill.keep(*pair) for pair in rows]
    assert all(entry.blob == b"" for entry in kept)  # not held: on disk
    assert [entry.rows() for entry in kept] == rows
    assert list((tmp_path / "store").iterdir()) == []  # a file with no name


def test_a_spill_it_cannot_write_keeps_the_rows_in_memory(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    spill = Spill(blocked / "store")  # its folder is a file
    kept = [spill.keep(b"row one", b"text one"), spill.keep(b"row two", b"text two")]
    assert [entry.blob for entry in kept] == [b"row one", b"row two"]
    assert [entry.rows() for entry in kept] == [(b"row one", b"text one"),
                                                 (b"row two", b"text two")]


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs whose page text the store was asked for, one by one."""
    asked: list[str] = []
    real = rows_module.StoreRows.text_of

    def counted(self, slug, whole=False):  # type: ignore[no-untyped-def]
        asked.append(slug)
        return real(self, slug, whole)
    monkeypatch.setattr(rows_module.StoreRows, "text_of", counted)
    return asked


def test_a_whole_build_from_the_store_reads_the_texts_it_renders(site, tmp_path,
                                                                  text_reads):
    """A new article makes the whole pipeline run: it reads every entry, but the
    text of the feeds' newest alone, and of a page it renders again."""
    out = tmp_path / "out"
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    text_reads.clear()
    loose = (site / "content/articles/loose-report.md").read_text()
    (site / "content/articles/a-new-report.md").write_text(  # the newest: held whole
        loose.replace("title: ", "title: New ", 1).replace("date: 2025", "date: 2031", 1))
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    assert text_reads == []  # the others' pages are kept, and held light
    clean = tmp_path / "clean"
    build(BuildOptions(config_path=site / "site.yml", output_dir=clean, use_cache=False))
    assert read_tree(out) == read_tree(clean)


def test_an_entry_saved_without_its_text_is_merged_again(site, tmp_path):
    """A store whose entry has no text row (one saved from a light read, into a
    new store) gives the article no entry where its page is needed whole."""
    out = tmp_path / "out"
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    options = BuildOptions(config_path=site / "site.yml", output_dir=out)
    path = cache_file(site, cache_key(options, site / "site.yml")).path
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM entry_text")
    edit_template(site, random.Random(1))  # every page rendered again: whole pages
    build(options)
    clean = tmp_path / "clean"
    build(BuildOptions(config_path=site / "site.yml", output_dir=clean, use_cache=False))
    assert read_tree(out) == read_tree(clean)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM entry_text").fetchone()[0] == 4
