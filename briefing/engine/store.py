"""The build store on disk: an SQLite database in ``.briefing-cache/``.

One database per output directory and build options, so building a site
into two places (``--out``) does not make each build undo the other's store.
It holds rows, read one at a time when a build asks for them (rows.py): each
article's entry (its merge and render keys, merged page and files written),
each remembered value by kind and key, and every file of the output with its
digest. A build that finds nothing changed reads one row (the last build's
stamps); an edit reads the rows its work needs and writes, in one
transaction, only the rows it changed, then removes the rows no build can ask
for again (deleted articles, values under keys that are gone), so the store
stays the size of the site.

It is never trusted blindly. A store written by another format or another
version of briefing's code, or one SQLite cannot read, is reported in one
warning and replaced by an empty one; values are checked and loaded by
safe_pickle.py. SQLite's journal (WAL) makes each save all or nothing: a
build killed half way through saving leaves the store as the build before
left it, and the next build's stamps tell what is out of date.

A long-running caller (the preview) that builds again before it has saved
takes the last build's changes aside (:meth:`CacheFile.hold`: references, no
pickling, no disk) and hands them to the next save, which writes them first:
the save need not stand between a change and its build.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import reduce
from pathlib import Path

from briefing.core.errors import Diagnostics
from briefing.engine.changes import Changes, combined
from briefing.engine.code_version import code_version, trust
from briefing.engine.incremental import BuildCache
from briefing.engine.last_build import LastBuild
from briefing.engine.last_row import read_last
from briefing.engine.rows import (
    FORMAT,
    StoreRows,
    aside,
    connect,
    connect_aside,
    put_in_place,
    reset,
)
from briefing.engine.safe_pickle import Damaged

CACHE_DIR = ".briefing-cache"
SUFFIX = ".sqlite"


@dataclass(frozen=True)
class Held:
    """One build's changes, taken aside before the next build counts anew."""

    changes: Changes
    last: LastBuild  # the build's record, without its files (the output rows hold them)
    # The output list its changes counted from (BuildCache.saved): freed with the
    # held changes, after the save, not before the build that follows.
    let_go: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CacheFile:
    """The store of one site and build settings (``path``: the database file)."""

    path: Path

    def load(self, diagnostics: Diagnostics) -> BuildCache:
        """The cache as the last build left it, reading rows on demand; an empty
        one (with a warning) when the store cannot be trusted."""
        try:
            connection = self._open(diagnostics)
            if connection is None:
                return BuildCache()
            last, names = read_last(connection)
        except (sqlite3.Error, Damaged) as exc:
            self._discard(diagnostics, f"is damaged ({exc})")
            return BuildCache()
        return BuildCache(last=last, source=StoreRows(connection, self.path, names=names))

    def hold(self, cache: BuildCache) -> Held | None:
        """What the last build changed, taken aside for :meth:`save` to write
        later, before the changes of the builds since: a build counts its
        changes from its start (BuildCache.load_work), so without this the
        store would have to be written before the next build begins."""
        if cache.last is None:
            return None
        changes, last = cache.changes(), replace(cache.last, written=None)
        return Held(changes, last, cache.saved())

    def save(self, cache: BuildCache, diagnostics: Diagnostics,
             held: tuple[Held, ...] = ()) -> None:
        """Save what this build changed, in one transaction, after the ``held``
        changes of the builds before it (combined, in one more); a store that
        cannot be written costs speed, not the build."""
        if cache.last is None:
            return
        from briefing.engine.prune import prune  # a build with nothing to do saves
        from briefing.engine.saving import save_changes  # nothing: not imported then

        try:
            rows = self._rows_for(cache, diagnostics)
            changes = cache.changes()
            if held:  # the builds set aside, as one: see changes.combined
                together = reduce(combined, (earlier.changes for earlier in held))
                rows.names = save_changes(rows.connection, _rows_only(together, changes),
                                          held[-1].last, rows.names)
            rows.names = save_changes(rows.connection, changes, cache.last, rows.names)
            if rows.aside:  # a new store: written beside its place, all of it, now moved
                rows.connection, rows.aside = put_in_place(rows.connection, self.path), False
            cache.saved()
        except (sqlite3.Error, OSError) as exc:
            diagnostics.warning(self.path.parent, None, f"could not write the build store "
                                f"({exc}); the next build starts from scratch")
            with suppress(sqlite3.Error, OSError):
                self._forget()
            cache.source = None  # a later save (the preview's) starts a new store
            return
        with suppress(OSError):  # another build pruning at the same moment: no matter
            prune(self.path.parent, keep=self.path.name)

    def _rows_for(self, cache: BuildCache, diagnostics: Diagnostics) -> StoreRows:
        """The rows ``cache`` was read from, or a new store for a cache that has
        none (the first build, or one whose store was discarded or is damaged)."""
        source = cache.source
        if isinstance(source, StoreRows) and source.path == self.path:
            if not source.broken:
                if source.damaged:
                    diagnostics.warning(self.path, None, "the build store had damaged "
                                        "rows; they were built again and replaced")
                    source.damaged = 0
                return source
            source.connection.close()
            self._discard(diagnostics, f"is damaged ({source.broken})")
        connection = self._open(diagnostics)
        cache.source = StoreRows(connection or connect_aside(self.path), self.path,
                                 aside=connection is None)
        cache.all_unsaved()  # nothing of it is in this store yet
        return cache.source

    def _open(self, diagnostics: Diagnostics) -> sqlite3.Connection | None:
        """The store, checked; None (after a warning) if it is missing or foreign."""
        if not self.path.exists():
            return None
        connection = connect(self.path)
        found = dict(connection.execute("SELECT name, value FROM meta WHERE name "
                                        "IN ('format', 'code', 'code-vouched')").fetchall())
        trust(found.get("code"), found.pop("code-vouched", None))  # else the files are read
        if found != {"format": FORMAT, "code": code_version()}:
            connection.close()
            self._discard(diagnostics, "was written by another version of briefing")
            return None
        return connection

    def _discard(self, diagnostics: Diagnostics, why: str) -> None:
        diagnostics.warning(self.path, None, f"the build store {why}; ignoring it and "
                            "building from scratch (it is rewritten after this build)")
        self._forget()

    def _forget(self) -> None:
        reset(self.path)
        reset(aside(self.path))


def _rows_only(earlier: Changes, latest: Changes) -> Changes:
    """``earlier`` without what ``latest`` decides again for the whole store (which
    articles and values are kept, the inputs' times): reading every key to
    compare takes a large store a second, and the latest build's answer is the
    one that holds. All of it when the latest build did not get that far."""
    if latest.present is None:
        return earlier
    return replace(earlier, present=None, used=None, inputs=None)


def cache_file(root: Path, settings: str) -> CacheFile:
    """The store for a build of the site at ``root`` with ``settings`` (output
    directory and options)."""
    name = hashlib.blake2b(settings.encode(), digest_size=8).hexdigest()  # a name, not a key
    return CacheFile(root / CACHE_DIR / f"build-{name}{SUFFIX}")
