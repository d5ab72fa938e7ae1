"""Finding the quotation marks of a paragraph and pairing them.

Wire copy mixes straight and typographic quotes, uses ’ both as an apostrophe
and as a closing single quote, and sometimes loses a mark. This module only
answers "which characters open and close a top-level quotation"; what is
inside and who said it is decided elsewhere.

Rules:

* ``“`` (and ``„``) opens and ``”`` closes a double quotation.
* A straight ``"`` opens when it starts a word (after the paragraph start,
  whitespace, a bracket, a dash or a slash) and closes when it ends one
  (before whitespace, punctuation or the end); when both hold, it closes an
  open straight quotation and opens otherwise. A ``"`` inside a word
  (``12"``) is ignored.
* ``‘`` opens a single quotation only at the start of a word and before a
  letter (``‘90s`` is an elided year, not a quote). ``’`` between two letters
  or digits is an apostrophe (Trump’s); any other ``’`` (nations’) may close a
  single quotation but is an apostrophe unless a ``‘`` is open. When several
  ``’`` could close, the first one after punctuation wins (‘The nations’
  histories are long,’ he said), else the first. Straight ``'`` is never a
  quotation mark: it is almost always an apostrophe in wire copy.
* Marks of the same family nest: a closer pairs with the innermost open mark
  of its family. Inside a quotation, all other marks (a nested ‘historic’)
  are plain text.
* An opener that is never closed is skipped and the search resumes at the
  next mark, so one lost mark costs one quotation, not the rest of the
  paragraph. A closer with no opener is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Family = Literal["curly", "straight", "single"]
Role = Literal["open", "close", "either"]

_WORD_START_BEFORE = set("([{/-\u2010\u2013\u2014\u2018\u201c")
_WORD_END_AFTER = set(".,;:!?)]}/-\u2010\u2013\u2014\u2019\u201d\u2026")
_SENTENCE_PUNCTUATION = set(",.;:!?\u2026")
_MARK = re.compile("[\"\u201c\u201d\u201e\u2018\u2019]")


@dataclass(frozen=True)
class Mark:
    """One quotation-mark character that may open or close a quotation."""

    position: int
    family: Family
    role: Role


def _before(text: str, index: int) -> str:
    """The character before ``index``, or "" at the start (no IndexError at the edges)."""
    return text[index - 1] if index > 0 else ""


def _after(text: str, index: int) -> str:
    """The character after ``index``, or "" at the end."""
    return text[index + 1] if index + 1 < len(text) else ""


def _straight_role(text: str, index: int) -> Role | None:
    """Open at the start of a word, close at its end, either when both, None inside a word."""
    before, after = _before(text, index), _after(text, index)
    opens = (not before or before.isspace() or before in _WORD_START_BEFORE) \
        and bool(after) and not after.isspace()
    closes = bool(before) and not before.isspace() \
        and (not after or after.isspace() or after in _WORD_END_AFTER or after == '"')
    if opens and closes:
        return "either"
    return "open" if opens else "close" if closes else None


def _single_role(text: str, index: int, char: str) -> Role | None:
    """‘ opens before a letter at a word start; ’ between letters is an apostrophe."""
    before, after = _before(text, index), _after(text, index)
    if char == "\u2018":
        at_start = not before or before.isspace() or before in _WORD_START_BEFORE
        return "open" if at_start and after.isalpha() else None
    if before.isalnum() and after.isalnum():
        return None
    return "close" if before and not before.isspace() else None


def find_marks(text: str) -> list[Mark]:
    """Every character that can act as a quotation mark, in order, with its role."""
    marks: list[Mark] = []
    for match in _MARK.finditer(text):
        index, char = match.start(), match.group()
        if char in "\u201c\u201e":
            marks.append(Mark(index, "curly", "open"))
        elif char == "\u201d":
            marks.append(Mark(index, "curly", "close"))
        else:
            role = _straight_role(text, index) if char == '"' \
                else _single_role(text, index, char)
            if role is not None:
                family: Family = "straight" if char == '"' else "single"
                marks.append(Mark(index, family, role))
    return marks


def _double_pairs(marks: list[Mark]) -> dict[int, int]:
    """Opener index → closer index for double quotes, matched per family with a stack.

    A closer pairs with the innermost open mark of its family, so nesting
    works and an opener that is never closed simply stays unpaired; one pass
    keeps even a paragraph full of stray marks linear.
    """
    pairs: dict[int, int] = {}
    stacks: dict[Family, list[int]] = {"curly": [], "straight": []}
    for index, mark in enumerate(marks):
        if mark.family == "single":
            continue
        stack = stacks[mark.family]
        if mark.role == "open" or (mark.role == "either" and not stack):
            stack.append(index)
        elif stack:
            pairs[stack.pop()] = index
    return pairs


def _close_single(text: str, marks: list[Mark], start: int) -> int | None:
    """The ’ closing a ‘: the first after punctuation before the next ‘, else the first."""
    candidates: list[int] = []
    for index in range(start + 1, len(marks)):
        mark = marks[index]
        if mark.family == "single" and mark.role == "open":
            break
        if mark.family == "single":
            candidates.append(index)
    for index in candidates:
        if _before(text, marks[index].position) in _SENTENCE_PUNCTUATION:
            return index
    return candidates[0] if candidates else None


def pair_marks(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of top-level quotations, marks included, in order."""
    marks = find_marks(text)
    doubles = _double_pairs(marks)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(marks):
        mark = marks[index]
        closing = _close_single(text, marks, index) \
            if mark.family == "single" and mark.role == "open" else doubles.get(index)
        if closing is None:
            index += 1
            continue
        spans.append((mark.position, marks[closing].position + 1))
        index = closing + 1
    return spans
