"""Finding paragraphs that repeat an earlier one, exactly or nearly.

Wire feeds often resend a block of paragraphs (a botched update or a
copy-paste slip), sometimes with a word or a quote mark changed. Readers should
see each paragraph once, and editors should see what was dropped, so every
removal is returned as a :class:`Duplicate` that can explain itself.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

THRESHOLD = 0.9  # SequenceMatcher ratio from which two paragraphs count as the same

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
})
_SPACE = re.compile(r"\s+")


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


def normalise(text: str) -> str:
    """Fold the differences a resend introduces: case, spacing, quote and dash styles."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def similarity(a: str, b: str, threshold: float = THRESHOLD) -> float:
    """The SequenceMatcher ratio of two normalised texts, or 0.0 if clearly below threshold.

    The length bound and quick ratios are upper bounds of the real ratio, so the
    expensive comparison only runs for pairs that could still reach ``threshold``.
    """
    if a == b:
        return 1.0
    total = len(a) + len(b)
    if not total or 2 * min(len(a), len(b)) / total < threshold:
        return 0.0
    # autojunk would ignore common letters in long paragraphs and under-count matches.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def best_match(candidate: str, kept: Sequence[tuple[int, str]],
               threshold: float = THRESHOLD) -> tuple[int, float] | None:
    """The earliest kept paragraph that ``candidate`` repeats, with the best ratio."""
    best: tuple[int, float] | None = None
    for index, text in kept:
        ratio = similarity(candidate, text, threshold)
        if ratio >= threshold and (best is None or ratio > best[1]):
            best = (index, ratio)
            if ratio == 1.0:
                break
    return best


def remove_duplicates(paragraphs: Sequence[str], threshold: float = THRESHOLD
                      ) -> tuple[list[str], list[Duplicate]]:
    """Keep the first occurrence of each paragraph; report every later repeat."""
    kept: list[str] = []
    kept_normal: list[tuple[int, str]] = []
    exact: dict[str, int] = {}
    removed: list[Duplicate] = []
    for index, paragraph in enumerate(paragraphs, start=1):
        normal = normalise(paragraph)
        match = (exact[normal], 1.0) if normal in exact else best_match(
            normal, kept_normal, threshold)
        if match is not None:
            removed.append(Duplicate(index, match[0], match[1], paragraph))
            continue
        kept.append(paragraph)
        kept_normal.append((index, normal))
        exact[normal] = index
    return kept, removed
