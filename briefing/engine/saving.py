"""Saving one build's changes to the store, in one transaction.

Only what the build set or removed is written: after an edit, a few rows
where the pickle briefing kept before was rewritten whole (hundreds of
megabytes at 10,000 articles). After a whole build, the rows nothing asked
for are removed (a deleted article's entry, values under keys that no input
gives any more), and the space they took is returned to the file system once
it is a good share of the file, so the store stays the size of the site.
"""

from __future__ import annotations

import sqlite3
from itertools import islice

from briefing.core.remembered import ALL
from briefing.engine.changes import Changes
from briefing.engine.code_version import code_version, vouched
from briefing.engine.last_build import LastBuild
from briefing.engine.last_row import Names, stored_times, write_last
from briefing.engine.packed import row_of
from briefing.engine.rows import WAL_LIMIT
from briefing.engine.safe_pickle import dumps

LONG_TEXT = frozenset(kind.name for kind in ALL if kind.long_text)
FREE_SHARE = 4  # free pages past a quarter of the file: give them back
BATCH = 256  # entries pickled and written at a time


def save_changes(connection: sqlite3.Connection, changes: Changes, last: LastBuild,
                 names: Names) -> Names:
    """Write ``changes`` and the last build's record ``last``, all or nothing;
    ``names``: the lists of paths the store holds (last_row.py), as it holds
    them after the save."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        _write_rows(connection, changes)
        if changes.present is not None:
            _remove_entries_not_in(connection, changes.present)
        if changes.used is not None:
            _remove_memo_not_in(connection, changes.used)
        saved = write_last(connection, last, names)
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('code-vouched', ?)",
                           (vouched(code_version()),))  # see code_version.trust
        if changes.inputs is not None:
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('inputs', ?)",
                               (dumps(stored_times(changes.inputs, last, saved)),))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    _give_back_free_pages(connection)
    return saved


def _write_rows(connection: sqlite3.Connection, changes: Changes) -> None:
    """The rows, each pickled as SQLite asks for it (generators, not lists), an
    entry's two rows (packed.py) a batch at a time: a whole build's entries
    pickled at once held some 200 MB more at 10,000 articles, the peak of the
    build's memory. An entry read light has no text row: the store's stays."""
    entries = iter(changes.entries.items())
    while batch := [(slug, row_of(entry)) for slug, entry in islice(entries, BATCH)]:
        connection.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?)",
                               [(slug, row) for slug, (row, _) in batch])
        connection.executemany("INSERT OR REPLACE INTO entry_text VALUES (?, ?)",
                               [(slug, text) for slug, (_, text) in batch if text is not None])
    gone = [(slug,) for slug in changes.entries_gone]
    connection.executemany("DELETE FROM entry WHERE slug = ?", gone)
    connection.executemany("DELETE FROM entry_text WHERE slug = ?", gone)
    connection.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
                           ((kind, key, dumps(value, text=kind in LONG_TEXT))
                            for (kind, key), value in changes.memo.items()))
    connection.executemany("DELETE FROM memo WHERE kind = ? AND key = ?", changes.memo_gone)
    connection.executemany("INSERT OR REPLACE INTO output VALUES (?, ?)",
                           sorted(changes.written.items()))
    connection.executemany("DELETE FROM output WHERE path = ?",
                           [(path,) for path in changes.written_gone])


def _remove_entries_not_in(connection: sqlite3.Connection, present: frozenset[str]) -> None:
    for table in ("entry", "entry_text"):
        gone = [row for row in connection.execute(f"SELECT slug FROM {table}")
                if row[0] not in present]
        connection.executemany(f"DELETE FROM {table} WHERE slug = ?", sorted(gone))


def _remove_memo_not_in(connection: sqlite3.Connection,
                        used: frozenset[tuple[str, str]]) -> None:
    """Remove every remembered value the build did not ask for: comparing keys
    in Python costs one read of the keys (no values), where SQL would need the
    used keys copied into a table first. The keys are compared as they are
    read, and only those to remove are kept: a set of every stored key was
    some 50 MB at 10,000 articles, the peak of a whole build's memory."""
    gone = [row for row in connection.execute("SELECT kind, key FROM memo") if row not in used]
    connection.executemany("DELETE FROM memo WHERE kind = ? AND key = ?", sorted(gone))


def _give_back_free_pages(connection: sqlite3.Connection) -> None:
    """Return free pages past :data:`FREE_SHARE` of the file, and checkpoint a
    large log into the database so that it can shrink."""
    (free,) = connection.execute("PRAGMA freelist_count").fetchone()
    (pages,) = connection.execute("PRAGMA page_count").fetchone()
    if free * FREE_SHARE > pages:
        # executescript runs it to the end; execute() would stop after one page
        connection.executescript("PRAGMA incremental_vacuum;")
    (_, logged, _) = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    if logged * 4096 > WAL_LIMIT:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
