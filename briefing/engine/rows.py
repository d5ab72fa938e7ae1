"""The store's database: opening it, its tables, and reading its rows on demand.

A build asks for rows (an article's entry, a remembered value) the first time
it needs them: at 10,000 articles the store holds hundreds of thousands of
values, of which an edit needs a small share, where the pickle briefing kept
before had to be read whole by every build. A build of the whole site asks
for every entry and every file as loaded: those kinds are read in one query
each, their rows unpickled one by one as they are asked for.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.engine.code_version import code_version
from briefing.engine.last_row import Inputs, read_times
from briefing.engine.packed import PageText, page_text, unpacked, whole_page
from briefing.engine.safe_pickle import Damaged, loads

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE entry (slug TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE entry_text (slug TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE memo (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                   PRIMARY KEY (kind, key));
CREATE TABLE output (path TEXT PRIMARY KEY, digest TEXT NOT NULL);
"""
_ENTRIES = " entries"  # the whole read of the entry table (no kind's name has a space)
_TEXTS = " texts"  # and of the entry_text table: each page's text (packed.py)
SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's, beside the database
WAL_LIMIT = 32 * 1024 * 1024  # bytes of write-ahead log kept between builds
FORMAT = "briefing store 4"  # bumped whenever what the store holds changes meaning


def connect(path: Path, new: bool = False) -> sqlite3.Connection:
    """The database at ``path`` (made with its tables when ``new``), in WAL mode:
    a reader never waits for a writer, and a save is all or nothing. Transactions
    are begun and ended explicitly (saving.py)."""
    if new:
        path.parent.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(path.parent)
        reset(path)
    connection = _opened(path)
    if new:  # before the first page is written: WAL mode writes one
        connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")  # WAL: still all or nothing
    # A save of many rows goes through the WAL whole; once it is checkpointed,
    # the file shrinks to this.
    connection.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    if new:
        _tables(connection)
    return connection


def connect_aside(path: Path) -> sqlite3.Connection:
    """A new store for ``path``, made beside it (:func:`aside`) and written there
    with its rollback journal in memory, until :func:`put_in_place` moves it
    over ``path``. A store's first save writes every row: through the WAL,
    each page was written twice (into the log, then into the file at the
    checkpoint), a fifth of a cold build's save. A fresh file needs no journal
    on disk to be all or nothing: a build killed while writing it leaves the
    file aside, which the next new store replaces and prune.py removes, and
    ``path`` as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(path.parent)
    beside = aside(path)
    reset(beside)
    connection = _opened(beside)
    connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
    connection.execute("PRAGMA journal_mode = MEMORY")  # a rollback still works
    connection.execute("PRAGMA synchronous = NORMAL")  # synced as it is committed
    _tables(connection)
    return connection


def put_in_place(connection: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """The store :func:`connect_aside` made, its save committed, in WAL mode
    and moved over ``path`` (whose own files go first: a log left beside
    ``path`` must never be read into the new file); its connection there."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    reset(path)
    os.replace(aside(path), path)
    return connect(path)


def aside(path: Path) -> Path:
    """Where a new store for ``path`` is written: a hidden name prune.py knows."""
    return path.with_name(f".{path.name}.new")


def _opened(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=60)


def _tables(connection: sqlite3.Connection) -> None:
    """A new store's tables, and its format and code."""
    connection.executescript(SCHEMA)
    connection.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("format", FORMAT), ("code", code_version())])


