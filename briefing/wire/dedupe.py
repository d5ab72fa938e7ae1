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

THRESHOLD = 0.9  # token SequenceMatcher ratio from which two paragraphs count as the same

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
})
_SPACE = re.compile(r"\s+")
# Words and single punctuation marks: the units two paragraphs are compared in.
_TOKEN = re.compile(r"\w+|[^\w\s]")


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


def tokens(text: str) -> tuple[str, ...]:
    """A normalised paragraph as words and punctuation marks.

    Comparing tokens rather than characters keeps the check fast on long
    paragraphs (English texts share most letters, so character counts filter
    nothing) and makes "one word changed" cost one token, whatever its length.
    """
    return tuple(_TOKEN.findall(text))


@dataclass(frozen=True)
class Fingerprint:
    """A paragraph prepared once for many comparisons: its tokens and their set."""

    tokens: tuple[str, ...]
    types: frozenset[str]


def fingerprint(paragraph: str) -> Fingerprint:
    """Normalise and tokenise once, so each paragraph costs that work only once."""
    words = tokens(normalise(paragraph))
    return Fingerprint(words, frozenset(words))


def upper_bound(a: Fingerprint, b: Fingerprint) -> float:
    """A ratio no pair can beat, from set operations that run at C speed.

    A token whose word never occurs in the other paragraph cannot be matched,
    so it counts against the ratio before any sequence is compared.
    """
    total = len(a.tokens) + len(b.tokens)
    if not total:
        return 1.0
    matchable = min(len(a.tokens) - len(a.types - b.types),
                    len(b.tokens) - len(b.types - a.types))
    return 2 * matchable / total


def new_matcher(b: Fingerprint) -> SequenceMatcher:
    """A matcher indexed on ``b``; autojunk would ignore frequent words like "the"."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(b.tokens)
    return matcher


def similarity(a: Fingerprint, b: Fingerprint, threshold: float = THRESHOLD,
               matcher: SequenceMatcher | None = None) -> float:
    """The SequenceMatcher ratio of two paragraphs, or 0.0 if clearly below threshold.

    The vocabulary bound and quick ratio are upper bounds of the real ratio, so
    the expensive comparison only runs for pairs that could still reach
    ``threshold``. A ``matcher`` already indexed on ``b`` (see :func:`new_matcher`)
    saves re-indexing ``b`` when one paragraph is compared with many.
    """
    if a.tokens == b.tokens:
        return 1.0
    if upper_bound(a, b) < threshold:
        return 0.0
    matcher = matcher or new_matcher(b)
    matcher.set_seq1(a.tokens)
    if matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def best_match(candidate: Fingerprint, kept: Sequence[tuple[int, Fingerprint]],
               threshold: float = THRESHOLD) -> tuple[int, float] | None:
    """The kept paragraph ``candidate`` repeats most closely (the earliest on a tie)."""
    best: tuple[int, float] | None = None
    matcher = new_matcher(candidate)
    for index, other in kept:
        ratio = similarity(other, candidate, threshold, matcher)
        if ratio >= threshold and (best is None or ratio > best[1]):
            best = (index, ratio)
            if ratio == 1.0:
                break
    return best


def remove_duplicates(paragraphs: Sequence[str], threshold: float = THRESHOLD
                      ) -> tuple[list[str], list[Duplicate]]:
    """Keep the first occurrence of each paragraph; report every later repeat."""
    kept: list[str] = []
    kept_prints: list[tuple[int, Fingerprint]] = []
    exact: dict[tuple[str, ...], int] = {}
    removed: list[Duplicate] = []
    for index, paragraph in enumerate(paragraphs, start=1):
        current = fingerprint(paragraph)
        match = (exact[current.tokens], 1.0) if current.tokens in exact else \
            best_match(current, kept_prints, threshold)
        if match is not None:
            removed.append(Duplicate(index, match[0], match[1], paragraph))
            continue
        kept.append(paragraph)
        kept_prints.append((index, current))
        exact[current.tokens] = index
    return kept, removed
