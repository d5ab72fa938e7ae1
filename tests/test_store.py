"""The build store (.briefing-cache/build-*.sqlite): read on demand, saved by
the rows a build changed, lean after deletions, portable between machines, and
never trusted blindly: damaged, foreign or half-written stores are noticed and
rebuilt, and every build still equals a clean one."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.build.api import BuildOptions, build, cache_key
from briefing.core.errors import Diagnostics
from briefing.engine import saving
from briefing.engine.changes import MemoRows
from briefing.engine.incremental import BuildCache
from briefing.engine.rows import StoreRows, aside, connect, connect_aside, put_in_place
from briefing.engine.safe_pickle import LONG_TEXT, Damaged, dumps, loads
from briefing.engine.store import CACHE_DIR, CacheFile, cache_file
from tests.conftest import REPO, read_tree
from tests.test_incremental import clean_build


@pytest.fixture
def site(stories_site: Path) -> Path:
    return stories_site


def options(site: Path, out: Path) -> BuildOptions:
    return BuildOptions(config_path=site / "site.yml", output_dir=out)


def store_of(site: Path, out: Path) -> CacheFile:
    return cache_file(site, cache_key(options(site, out), site / "site.yml"))


def rows(site: Path, out: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(store_of(site, out).path) as connection:
        return connection.execute(sql).fetchall()


def edit(site: Path, line: str, name: str = "loose-report.md") -> None:
    path = site / "content/articles" / name
    path.write_text(path.read_text() + f"\n{line}\n")


def store_warnings(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.format() for w in result.warnings if "build store" in w.message]


def test_a_build_keeps_one_sqlite_store_per_settings(site, tmp_path):
    build(options(site, tmp_path / "out"))
    build(options(site, tmp_path / "elsewhere"))
    names = sorted(p.name for p in (site / CACHE_DIR).glob("build-*.sqlite"))
    assert len(names) == 2
    articles = len(list((tmp_path / "out/articles").glob("*/index.html")))  # drafts: none
    assert rows(site, tmp_path / "out", "SELECT count(*) FROM entry") == [(articles,)]
    (mode,) = rows(site, tmp_path / "out", "PRAGMA journal_mode")[0]
    assert mode == "wal"


def test_an_edit_writes_only_the_rows_it_changed(site, tmp_path):
    """INSERT OR REPLACE gives a replaced row a new rowid: only the edited
    article's entry has one after the edit, and no output row of another page."""
    out = tmp_path / "out"
    build(options(site, out))
    before = dict(rows(site, out, "SELECT slug, rowid FROM entry"))
    edit(site, "One more line.")
    assert not build(options(site, out)).full
    after = dict(rows(site, out, "SELECT slug, rowid FROM entry"))
    assert {slug for slug in after if after[slug] != before.get(slug)} == {"loose-report"}
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_nothing_changed_reads_no_row_but_the_last_build(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(options(site, out))

    def refuse(*args: object) -> None:
        raise AssertionError("a build with nothing to do read a row")

    for name in ("entry", "memo", "written"):
        monkeypatch.setattr(StoreRows, name, refuse)
    assert build(options(site, out)).up_to_date


def test_an_edit_reads_remembered_values_on_demand(site, tmp_path, monkeypatch):
    """An edit asks the store for some remembered values, one row at a time,
    never for the whole table."""
    out = tmp_path / "out"
    build(options(site, out))
    (stored,) = rows(site, out, "SELECT count(*) FROM memo")[0]
    asked: list[tuple[str, str]] = []
    real = StoreRows.memo
    monkeypatch.setattr(StoreRows, "memo", lambda self, kind, key, whole=False: asked.append(
        (kind, key)) or real(self, kind, key, whole))
    edit(site, "One more line.")
    build(options(site, out))
    assert 0 < len(set(asked)) <= stored


@pytest.mark.parametrize("line, name", [("One more line.", "loose-report.md"),
                                        ("A line in a story.", "summit-a.md")])
def test_an_edit_reads_the_rows_of_the_files_it_writes_not_the_whole_list(
        site, tmp_path, monkeypatch, line, name):
    """An edit's build looks up the digests of the few files it writes again,
    one row each, and never reads the list of every file of the output (43,000
    rows at 10,000 articles, 30 ms); the next build reads it whole if it must,
    and every build still equals a clean one."""
    out = tmp_path / "out"
    build(options(site, out))
    whole: list[str] = []
    real = StoreRows.written
    monkeypatch.setattr(StoreRows, "written", lambda self: whole.append("read") or real(self))
    edit(site, line, name)
    assert build(options(site, out)).narrow
    assert not whole
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    (site / "content/articles/added-report.md").write_text(
        "---\ntitle: An added report\ndate: 2026-01-09\n---\n\nIt was added.\n")
    assert not build(options(site, out)).narrow
    assert read_tree(out) == clean_build(site, tmp_path / "clean2")


def test_a_build_of_the_whole_site_reads_each_kind_in_one_query(site, tmp_path, monkeypatch):
    """A build of the whole site loads every article and annotation file and
    plans every article: it reads their rows with one query per kind (and one
    for the entries), never one query per file."""
    out = tmp_path / "out"
    build(options(site, out))
    one_by_one: list[str] = []
    whole: list[str] = []
    real_value, real_table = StoreRows._value, StoreRows._table
    monkeypatch.setattr(StoreRows, "_value", lambda self, query, key: one_by_one.append(
        key[0] if len(key) == 2 else query.split()[3]) or real_value(self, query, key))
    monkeypatch.setattr(StoreRows, "_table", lambda self, kind: whole.append(kind)
                        or real_table(self, kind))
    (site / "content/articles/added-report.md").write_text(  # no narrow build: a new file
        "---\ntitle: An added report\ndate: 2026-01-09\n---\n\nIt was added.\n")
    assert not build(options(site, out)).narrow
    assert sorted(whole) == sorted(set(whole))
    assert {" entries", "article", "annotations", "story-file"} <= set(whole)
    assert not {"entry", "article", "annotations", "story-file"} & set(one_by_one)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_deleted_content_leaves_the_store(site, tmp_path):
    """A large article deleted takes its rows with it, and the file gives the
    space back: the store does not keep what no build can ask for."""
    out = tmp_path / "out"
    build(options(site, out))
    path = store_of(site, out).path
    rows(site, out, "PRAGMA wal_checkpoint(TRUNCATE)")
    small = path.stat().st_size
    big = site / "content/articles/big-report.md"
    words = " ".join(f"word{n}" for n in range(200_000))
    big.write_text(f"---\ntitle: A long report\ndate: 2026-01-05\n---\n\n{words}\n")
    build(options(site, out))
    assert ("big-report",) in rows(site, out, "SELECT slug FROM entry")
    rows(site, out, "PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size > small + 1_000_000
    big.unlink()
    build(options(site, out))
    assert ("big-report",) not in rows(site, out, "SELECT slug FROM entry")
    rows(site, out, "PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size < small + 500_000
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_remembered_values_nobody_asks_for_are_removed(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    with sqlite3.connect(store_of(site, out).path) as connection:
        connection.execute("INSERT INTO memo VALUES ('comparison', 'gone', ?)", (dumps(1),))
    edit(site, "One more line.")
    assert build(options(site, out)).narrow  # the edited article alone: no sweep
    assert rows(site, out, "SELECT key FROM memo WHERE key = 'gone'")
    path = site / "content/articles/loose-report.md"
    path.write_text(path.read_text().replace("title: ", "title: New - ", 1))
    assert not build(options(site, out)).narrow  # the whole site: a sweep
    assert not rows(site, out, "SELECT key FROM memo WHERE key = 'gone'")


@pytest.mark.parametrize("name", ["loose-report.md", "summit-a.md"])  # the second in a story
def test_builds_of_an_edited_article_alone_leave_no_rows_behind(site, tmp_path, name):
    """What the edited file held before (the article as read, the key of its
    bytes, its feed entry; its story's view and comparison) is removed: the
    store holds what a build of the whole site would leave, however many such
    builds ran."""
    out, path = tmp_path / "out", site / "content/articles" / name
    build(options(site, out))
    for line in ['"One more line," Petrova said.', "And another.", "And a third."]:
        edit(site, line, name)
        stamp = path.stat().st_mtime - 10  # older than the racily clean: a key by its time
        os.utime(path, (stamp, stamp))
        assert build(options(site, out)).narrow
    narrow = Counter(kind for (kind,) in rows(site, out, "SELECT kind FROM memo"))
    shutil.copytree(site, tmp_path / "again", ignore=shutil.ignore_patterns(".briefing-cache"))
    build(options(tmp_path / "again", tmp_path / "again-out"))
    whole = Counter(kind for (kind,) in rows(tmp_path / "again", tmp_path / "again-out",
                                              "SELECT kind FROM memo"))
    assert narrow == whole  # rows of each kind (their keys name the site's own paths)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other version", "other format"])
def test_a_store_that_cannot_be_trusted_is_rebuilt_with_one_warning(site, tmp_path, damage):
    out = tmp_path / "out"
    build(options(site, out))
    path = store_of(site, out).path
    rows(site, out, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    else:
        name = "code" if damage == "other version" else "format"
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE meta SET value = 'old' WHERE name = ?", (name,))
    edit(site, "One more line.")
    result = build(options(site, out))
    warnings = store_warnings(result)
    assert len(warnings) == 1 and "ignoring it and building from scratch" in warnings[0]
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    edit(site, "And another.")
    assert not store_warnings(again := build(options(site, out))) and not again.full


def test_entries_are_kept_compressed(site, tmp_path):
    """An entry holds its merged Markdown: the rows are zlib's, each a checked
    pickle of an entry once decompressed (a third of its size)."""
    out = tmp_path / "out"
    build(options(site, out))
    stored = rows(site, out, "SELECT value FROM entry")
    assert stored
    for (value,) in stored:
        pickled = zlib.decompress(value)
        assert len(value) < len(pickled)
        assert type(loads(pickled)).__name__ == "ArticleEntry"


def test_a_damaged_row_is_built_again_and_replaced(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    with sqlite3.connect(store_of(site, out).path) as connection:
        (value,) = connection.execute(
            "SELECT value FROM entry WHERE slug = 'loose-report'").fetchone()
        flipped = value[:-10] + bytes([value[-10] ^ 0xFF]) + value[-9:]
        connection.execute("UPDATE entry SET value = ? WHERE slug = 'loose-report'",
                           (flipped,))
    edit(site, "One more line.")  # the damaged row's own article: it must be read
    result = build(options(site, out))
    assert any("had damaged rows" in w for w in store_warnings(result))
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    edit(site, "And another.", "summit-a.md")
    assert not store_warnings(build(options(site, out)))


def test_a_build_killed_while_saving_leaves_the_store_as_it_was(site, tmp_path):
    """A child process stands for a build killed half way through its save: it
    has replaced and deleted rows in a transaction when it dies. SQLite's
    journal drops the half-written transaction; the next build finds the store
    as the last complete build left it and still builds what a clean build does."""
    out = tmp_path / "out"
    build(options(site, out))
    path = store_of(site, out).path
    before = rows(site, out, "SELECT slug, value FROM entry ORDER BY slug")
    pid = os.fork()
    if pid == 0:  # the build being killed
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM entry")
        connection.execute("INSERT INTO entry VALUES ('torn', x'00')")
        connection.execute("UPDATE meta SET value = x'00' WHERE name = 'last'")
        os.kill(os.getpid(), 9)
    os.waitpid(pid, 0)
    assert rows(site, out, "SELECT slug, value FROM entry ORDER BY slug") == before
    edit(site, "One more line.")
    result = build(options(site, out))
    assert not result.full and not store_warnings(result)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


KILLED_BUILD = """
import os, sys
from pathlib import Path
from briefing.build.api import BuildOptions, build
from briefing.engine import saving

real = saving._write_rows

def dying(connection, changes):
    real(connection, changes)  # every row of the build written, the transaction open
    os.kill(os.getpid(), 9)

saving._write_rows = dying
build(BuildOptions(config_path=Path(sys.argv[1]), output_dir=Path(sys.argv[2])))
"""


def test_a_real_build_killed_in_its_save_leaves_the_store_as_it_was(site, tmp_path):
    """A whole ``briefing build`` in a process of its own, killed (SIGKILL) once
    it has written its rows and before it commits them: the store is the last
    complete build's, and the next build makes what a clean build makes."""
    out = tmp_path / "out"
    build(options(site, out))
    before = rows(site, out, "SELECT slug, value FROM entry ORDER BY slug")
    edit(site, "One more line.")
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(site / "site.yml"),
                             str(out)], cwd=site, capture_output=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    assert rows(site, out, "SELECT slug, value FROM entry ORDER BY slug") == before
    result = build(options(site, out))
    assert not store_warnings(result)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_first_build_killed_in_its_save_leaves_no_store_and_the_next_builds_clean(
        site, tmp_path):
    """A store's first save is written beside its place (rows.connect_aside) and
    moved there once committed: killed before, there is no store, only the file
    aside, which the next build's new store replaces; the output is a clean one."""
    out = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(site / "site.yml"),
                             str(out)], cwd=site, capture_output=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    path = store_of(site, out).path
    beside = path.with_name(f".{path.name}.new")
    assert not path.exists() and beside.exists()
    result = build(options(site, out))
    assert not store_warnings(result) and path.exists() and not beside.exists()
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    edit(site, "One more line.")
    assert not build(options(site, out)).full  # the store moved in place is read


def test_a_new_store_is_put_in_place_in_wal_mode_and_no_old_log_is_read_into_it(tmp_path):
    """A log left beside the store's place (an older store's, valid in itself)
    would be read into the new file over its pages: it is removed first."""
    path = tmp_path / "store.sqlite"
    old = connect(path, new=True)
    old.execute("PRAGMA wal_autocheckpoint = 0")
    old.execute("INSERT INTO entry VALUES ('old', x'01')")
    log = Path(f"{path}-wal").read_bytes()
    old.close()
    Path(f"{path}-wal").write_bytes(log)  # an older store's log, left behind
    new = connect_aside(path)
    new.execute("INSERT INTO entry VALUES ('new', x'02')")
    placed = put_in_place(new, path)
    assert placed.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert placed.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert placed.execute("SELECT slug FROM entry").fetchall() == [("new",)]
    assert not aside(path).exists()


def test_a_store_sqlite_cannot_read_is_rebuilt(site, tmp_path):
    """A value of the wrong type stands for a page SQLite cannot read mid-build:
    nothing more is read from the store, which is replaced after the build."""
    out = tmp_path / "out"
    build(options(site, out))
    with sqlite3.connect(store_of(site, out).path) as connection:
        connection.execute("UPDATE entry SET value = CAST(x'c3' AS TEXT)")
    edit(site, "One more line.")
    result = build(options(site, out))
    assert ["is damaged" in w for w in store_warnings(result)] == [True]
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    edit(site, "And another.")
    assert not store_warnings(again := build(options(site, out))) and not again.full


def test_a_store_that_cannot_be_written_warns_and_the_next_build_starts_clean(
        site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(options(site, out))

    def full_disk(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(saving, "_write_rows", full_disk)
    edit(site, "One more line.")
    result = build(options(site, out))
    assert any("could not write the build store (database or disk is full)" in w
               for w in store_warnings(result))
    monkeypatch.undo()
    edit(site, "And another.")
    build(options(site, out))
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_store_copied_to_another_machine_is_used(site, tmp_path, monkeypatch):
    """No secret of this machine signs the store (a fresh CI runner restores it
    from the Actions cache): another user's build reuses it, incrementally."""
    out = tmp_path / "out"
    build(options(site, out))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    monkeypatch.setenv("HOME", str(tmp_path / "another-home"))
    edit(site, "One more line.")
    result = build(options(site, out))
    assert not result.full and not store_warnings(result)


class Payload:
    """What an attacker would store: a value whose loading runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def test_a_tampered_store_cannot_run_code(site, tmp_path):
    marker = tmp_path / "ran"
    body = pickle.dumps(Payload(marker))
    blob = zlib.crc32(body).to_bytes(4, "big") + body
    with pytest.raises(Damaged, match="posix.system|os.system"):
        loads(blob)
    out = tmp_path / "out"
    build(options(site, out))
    with sqlite3.connect(store_of(site, out).path) as connection:  # entries: compressed
        connection.execute("UPDATE entry SET value = ?", (zlib.compress(blob),))
    edit(site, "One more line.")
    result = build(options(site, out))
    assert not marker.exists() and any("damaged rows" in w for w in store_warnings(result))
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("value", [
    ("a", 1, 2.5, None, True, b"x", frozenset({"y"})),
    {"k": [1, 2, {"z"}]},
])
def test_plain_values_go_through_the_store_unchanged(value):
    assert loads(dumps(value)) == value


@given(st.text(min_size=0, max_size=600))
def test_long_text_goes_through_the_store_unchanged_and_keeps_no_copy(text):
    """Values saved as holding long text (``text=True``) come back equal,
    surrogates included, and long text is left without the UTF-8 copy
    CPython's pickler otherwise attaches to it for as long as it lives."""
    long = "\u0259" * LONG_TEXT + text.replace("\udc80", "")
    size = sys.getsizeof(long)
    value = {"body": long, "odd": text + "\udc80", "tuple": (long, text, 1)}
    assert loads(dumps(value, text=True)) == value
    assert sys.getsizeof(long) == size
    assert loads(dumps(value)) == value
    assert sys.getsizeof(long) > size  # what a plain pickle does: why text=True


def test_a_stored_reference_that_is_not_text_is_damaged():
    class Refers(pickle.Pickler):
        def persistent_id(self, obj):  # type: ignore[no-untyped-def]
            return ("os", "system") if obj == "x" else None
    stream = io.BytesIO()
    Refers(stream).dump(["x"])
    body = stream.getvalue()
    with pytest.raises(Damaged, match="unknown reference"):
        loads(zlib.crc32(body).to_bytes(4, "big") + body)


def test_a_path_is_stored_by_its_text():
    """A path is pickled as its text (pathlib's own reduction gives each part,
    each parsed again when loaded) and comes back equal, through the loader
    that allows nothing but the store's own types."""
    path = Path("/site/content/articles/a-report.md")
    blob = dumps((path, path))
    assert b"file_path" in blob and b"a-report.md" in blob and blob.count(b"content") == 1
    again = loads(blob)
    assert again == (path, path) and type(again[0]) is type(path)


def test_the_model_goes_through_the_store_unchanged(site, tmp_path):
    """An entry is stored without its article (its own row holds it) and,
    given it back, is the entry that was saved."""
    from briefing.engine.entries import NoteRef, restored, stored_form
    out = tmp_path / "out"
    build(options(site, out))
    cache = store_of(site, out).load(Diagnostics())
    assert isinstance(cache.source, StoreRows)
    entry = cache.source.entry("summit-a")
    assert entry is not None and entry.page.article is None and entry.page.anchors
    assert loads(dumps(entry)) == entry
    fresh = BuildCache()
    build(options(site, tmp_path / "memory"), cache=fresh)
    whole = fresh.entries["summit-a"]
    notes = (*(anchor.annotation for anchor in whole.page.anchors), *whole.page.unplaced)
    assert whole.own == {note.id for note in notes}  # none changed by merging
    stored = stored_form(whole)
    assert all(isinstance(a.annotation, NoteRef) for a in stored.page.anchors)
    back = restored(loads(dumps(stored)), whole.page.article, tuple(notes))
    assert back == whole
    assert all(a.annotation is b.annotation  # our note objects, not copies
               for a, b in zip(back.page.anchors, whole.page.anchors, strict=True))
    # A stored note that names none of the article's notes: the entry is not used.
    assert restored(loads(dumps(stored)), whole.page.article, tuple(notes)[1:]) is None


def test_a_fresh_checkout_with_a_restored_cache_is_an_incremental_build(site, tmp_path):
    """What a deploy sees: every input and output file with new times (a fresh
    checkout, an output restored from the Actions cache). Inputs are read and
    known by their bytes, the output by its digests: one edit rebuilds what it
    changed, not the site."""
    out = tmp_path / "out"
    build(options(site, out))
    later = 2_000_000_000
    for path in [*site.rglob("*"), *out.rglob("*")]:
        if path.is_file() and CACHE_DIR not in path.parts:
            os.utime(path, (later, later))
    edit(site, "One more line.")
    result = build(BuildOptions(config_path=site / "site.yml", output_dir=out, explain=True))
    assert not result.full and not store_warnings(result)
    assert result.explanation is not None
    assert {path for path, _ in result.explanation.written} == {
        "articles/loose-report/index.html", "articles/loose-report/index.md",
        "feed.json", "feed.xml"}
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def _apply(rows: dict[str, int], changes) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """What saving ``changes`` does to the entry rows: write, then remove."""
    rows = {**rows, **changes.entries}
    for key in changes.entries_gone:
        rows.pop(key, None)
    return rows


_KEYS = st.sampled_from("abcdef")
_SAVE = st.tuples(st.dictionaries(_KEYS, st.integers(0, 9), max_size=4),
                  st.lists(_KEYS, max_size=3, unique=True))


@given(st.dictionaries(_KEYS, st.integers(0, 9)), st.lists(_SAVE, min_size=1, max_size=5))
def test_builds_set_aside_combined_save_what_saving_each_in_turn_would(start, saves):
    """The preview saves the builds it set aside as one set of changes
    (changes.combined): the rows must end as saving each build in turn leaves them."""
    from functools import reduce

    from briefing.engine.changes import Changes, combined

    each = [Changes(dict(made), sorted(gone), {}, dict(made), sorted(gone))
            for made, gone in saves]
    in_turn = reduce(_apply, each, start)
    together = reduce(combined, each)
    assert _apply(start, together) == in_turn
    assert together.written == together.entries
    assert together.written_gone == together.entries_gone


def _output_digests(out: Path) -> dict[str, str]:
    from briefing.core.hashing import digest
    from briefing.write.manifest import MANIFEST
    return {file.relative_to(out).as_posix(): digest(file.read_bytes())
            for file in sorted(out.rglob("*")) if file.is_file() and file.name != MANIFEST}


def test_updates_set_aside_save_the_output_as_it_is_from_what_they_touched(site, tmp_path):
    """The preview builds again before it saves (CacheFile.hold): the output rows
    saved after such updates list every file as it is, and are made from the
    files the updates touched, not from a comparison of every file's digest
    (tens of milliseconds before each of the preview's builds at 10,000
    articles): the cache knows what they touched (BuildCache.wrote)."""
    out = tmp_path / "out"
    store = store_of(site, out)
    cache = store.load(Diagnostics())
    build(options(site, out), cache=cache)
    store.save(cache, Diagnostics())
    held = []
    for line, name in [("One more line.", "loose-report.md"),
                       ("Another line.", "loose-report.md"),
                       ("A line in a story.", "summit-a.md")]:
        edit(site, line, name)
        set_aside = store.hold(cache)
        held += [set_aside] if set_aside is not None else []
        assert not build(options(site, out), cache=cache).full
        assert cache._written_since is not None, "known from the touched files"
    assert len(held) == 3
    store.save(cache, Diagnostics(), tuple(held))
    assert store_of(site, out).load(Diagnostics()).source.written() == _output_digests(out)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_memo_rows_are_read_from_the_tables_and_a_held_save_copies_them():
    """A command build's save reads its values from the cache's own tables
    (MemoRows: no copy of 265,000 rows at 10,000 articles); the preview holds
    its save while the next build changes the tables, so it takes a copy."""
    tables = {"story": {"a": 1, "b": 2}, "terms": {"x": 3}}
    rows = MemoRows(tables, [("story", "a"), ("terms", "x")])
    assert dict(rows) == {("story", "a"): 1, ("terms", "x"): 3} and len(rows) == 2
    held = rows.copy()
    tables["story"]["a"] = 9
    assert rows[("story", "a")] == 9
    assert held == {("story", "a"): 1, ("terms", "x"): 3}
