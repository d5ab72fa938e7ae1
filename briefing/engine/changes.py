"""What one build changed in a BuildCache, and where a cache reads what it
does not hold: the two sides of the store (store.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from briefing.engine.entries import ArticleEntry


@dataclass(frozen=True)
class Changes:
    """What one build set and removed in a BuildCache: the store saves these
    instead of all of it (thousands of unchanged pages)."""

    entries: dict[str, ArticleEntry]
    entries_gone: list[str]
    memo: dict[tuple[str, str], Any]  # (kind, key) → value
    written: dict[str, str]  # path → digest of each file written or changed
    written_gone: list[str]
    # After a whole build: the articles there are and the values it asked for;
    # the store removes every other row (None: keep them).
    present: frozenset[str] | None = None
    used: frozenset[tuple[str, str]] | None = None
    inputs: dict[str, tuple[int, int]] | None = None  # each input's size and time now


class Source(Protocol):
    """Where a BuildCache reads what it does not hold (store.StoreRows)."""

    def entry(self, slug: str) -> ArticleEntry | None: ...
    def memo(self, kind: str, key: str, whole: bool = False) -> tuple[bool, Any]: ...
    def has(self, kind: str, key: str, whole: bool = False) -> bool: ...
    def written(self) -> dict[str, str] | None: ...
    def inputs(self) -> dict[str, tuple[int, int]] | None: ...
