"""What one build changed in a BuildCache, and where a cache reads what it
does not hold: the two sides of the store (store.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from briefing.core.files import FileTimes
    from briefing.engine.entries import ArticleEntry
    from briefing.engine.input_bytes import Digests
    from briefing.engine.packed import PackedEntry, PageText


@dataclass(frozen=True)
class Changes:
    """What one build set and removed in a BuildCache: the store saves these
    instead of all of it (thousands of unchanged pages)."""

    entries: dict[str, ArticleEntry | PackedEntry]  # packed: see packed.py
    entries_gone: list[str]
    memo: Mapping[tuple[str, str], Any]  # (kind, key) → value
    written: dict[str, str]  # path → digest of each file written or changed
    written_gone: list[str]
    # After a whole build: the articles there are and the values it asked for;
    # the store removes every other row (None: keep them).
    present: frozenset[str] | None = None
    used: AbstractSet[tuple[str, str]] | None = None
    # Each input's size and time now, and the digests of the bytes known with them.
    inputs: tuple[FileTimes, Digests] | None = None
    memo_gone: list[tuple[str, str]] = field(default_factory=list)  # values forgotten


class MemoRows(Mapping[tuple[str, str], Any]):
    """The remembered values a build set, looked up in its cache's tables as the
    save asks for them (BuildCache.changes): ``keys`` in order."""

    def __init__(self, tables: Mapping[str, Mapping[str, Any]],
                 keys: list[tuple[str, str]]) -> None:
        self._tables, self._keys = tables, keys

    def __getitem__(self, row: tuple[str, str]) -> Any:
        return self._tables[row[0]][row[1]]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def copy(self) -> dict[tuple[str, str], Any]:
        """The rows as they are now, for a save held until later builds have
        changed the tables (store.Held)."""
        return dict(self.items())


def written_changes(before: dict[str, str], now: dict[str, str],
                    since: tuple[set[str], dict[str, str]] | None
                    ) -> tuple[dict[str, str], list[str]]:
    """The output rows to set (path → digest) and to remove to go from
    ``before`` to ``now``: from the paths the updates in place between them
    touched when ``since`` knows them for ``now`` (BuildCache.wrote), else by
    comparing the whole lists."""
    if since is not None and since[1] is now:
        touched = sorted(since[0])
        return ({path: now[path] for path in touched
                 if path in now and before.get(path) != now[path]},
                [path for path in touched if path in before and path not in now])
    return ({path: value for path, value in now.items() if before.get(path) != value},
            sorted(before.keys() - now.keys()))  # no set of either: 43,000 paths


def combined(earlier: Changes, later: Changes) -> Changes:
    """What saving ``earlier`` and then ``later`` does, as one set of changes: a
    value changed by several builds is pickled and written once, as the last
    one left it; which rows are kept is the later build's answer when it has one."""
    entries, entries_gone = _after(earlier.entries, earlier.entries_gone,
                                   later.entries, later.entries_gone)
    written, written_gone = _after(earlier.written, earlier.written_gone,
                                   later.written, later.written_gone)
    memo, memo_gone = _after(earlier.memo, earlier.memo_gone, later.memo, later.memo_gone)
    decided = later if later.present is not None else earlier
    return Changes(entries, entries_gone, memo, written, written_gone, decided.present,
                   decided.used, later.inputs if later.inputs is not None else earlier.inputs,
                   memo_gone)


def _after(set_before: Mapping[Any, Any], gone_before: list[Any],
           set_now: Mapping[Any, Any], gone_now: list[Any]) -> tuple[dict[Any, Any], list[Any]]:
    """Rows set and removed by two saves in turn (each writes, then removes)."""
    rows = {key: value for key, value in set_before.items() if key not in gone_before}
    gone = set(gone_before) - set(set_now)
    rows.update(set_now)
    for key in gone_now:
        rows.pop(key, None)
        gone.add(key)
    return rows, sorted(gone)


class Source(Protocol):
    """Where a BuildCache reads what it does not hold (store.StoreRows)."""

    def entry(self, slug: str, whole: bool = False) -> ArticleEntry | None: ...
    def light_entry(self, slug: str, whole: bool = False) -> ArticleEntry | None: ...
    def text_of(self, slug: str, whole: bool = False) -> PageText | None: ...
    def memo(self, kind: str, key: str, whole: bool = False) -> tuple[bool, Any]: ...
    def has(self, kind: str, key: str, whole: bool = False) -> bool: ...
    def written(self) -> dict[str, str] | None: ...
    def digest_of(self, path: str) -> str | None: ...
    def written_under(self, prefix: str) -> dict[str, str] | None: ...
    def written_count(self) -> int | None: ...
    def inputs(self) -> tuple[FileTimes, Digests] | None: ...
