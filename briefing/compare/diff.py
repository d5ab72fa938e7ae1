"""Word-level differences between two wordings of one quotation.

Readers compare quotations word by word ("lost a lot of years" vs "have lost
many years"), so the diff is over words, not characters.

* Tokens are whitespace-separated words with their punctuation attached
  ("bloodshed,"), so re-joining a side's words with single spaces gives its
  text back (whitespace normalised) and no stray punctuation floats around.
* Words are *compared* by their normal form (casefold, quotes unified,
  punctuation stripped), so "bloodshed," and "bloodshed" or ’ and ' are not
  differences. An ``equal`` segment therefore carries both sides' spellings;
  the HTML shows the first source's.
* ``difflib.SequenceMatcher`` without autojunk (short texts, and "the" must
  be matchable); a replacement becomes a ``delete`` followed by an ``insert``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

from briefing.text.normal import for_comparing

Kind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Segment:
    """A run of words in both texts (equal), only the first (delete) or only the second (insert)."""

    kind: Kind
    a: tuple[str, ...]  # the first text's words (empty for insert)
    b: tuple[str, ...]  # the second text's words (empty for delete)


def words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, punctuation attached."""
    return tuple(text.split())


def _key(word: str) -> str:
    """What a word is compared by; a pure-punctuation token (—, …) compares as itself."""
    return for_comparing(word) or word


def diff_words(first: str, second: str) -> tuple[Segment, ...]:
    """Segments that turn ``first`` into ``second`` word by word."""
    a, b = words(first), words(second)
    matcher = SequenceMatcher(None, [_key(w) for w in a], [_key(w) for w in b],
                              autojunk=False)
    segments: list[Segment] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", a[a1:a2], b[b1:b2]))
            continue
        if a2 > a1:
            segments.append(Segment("delete", a[a1:a2], ()))
        if b2 > b1:
            segments.append(Segment("insert", (), b[b1:b2]))
    return tuple(segments)


def side_a(segments: Sequence[Segment]) -> tuple[str, ...]:
    """The first text's words, back from the segments."""
    return tuple(word for segment in segments for word in segment.a)


def side_b(segments: Sequence[Segment]) -> tuple[str, ...]:
    """The second text's words, back from the segments."""
    return tuple(word for segment in segments for word in segment.b)


def render_html(segments: Sequence[Segment]) -> Markup:
    """Segments as HTML: ``<del>`` first-source-only words, ``<ins>`` second-source-only.

    Every word goes through :func:`markupsafe.escape`; the only markup is the
    tags written here, so the input can never inject HTML.
    """
    pieces: list[Markup] = []
    for segment in segments:
        if segment.kind == "equal":
            pieces.append(escape(" ".join(segment.a)))
        elif segment.kind == "delete":
            pieces.append(Markup("<del>%s</del>") % " ".join(segment.a))
        else:
            pieces.append(Markup("<ins>%s</ins>") % " ".join(segment.b))
    return Markup(" ").join(pieces)