def reset(path: Path) -> None:
    """Remove the database and SQLite's files beside it."""
    for suffix in ("", *SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass
class StoreRows:
    """The rows of an open store, read when asked for (a BuildCache's source).
    A row that cannot be trusted counts as missing: its value is computed again
    and replaces it (the store reports how many, once, when it saves)."""

    connection: sqlite3.Connection
    path: Path
    aside: bool = False  # a new store, not yet in place (connect_aside)
    damaged: int = 0  # rows that failed their checksum or could not be loaded
    broken: str = ""  # what SQLite said when it could not read the store
    _tables: dict[str, dict[str, bytes]] = field(default_factory=dict)  # whole reads
    # The rows of the lists of paths the store holds, with the lists (last_row.py).
    names: dict[str, str] = field(default_factory=dict)

    def entry(self, slug: str, whole: bool = False) -> Any:
        """The article's entry, its page whole; ``whole``: read every entry the
        first time one is asked for (a build of the whole site plans every
        article: one query instead of ten thousand, 0.66 s against 0.19 s at
        10,000 articles). None when either of its rows is missing or damaged."""
        entry = self.light_entry(slug, whole)
        text = self.text_of(slug, whole) if entry is not None else None
        if text is None or not hasattr(entry, "page"):
            return None
        entry.page = whole_page(entry.page, text)
        return entry

    def light_entry(self, slug: str, whole: bool = False) -> Any:
        """The article's entry with its page light (packed.py), as :meth:`entry`."""
        if not whole:
            return self._value("SELECT value FROM entry WHERE slug = ?", (slug,), True)[1]
        return self._whole(_ENTRIES, slug)[1]

    def text_of(self, slug: str, whole: bool = False) -> PageText | None:
        """The text of the article's page (its row of entry_text), as :meth:`entry`."""
        if whole:
            found, value = self._whole(_TEXTS, slug)
        else:
            found, value = self._value("SELECT value FROM entry_text WHERE slug = ?",
                                       (slug,), True)
        if not found:
            return None
        try:
            return page_text(value)
        except Damaged:
            self.damaged += 1
            return None

    def memo(self, kind: str, key: str, whole: bool = False) -> tuple[bool, Any]:
        """The value remembered under ``key``; ``whole``: read every value of the
        kind the first time one is asked for (small values a build asks for by
        the ten thousand: one query instead of one each)."""
        if not whole:
            return self._value("SELECT value FROM memo WHERE kind = ? AND key = ?",
                               (kind, key))
        return self._whole(kind, key)

    def _whole(self, kind: str, key: str) -> tuple[bool, Any]:
        """The value under ``key`` from the whole read of ``kind``'s rows (made now
        if not yet), which gives each up as it is asked for (each is asked for
        once: see BuildCache._lookup), so what it holds shrinks as the objects
        made from it grow."""
        table = self._tables.get(kind)
        if table is None:
            table = self._tables[kind] = self._table(kind)
        blob = table.pop(key, None)
        return self._loaded(blob, kind in (_ENTRIES, _TEXTS)) if blob is not None \
            else (False, None)

    def has(self, kind: str, key: str, whole: bool = False) -> bool:
        """Whether a value is stored under ``key``, without reading it (a damaged
        one counts: reading it later computes it again)."""
        if whole:
            table = self._tables.get(kind)
            if table is None:
                table = self._tables[kind] = self._table(kind)
            return key in table
        if self.broken:
            return False
        try:
            return self.connection.execute("SELECT 1 FROM memo WHERE kind = ? AND key = ?",
                                           (kind, key)).fetchone() is not None
        except sqlite3.Error as exc:
            self.broken = str(exc)
            return False

    def forget_read(self) -> None:
        """Drop what whole reads held: a new build reads the store as it is now."""
        self._tables.clear()

    def _table(self, kind: str) -> dict[str, bytes]:
        if self.broken:
            return {}
        try:
            if kind in (_ENTRIES, _TEXTS):
                table = "entry" if kind == _ENTRIES else "entry_text"
                return dict(self.connection.execute(f"SELECT slug, value FROM {table}"))
            return dict(self.connection.execute(
                "SELECT key, value FROM memo WHERE kind = ?", (kind,)))
        except sqlite3.Error as exc:
            self.broken = str(exc)
            return {}

    def written(self) -> dict[str, str] | None:
        """Every file the last build wrote, with its digest, in path order (an
        update keeps that order, and its restamp looks paths up by it:
        engine/stamp.restamped); None if unreadable."""
        try:
            return dict(self.connection.execute(
                "SELECT path, digest FROM output ORDER BY path"))
        except sqlite3.Error as exc:
            self.broken = self.broken or str(exc)
            return None

    def digest_of(self, path: str) -> str | None:
        """The digest of one file the last build wrote (None: not one of them,
        or unreadable, which makes the caller write it again)."""
        found = self._rows("SELECT digest FROM output WHERE path = ?", (path,))
        return found[0][0] if found else None  # unreadable: written again, no harm

    def written_count(self) -> int | None:
        """How many files the last build wrote (None if unreadable)."""
        found = self._rows("SELECT count(*) FROM output", ())
        return found[0][0] if found else None

    def written_under(self, prefix: str) -> dict[str, str] | None:
        """The files the last build wrote whose paths start with ``prefix`` (one
        range of the table's index), in path order; None if unreadable."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"
        found = self._rows("SELECT path, digest FROM output WHERE path >= ? AND path < ? "
                           "ORDER BY path", (prefix, end))
        return dict(found) if found is not None else None

    def _rows(self, query: str, key: tuple[str, ...]) -> list[tuple[Any, ...]] | None:
        if self.broken:
            return None
        try:
            return self.connection.execute(query, key).fetchall()
        except sqlite3.Error as exc:
            self.broken = str(exc)
            return None

    def inputs(self) -> Inputs | None:
        """Each input file's size and time as the last build found them, and the
        digests of their bytes it knew (input_bytes.py)."""
        found, value = self._value("SELECT value FROM meta WHERE name = 'inputs'", ())
        return read_times(value, self.names) if found else None

    def _value(self, query: str, key: tuple[str, ...], entry: bool = False
               ) -> tuple[bool, Any]:
        if self.broken:
            return False, None
        try:
            row = self.connection.execute(query, key).fetchone()
        except sqlite3.Error as exc:  # a damaged file: nothing more is read from it
            self.broken = str(exc)
            return False, None
        return self._loaded(row[0], entry) if row is not None else (False, None)

    def _loaded(self, blob: bytes, entry: bool = False) -> tuple[bool, Any]:
        """The value of a row; ``entry``: an entry's or its text's, kept compressed
        (packed.py)."""
        try:
            return True, loads(unpacked(blob) if entry else blob)
        except Damaged:
            self.damaged += 1
            return False, None


def _ignore_in_git(folder: Path) -> None:
    """The store is nobody's source: keep it out of commits, as Git's own folders are."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# Written by briefing: the build store is not source.\n*\n",
                          encoding="utf-8")
