"""Finding paragraphs that repeat an earlier one, exactly or nearly.

Wire feeds often resend a block of paragraphs (a botched update or a
copy-paste slip), sometimes with a word or a quote mark changed. The importer
drops such repeats and the story page counts them; both ask this module, so a
paragraph the importer would drop is one the story page calls repeated.

The rule: paragraphs are compared as the words of their repeats form
(:func:`briefing.text.normal.for_repeats`), by the Indel similarity of the
word sequences (2 x longest common subsequence / total words; ``rapidfuzz``).
Comparing words rather than characters makes "one word changed" cost one
word whatever its length, keeps long paragraphs fast, and lets a moved comma
or a "!" for a "." cost nothing. A paragraph repeats the earlier *kept*
paragraph it is most similar to (the earliest on a tie) when that similarity
is at least :data:`THRESHOLD`. A paragraph without words (a row of
asterisks) repeats only one with the same repeats form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from briefing.text.normal import for_repeats

THRESHOLD = 0.9  # word similarity from which two paragraphs count as the same
_WORD = re.compile(r"\w+")
_EPSILON = 1e-9  # a similarity this close below a threshold meets it (floating point)


@dataclass(frozen=True)
class Repeat:
    """Paragraph ``index`` repeats the earlier paragraph ``original`` (0-based)."""

    index: int
    original: int
    ratio: float  # word similarity, 0-1


def tokens(text: str) -> tuple[str, ...]:
    """The words of a paragraph's repeats form: the units paragraphs are compared in."""
    return tuple(_WORD.findall(for_repeats(text)))


@dataclass(frozen=True)
class Fingerprint:
    """A paragraph prepared once for many comparisons: its words and their set."""

    tokens: tuple[str, ...]
    types: frozenset[str]
    key: tuple[str, ...] | str  # equal for exact repeats: the words, or the text if none


def fingerprint(paragraph: str) -> Fingerprint:
    """Normalise and tokenise once, so each paragraph costs that work only once."""
    normal = for_repeats(paragraph)
    words = tuple(_WORD.findall(normal))
    return Fingerprint(words, frozenset(words), words or normal)


def upper_bound(a: Fingerprint, b: Fingerprint) -> float:
    """A similarity no pair can beat, from set operations that run at C speed.

    A token whose word never occurs in the other paragraph cannot be matched,
    so it counts against the similarity before any sequence is compared.
    """
    total = len(a.tokens) + len(b.tokens)
    if not total:
        return 1.0
    matchable = min(len(a.tokens) - len(a.types - b.types),
                    len(b.tokens) - len(b.types - a.types))
    return 2 * matchable / total


def similarity(a: Fingerprint, b: Fingerprint, threshold: float = THRESHOLD) -> float:
    """The token similarity of two paragraphs, or 0.0 if it is below ``threshold``.

    Two bounds come first, cheapest first: no common subsequence is longer
    than the shorter paragraph, so paragraphs of unlike lengths (most pairs
    of a report) are told apart by two lengths, without the set operations
    of :func:`upper_bound` (which were two fifths of comparing a story). A
    similarity equal to the threshold meets it (within :data:`_EPSILON`: 18 of
    20 words is 0.9, while 0.9 x 20 is 18.000000000000004 in floating point,
    and rapidfuzz's own cutoff turned 4 of 5 words away from 0.8)."""
    if a.tokens == b.tokens:
        return 1.0
    total, least = len(a.tokens) + len(b.tokens), threshold - _EPSILON
    if 2 * min(len(a.tokens), len(b.tokens)) < least * total or upper_bound(a, b) < least:
        return 0.0
    most = int(total * (1 - least))  # the largest distance that meets the threshold
    distance = Indel.distance(a.tokens, b.tokens, score_cutoff=most)
    return 1 - distance / total if distance <= most else 0.0


def best_match(candidate: Fingerprint, kept: Sequence[tuple[int, Fingerprint]],
               threshold: float = THRESHOLD) -> tuple[int, float] | None:
    """The kept paragraph ``candidate`` repeats most closely (the earliest on a tie)."""
    best: tuple[int, float] | None = None
    for index, other in kept:
        ratio = similarity(other, candidate, threshold)
        if ratio >= threshold and (best is None or ratio > best[1]):
            best = (index, ratio)
            if ratio == 1.0:
                break
    return best


def find_repeats(paragraphs: Sequence[str], threshold: float = THRESHOLD) -> tuple[Repeat, ...]:
    """Every paragraph that repeats an earlier kept one, with the one it repeats.

    A repeat is not kept, so later paragraphs are matched against originals
    only: a paragraph sent three times repeats the first copy twice.
    """
    kept: list[tuple[int, Fingerprint]] = []
    exact: dict[tuple[str, ...] | str, int] = {}
    found: list[Repeat] = []
    for index, paragraph in enumerate(paragraphs):
        current = fingerprint(paragraph)
        match = (exact[current.key], 1.0) if current.key in exact else \
            best_match(current, kept, threshold) if current.tokens else None
        if match is not None:
            found.append(Repeat(index, match[0], match[1]))
            continue
        kept.append((index, current))
        exact.setdefault(current.key, index)
    return tuple(found)
