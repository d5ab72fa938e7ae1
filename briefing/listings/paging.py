"""Pages of a long listing: ``tags/armenia/`` is page 1, ``tags/armenia/page/2/``
the next, and so on.

A page is given only the items it shows and a :class:`Pagination` that knows
nothing but its place (number, count, base path), so an edit to one report
changes the one page that shows it, and its key (``RenderContext.page``)
stays the same for every other page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
WINDOW = 2  # page numbers shown either side of the current one


@dataclass(frozen=True)
class Pagination:
    """Where one page sits among the pages of a listing."""

    base: str  # site-relative URL path of page 1, the listing's own: "tags/armenia/"
    number: int  # from 1
    count: int  # how many pages the listing has

    def path(self, number: int) -> str:
        """Site-relative URL path of page ``number``; page 1 is the listing's own URL."""
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def url_path(self) -> str:
        return self.path(self.number)

    @property
    def prev_path(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.count else None

    @property
    def window(self) -> tuple[int | None, ...]:
        """The page numbers a page links: the first, the last and those near this
        one, with None where numbers are left out (a page of 500 lists 7, not 500)."""
        near = range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1)
        shown = sorted({1, self.count, *near})
        result: list[int | None] = []
        last = 0
        for number in shown:
            if number - last == 2:  # a gap of one page: its number is as short as "…"
                result.append(number - 1)
            elif number - last > 2 and last:
                result.append(None)
            result.append(number)
            last = number
        return tuple(result)


def paginate(base: str, items: Sequence[T], size: int
             ) -> tuple[tuple[Pagination, tuple[T, ...]], ...]:
    """``items`` cut into pages of ``size`` (at least one page, even when empty),
    each with its :class:`Pagination`."""
    chunks = [tuple(items[start:start + size]) for start in range(0, len(items), size)] or [()]
    return tuple((Pagination(base, number, len(chunks)), chunk)
                 for number, chunk in enumerate(chunks, start=1))
