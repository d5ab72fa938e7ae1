"""Quotations in plain paragraphs: their words, their speaker and where they are.

Comparing how sources quote an event starts with knowing what each one put in
quotation marks. A :class:`Quotation` is the quoted words (marks removed),
the speaker's surname or None, the paragraph index and the character span of
the quotation in that paragraph, marks included, so a later step can
highlight it in place.

Which marks count (details in :mod:`briefing.compare.marks`):

* straight ``"…"`` and typographic ``“…”`` double quotes always;
* typographic single quotes ``‘…’`` only when they are clearly quotation
  marks: ``‘`` at the start of a word, closed by a ``’`` that is not between
  two letters; apostrophes (Trump’s, nations’) are never quotes;
* straight single quotes ``'`` never (in wire copy they are apostrophes);
* nested quotes are kept as text of the outer quotation
  (“He called it ‘historic’,” she said → one quotation);
* a mark that is never closed is skipped, the rest of the paragraph is still read.

A quotation **split by an attribution** (“We lost years,” Aliyev said, “but
no more.”) is joined into one, its parts separated by `` … ``, when the first
part ends with a comma (inside or just outside the mark), the text between
the parts is a short clause holding an attribution verb and ending with a
comma, and the second part starts in lower case. ``"historic," stating,
"It's been…"`` stays two quotations: the second part starts a sentence.

Quotations of one to three words (:data:`SHORT_WORDS`) are scare quotes such
as "historic" or "miracle": kept, with ``short=True``, because which words a
source chose to put in quotation marks matters when comparing sources.

Speakers (details in :mod:`briefing.compare.speakers`): within the
quotation's sentence, first an attribution right after it (``"…," Trump
remarked``, ``said X``, ``X said``; ``she said`` → unknown), else the
attribution verb nearest before it and the nearest name before that verb
(``Aliyev emphasized …, stating, “…”``, ``Pashinyan called the agreement a
"…"``, ``with Aliyev claiming that … a "…"``). The speaker is the surname:
the last capitalised word of the name ("President Donald Trump" → "Trump").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.compare.marks import pair_marks
from briefing.compare.speakers import (
    ATTRIBUTION_VERBS,
    attribute,
    is_verb,
    sentence_bounds,
    tokens,
)
from briefing.text.normal import count_words

SHORT_WORDS = 3  # a quotation of at most this many words is a scare quote
JOINER = " \u2026 "  # between the parts of a quotation split by an attribution
_GAP = re.compile(r"\s*,?\s*[^.!?;:\"\u201c\u201d\u2018\u2019]{1,80}?,\s*")


@dataclass(frozen=True)
class Quotation:
    """Quoted words as one source printed them, and who said them."""

    text: str
    speaker: str | None
    paragraph: int
    span: tuple[int, int]  # in the paragraph, from the opening to past the closing mark
    short: bool
    parts: tuple[tuple[int, int], ...] = ()  # one span per quoted part; several when split


@dataclass(frozen=True)
class _Part:
    """One pair of marks before split quotations are joined."""

    span: tuple[int, int]
    inner: str
    speaker: str | None


def clean_inner(inner: str) -> str:
    """Quoted words without surrounding space or the comma that leads into an attribution."""
    return inner.strip().rstrip(",").rstrip()


def continues(paragraph: str, first: _Part, second: _Part, verbs: frozenset[str]) -> bool:
    """True when ``second`` resumes ``first`` after an attribution like ", Aliyev said,"."""
    gap = paragraph[first.span[1]:second.span[0]]
    comma = first.inner.rstrip().endswith(",") or gap.lstrip().startswith(",")
    resumes = second.inner.lstrip()[:1].islower()
    attributed = any(is_verb(word, verbs) for word in tokens(gap))
    return comma and resumes and attributed and _GAP.fullmatch(gap) is not None


def join_parts(parts: Sequence[_Part], paragraph: int) -> Quotation:
    """One quotation from one or more parts; the speaker is the first one found."""
    text = JOINER.join(clean_inner(part.inner) for part in parts)
    speaker = next((part.speaker for part in parts if part.speaker is not None), None)
    span = (parts[0].span[0], parts[-1].span[1])
    return Quotation(text=text, speaker=speaker, paragraph=paragraph, span=span,
                     short=count_words(text) <= SHORT_WORDS,
                     parts=tuple(part.span for part in parts))


def find_parts(paragraph: str, verbs: frozenset[str]) -> list[_Part]:
    """Every quoted part with words in it, attributed on its own."""
    spans = pair_marks(paragraph)
    bounds = sentence_bounds(paragraph, spans)
    parts = []
    for span in spans:
        inner = paragraph[span[0] + 1:span[1] - 1]
        if any(char.isalnum() for char in inner):
            parts.append(_Part(span, inner, attribute(paragraph, span, spans, bounds, verbs)))
    return parts


def extract_quotations(paragraph: str, index: int = 0,
                       verbs: frozenset[str] = ATTRIBUTION_VERBS) -> list[Quotation]:
    """The quotations of one paragraph, split ones joined, in reading order."""
    groups: list[list[_Part]] = []
    for part in find_parts(paragraph, verbs):
        if groups and continues(paragraph, groups[-1][-1], part, verbs):
            groups[-1].append(part)
        else:
            groups.append([part])
    return [join_parts(group, index) for group in groups]


def extract_all(paragraphs: Sequence[str],
                verbs: frozenset[str] = ATTRIBUTION_VERBS) -> tuple[Quotation, ...]:
    """The quotations of a whole source, paragraph by paragraph."""
    return tuple(quotation for index, paragraph in enumerate(paragraphs)
                 for quotation in extract_quotations(paragraph, index, verbs))
