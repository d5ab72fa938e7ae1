"""The one table of typographic characters every text rule is built on.

Quotes, dashes, invisible characters and sentence ends used to be listed in
half a dozen modules, and the copies drifted (one lacked the acute accent
U+00B4 used as an apostrophe, three did not know ``»`` ends a quotation). Each
normal form in :mod:`briefing.text.normal`, the wire importer and the
comparison engine now take their characters from here:

* anchoring and glossary matching (:func:`briefing.text.normal.anchoring`)
  straighten :data:`QUOTES` and :data:`DASHES`, expand :data:`EXPANSIONS`,
  drop :data:`INVISIBLE` and turn every :data:`OTHER_SPACES` run into one
  space, so a no-break space matches a space;
* comparing wordings and detecting repeats (``for_comparing``, ``for_repeats``)
  apply :data:`STRAIGHTEN` and drop :data:`INVISIBLE`, then NFKC (which turns
  a no-break space into a space); all whitespace runs become one space;
* the merge stage's body normaliser keeps all of these as written (a no-break
  space is content there), and the wire importer drops only :data:`ZERO_WIDTH`
  (a soft hyphen is a hyphenation hint an agency may mean) and makes
  :data:`OTHER_SPACES` plain spaces.

A sentence ends at one of :data:`TERMINALS` followed by any closing quotes or
brackets (:data:`CLOSERS`, ``»`` and ``”`` among them): :data:`SENTENCE_END`.
Every place that looks for a sentence end builds on that one pattern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Apostrophes and single quotes, all read as "'" (U+00B4 and "`" are typed for ’).
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032`\u00b4"
# Double quotes and guillemets, all read as '"'.
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
QUOTES: Mapping[str, str] = {**{c: "'" for c in SINGLE_QUOTES},
                             **{c: '"' for c in DOUBLE_QUOTES}}
# Hyphens, dashes and the minus sign, all read as "-".
DASH_CHARACTERS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASHES: Mapping[str, str] = {c: "-" for c in DASH_CHARACTERS}
# One-for-one replacements: a text keeps its length when straightened.
STRAIGHTEN = str.maketrans({**QUOTES, **DASHES})
# Characters that stand for several ASCII ones.
EXPANSIONS: Mapping[str, str] = {"\u2026": "..."}

# Zero-width space, non-joiner, joiner, word joiner and a stray BOM.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
SOFT_HYPHEN = "\u00ad"
# Characters that do not change what a reader sees or means.
INVISIBLE = frozenset(ZERO_WIDTH + SOFT_HYPHEN)
# Every character str.isspace() (and so the regex ``\s``) accepts, but " ":
# the no-break spaces U+00A0, U+202F and U+2007 among them.
# tests/test_parse_cache.py checks the list against all of Unicode.
OTHER_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003"
                "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

# Marks that end a sentence ("..." ends with "." too).
TERMINALS = ".!?\u2026"
# What may follow the terminal mark and still belong to the sentence.
CLOSERS = "\"'\u201d\u2019\u00bb)]"
TERMINAL_CLASS = "[" + re.escape(TERMINALS) + "]"
CLOSER_CLASS = "[" + re.escape(CLOSERS) + "]"
# The end of a sentence: a terminal mark and any closing quotes or brackets.
SENTENCE_END = re.compile(TERMINAL_CLASS + CLOSER_CLASS + "*")
_ENDS_SENTENCE = re.compile(SENTENCE_END.pattern + r"\s*$")
# A sentence end and the spaces after it; group 1 is the spaces.
_SENTENCE_BREAK = re.compile(SENTENCE_END.pattern + r"(\s+)")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence (trailing spaces aside)."""
    return _ENDS_SENTENCE.search(text) is not None


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the spaces after each sentence end, in order.

    A sentence of ``text`` runs from the end of one break to the start of the
    next, so it keeps its closing quote ("Peace is here.”").
    """
    return [found.span(1) for found in _SENTENCE_BREAK.finditer(text)]
