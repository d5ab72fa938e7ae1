"""Recognising a report's headline and stand-first, or deriving a stand-in title.

Wire copy has no markup, so the headline can only be told apart by shape: it
is short and, unlike every paragraph, does not end a sentence. When no line has
that shape the title comes from the opening sentence, flagged for an editor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.core.typography import (
    CLOSER_CLASS,
    SENTENCE_END,
    TERMINALS,
    ends_sentence,
)

HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 25
DEK_MAX_CHARS = 400   # a stand-first is a sentence or two, not a paragraph of body copy
DEK_MAX_UNITS = 2     # the headline must come within the first three units
TITLE_MAX_WORDS = 12  # for a title derived from the first sentence

# Headlines do not end like a sentence or a clause.
_NOT_HEADLINE_END = re.compile("[" + re.escape(TERMINALS + ";:,") + "]" + CLOSER_CLASS + "*$")
# A sentence end (group 1) followed by a space and a capital, digit or opening quote.
_SENTENCE_BREAK = re.compile(
    "(" + SENTENCE_END.pattern + ")" + r"\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
# Short words before a full stop that do not end a sentence: Mr. Smith, U.S. forces.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Prof|Lt|Col|Capt|No|vs)|"
    r"\b(?:[A-Za-z]\.)+[A-Za-z]?)\.$")
# Trailing punctuation a title should not end with (kept: closing quotes/brackets).
_TRAILING_MARKS = re.compile(
    r"[\s" + re.escape(TERMINALS) + r",;:\-\u2013\u2014]+(" + CLOSER_CLASS + "*)$")
# Words a shortened title should not end on ("... a monumental step towards").
_DANGLING = frozenset(
    "a an the and or but nor of to in on at by for from with as into onto about "
    "over under after before towards toward than that which who whose whom its "
    "their his her our your is are was were be been has have had will would".split())


def is_headline(text: str) -> bool:
    """Short, at least two words, and not ending like a sentence or clause."""
    words = text.split()
    return (len(text) <= HEADLINE_MAX_CHARS and 2 <= len(words) <= HEADLINE_MAX_WORDS
            and not _NOT_HEADLINE_END.search(text))


def is_dek_sentence(text: str) -> bool:
    """A stand-first candidate: a short unit that ends a sentence."""
    return len(text) <= DEK_MAX_CHARS and ends_sentence(text)


def find_headline(units: Sequence[str]) -> int | None:
    """Index of the headline, or None; only stand-first sentences may precede it.

    Looking further down would mistake a body subheading for the headline and
    swallow the paragraphs above it into the stand-first.
    """
    for index, text in enumerate(units[:DEK_MAX_UNITS + 1]):
        if is_headline(text):
            return index
        if not is_dek_sentence(text):
            return None
    return None


def first_sentence(text: str) -> str:
    """The paragraph's opening sentence, not fooled by abbreviations like "U.S."."""
    for match in _SENTENCE_BREAK.finditer(text):
        if not _ABBREVIATION.search(text[:match.start(1) + 1]):  # up to the terminal mark
            return text[:match.end(1)]
    return text


def shorten_title(sentence: str, max_words: int = TITLE_MAX_WORDS) -> str:
    """Cut at a word boundary, drop dangling small words and trailing punctuation."""
    words = sentence.split()
    if len(words) > max_words:
        words = words[:max_words]
        while len(words) > 3 and words[-1].strip(",;:").casefold() in _DANGLING:
            words.pop()
    title = " ".join(words)
    return _TRAILING_MARKS.sub(r"\1", title).strip()


def derive_title(paragraph: str) -> str:
    """A stand-in title from the first sentence; an editor is told to check it."""
    return shorten_title(first_sentence(paragraph)) or paragraph[:HEADLINE_MAX_CHARS]
