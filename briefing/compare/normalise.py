"""One normal form for comparing wordings written by different desks.

Two wire services quoting the same sentence differ in things a reader does not
notice: typographic or straight quotes, en or em dashes, a capital after an
ellipsis, a comma moved outside a quotation mark. Alignment and repeat
detection both compare this normal form, so those differences never count.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
})
_DASH = re.compile(r"-+")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S*\w\S*")


def unify_marks(text: str) -> str:
    """NFKC, then one quote and one dash character for all their typographic variants."""
    return unicodedata.normalize("NFKC", text).translate(_MARKS)


def normalise(text: str) -> str:
    """Casefolded words only: marks unified, dashes split words, other punctuation removed.

    A dash separates words ("area—a territory" is two words), while an
    apostrophe inside a word is dropped ("It's" → "its"), so both spellings of
    a contraction compare equal.
    """
    text = _DASH.sub(" ", unify_marks(text))
    text = _PUNCTUATION.sub("", text)
    return _SPACE.sub(" ", text).strip().casefold()


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding at least one letter or digit.

    A lone dash or ellipsis is not a word; "long-standing" is one, as a reader
    would count it.
    """
    return len(_WORD.findall(text))
