"""Dropping paragraphs that repeat an earlier one, and saying what was dropped.

Readers should see each paragraph once, and editors should see what was
dropped, so every removal is returned as a :class:`Duplicate` that can explain
itself. What counts as a repeat is :mod:`briefing.text.repeats`' rule, the one
the story page's quality measure uses too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.text.repeats import THRESHOLD, find_repeats


@dataclass(frozen=True)
class Duplicate:
    """A paragraph dropped because it repeats an earlier, kept one."""

    index: int     # 1-based position in the body as parsed (before removal)
    original: int  # 1-based position of the kept paragraph it repeats
    ratio: float
    text: str

    @property
    def percent(self) -> int:
        """The match as a whole percentage, rounded down so only exact repeats say 100%."""
        return math.floor(self.ratio * 100 + 1e-9)

    def describe(self) -> str:
        return (f"removed paragraph {self.index}: repeats paragraph {self.original} "
                f"({self.percent}% match)")


def remove_duplicates(paragraphs: Sequence[str], threshold: float = THRESHOLD
                      ) -> tuple[list[str], list[Duplicate]]:
    """Keep the first occurrence of each paragraph; report every later repeat."""
    repeats = find_repeats(paragraphs, threshold)
    dropped = {repeat.index for repeat in repeats}
    kept = [paragraph for index, paragraph in enumerate(paragraphs) if index not in dropped]
    return kept, [Duplicate(r.index + 1, r.original + 1, r.ratio, paragraphs[r.index])
                  for r in repeats]
