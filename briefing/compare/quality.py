"""How trustworthy a source's copy looks: its length and the paragraphs it repeats.

A source that resends half its body (a botched update) is not more emphatic
about those paragraphs; the comparison page should say so and not count them
twice. Repeats are reported, never removed: this module only measures.

Rules:

* A paragraph *repeats* an earlier one of the same source by the one rule of
  :mod:`briefing.text.repeats` (the rule the wire importer drops repeats by):
  token similarity of at least :data:`~briefing.text.repeats.THRESHOLD` to the
  most similar earlier paragraph that is not itself a repeat (the earliest on
  a tie).
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

from briefing.core.typography import ends_sentence
from briefing.text.normal import count_words
from briefing.text.repeats import THRESHOLD, find_repeats

HEADLINE_WORDS = 20      # a line this short that does not end a sentence reads as a headline
WRAP_WIDTH = 100         # lines of hard-wrapped text fit in this many characters
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True)
class Repeat:
    """A paragraph that repeats an earlier one of the same source."""

    paragraph: int  # index of the later paragraph
    repeats: int    # index of the earlier paragraph it repeats
    score: float    # token similarity (see briefing.text.repeats), 0-100
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
    return short and not all(ends_sentence(line) for line in lines[:-1])


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
    return count_words(stripped) <= HEADLINE_WORDS and not ends_sentence(stripped)


def repeats_of(paragraphs: Sequence[str], threshold: float = THRESHOLD) -> tuple[Repeat, ...]:
    """Every paragraph that repeats an earlier one, flagged when both read as headlines."""
    return tuple(Repeat(found.index, found.original, round(found.ratio * 100, 1),
                        headline_like(paragraphs[found.index])
                        and headline_like(paragraphs[found.original]))
                 for found in find_repeats(paragraphs, threshold))


def assess(source_id: str, paragraphs: Sequence[str],
           threshold: float = THRESHOLD) -> SourceQuality:
    """Word counts and repeated paragraphs of one source."""
    repeats = repeats_of(paragraphs, threshold)
    repeated = {repeat.paragraph for repeat in repeats}
    words = [count_words(paragraph) for paragraph in paragraphs]
    return SourceQuality(source_id=source_id, paragraph_count=len(paragraphs),
                         word_count=sum(words),
                         unique_word_count=sum(n for i, n in enumerate(words)
                                               if i not in repeated),
                         repeats=repeats)
