"""How trustworthy a source's copy looks: its length and the paragraphs it repeats.

A source that resends half its body (a botched update) is not more emphatic
about those paragraphs; the comparison page should say so and not count them
twice. Repeats are reported, never removed: this module only measures.

Rules:

* A paragraph *repeats* an earlier one of the same source when their
  normalised texts (:func:`briefing.compare.normalise.normalise`) have a
  ``rapidfuzz.fuzz.ratio`` of at least :data:`REPEAT_THRESHOLD`; it is paired
  with the most similar earlier paragraph (the earliest on a tie).
* Headline-like lines count as repeats too (a doubled headline is a real
  defect of the copy) but are flagged ``headline=True``, and
  :attr:`SourceQuality.body_repeats` leaves them out, because a headline
  printed above a stand-first and again above the body is a layout slip, not
  repeated reporting. A line is headline-like when it has at most
  :data:`HEADLINE_WORDS` words and does not end like a sentence.
* Words are whitespace-separated tokens holding a letter or digit;
  ``unique_word_count`` leaves repeated paragraphs out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from briefing.compare.normalise import count_words, normalise

REPEAT_THRESHOLD = 90.0  # rapidfuzz ratio (0-100) from which a paragraph repeats another
HEADLINE_WORDS = 20      # a line this short that does not end a sentence reads as a headline
WRAP_WIDTH = 100         # lines of hard-wrapped text fit in this many characters
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


@dataclass(frozen=True)
class Repeat:
    """A paragraph that repeats an earlier one of the same source."""

    paragraph: int  # index of the later paragraph
    repeats: int    # index of the earlier paragraph it repeats
    score: float    # rapidfuzz ratio of the normalised texts, 0-100
    headline: bool  # both are headline-like lines


@dataclass(frozen=True)
class SourceQuality:
    """What a reader should know about one source's copy before trusting its emphasis."""

    source_id: str
    paragraph_count: int
    word_count: int
    unique_word_count: int
    repeats: tuple[Repeat, ...]

    @property
    def body_repeats(self) -> tuple[Repeat, ...]:
        """Repeats of body paragraphs only (a doubled headline left out)."""
        return tuple(repeat for repeat in self.repeats if not repeat.headline)


def _block_lines(block: str) -> list[str]:
    """The non-blank lines of a block, stripped."""
    return [line.strip() for line in block.split("\n") if line.strip()]


def _is_wrapped(lines: Sequence[str]) -> bool:
    """A block is one hard-wrapped paragraph when its lines are short and run on mid-sentence."""
    short = all(len(line) <= WRAP_WIDTH for line in lines)
    return short and not all(_SENTENCE_END.search(line) for line in lines[:-1])


def paragraphs_from_text(text: str) -> tuple[str, ...]:
    """Paragraphs of raw text: blank-line blocks, or lines when there are no blank lines.

    A block whose lines are long or each end a sentence is one paragraph per
    line, not one paragraph: wire copy such as the seed reports puts a
    stand-first and headline, or a whole body, on consecutive lines and uses a
    blank line only here and there. Hard-wrapped blocks are joined with spaces.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not _BLANK_LINE.search(text):
        return tuple(_block_lines(text))
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = _block_lines(block)
        if len(lines) > 1 and _is_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return tuple(paragraphs)


def headline_like(paragraph: str) -> bool:
    """Short and not ending like a sentence: a headline, not reporting."""
    stripped = paragraph.strip()
    return count_words(stripped) <= HEADLINE_WORDS and not _SENTENCE_END.search(stripped)


def find_repeats(paragraphs: Sequence[str],
                 threshold: float = REPEAT_THRESHOLD) -> tuple[Repeat, ...]:
    """Every paragraph that repeats an earlier one, paired with its closest earlier match."""
    normal = [normalise(paragraph) for paragraph in paragraphs]
    repeats = []
    for later in range(1, len(normal)):
        best: tuple[float, int] | None = None
        for earlier in range(later):
            score = fuzz.ratio(normal[earlier], normal[later], score_cutoff=threshold)
            if normal[later] and score >= threshold and (best is None or score > best[0]):
                best = (score, earlier)
        if best is not None:
            headline = headline_like(paragraphs[later]) and headline_like(paragraphs[best[1]])
            repeats.append(Repeat(later, best[1], round(best[0], 1), headline))
    return tuple(repeats)


def assess(source_id: str, paragraphs: Sequence[str],
           threshold: float = REPEAT_THRESHOLD) -> SourceQuality:
    """Word counts and repeated paragraphs of one source."""
    repeats = find_repeats(paragraphs, threshold)
    repeated = {repeat.paragraph for repeat in repeats}
    words = [count_words(paragraph) for paragraph in paragraphs]
    return SourceQuality(source_id=source_id, paragraph_count=len(paragraphs),
                         word_count=sum(words),
                         unique_word_count=sum(n for i, n in enumerate(words)
                                               if i not in repeated),
                         repeats=repeats)
