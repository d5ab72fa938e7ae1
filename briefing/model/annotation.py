"""What an editorial annotation is, independent of where it is anchored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefing.model.by_fields import pickled_by_fields
from briefing.model.revision import Revision


@dataclass(frozen=True)
class Kind:
    """A kind of note: its label (always shown as text) and W3C motivation."""

    name: str
    label: str
    motivation: str


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("context", "Context", "describing"),
    Kind("fact-check", "Fact check", "assessing"),
    Kind("correction", "Correction", "editing"),
    Kind("clarification", "Clarification", "editing"),
    Kind("analysis", "Analysis", "commenting"),
    Kind("quote-check", "Quote check", "assessing"),
    Kind("note", "Note", "commenting"),
)}

# Kinds that record a change to the article: each needs a date, is shown as a
# dated notice at the top of the article, counts for its updated date and is
# listed in the corrections log (/corrections/).
NOTICE_KINDS = ("correction", "clarification")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class AnnotationSource:
    title: str
    url: str | None = None
    accessed: dt.date | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Annotation:
    """One note from an annotation file, checked but not yet anchored."""

    id: str
    article: str
    quote: str
    kind: Kind
    body: str
    path: Path
    line: int  # line of the annotation's entry in its file
    quote_line: int
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None
    title: str | None = None
    rating: str | None = None
    sources: tuple[AnnotationSource, ...] = ()
    author: str | None = None
    date: dt.date | None = None
    # The revision of the wire copy that removed the quoted words: the note is
    # then shown with the words as they stood in the version before it.
    retired_in: int | None = None
    retired_line: int = 0  # line of ``retired_in:``, where its errors are told (0: none)

    @property
    def element_id(self) -> str:
        return f"annotation-{self.id}"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Anchor:
    annotation: Annotation
    block: int  # index into the article's blocks
    start: int  # normalised-text span within the block
    end: int
    exact: str  # the normalised text anchored to
    score: float  # 100 for an exact match
    fuzzy: bool = False
    text_start: int = -1  # span in the whole article text (see text/textmap.article_text)
    text_end: int = -1


@dataclass(frozen=True)
class AnchorProblem:
    annotation: Annotation
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class RetiredNote:
    """A note whose words a revision removed, anchored in the version before it."""

    annotation: Annotation
    revision: Revision  # the version the quoted words stood in (``retired_in`` - 1)
    anchor: Anchor  # where, in that version's text
    text: str  # that version's normalised text (blocks joined by newlines)
