"""Stories: one event, several sources, compared side by side.

A pure engine on plain text, so every heuristic can be tested on strings and a
later stage can render the result into pages. Each module has one job:

* :func:`~briefing.text.normal.for_comparing`: the normal form all comparisons use;
* :mod:`~briefing.compare.marks`: which characters open and close a quotation;
* :mod:`~briefing.compare.speakers`: who said it (attribution → surname);
* :mod:`~briefing.compare.quotes`: :class:`Quotation`\\ s of a paragraph;
* :mod:`~briefing.compare.align`: the same quotation across sources;
* :mod:`~briefing.compare.diff`: word-level differences and their HTML;
* :mod:`~briefing.compare.quality`: paragraphs, word counts and repeats.

:func:`compare_sources` runs them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.compare.align import (
    AlignedQuotation,
    Alignment,
    AlignRules,
    SourceQuotation,
    SourceQuotations,
    align_sources,
)
from briefing.compare.diff import Segment, diff_words, render_html
from briefing.compare.quality import SourceQuality, assess, paragraphs_from_text
from briefing.compare.quotes import Quotation, extract_all

__all__ = [
    "AlignRules", "AlignedQuotation", "Alignment", "Comparison", "Quotation", "Segment",
    "SourceQuality", "SourceQuotation", "SourceQuotations", "SourceText", "compare_sources",
    "diff_words", "paragraphs_from_text", "render_html",
]


@dataclass(frozen=True)
class SourceText:
    """One report of the event: an id for references, a label for readers, its paragraphs."""

    id: str
    label: str
    paragraphs: tuple[str, ...]

    @classmethod
    def from_text(cls, id: str, label: str, text: str) -> SourceText:
        """A source from raw report text, cut by :func:`paragraphs_from_text`."""
        return cls(id, label, paragraphs_from_text(text))


@dataclass(frozen=True)
class Comparison:
    """Everything a story page needs to compare its sources."""

    sources: tuple[SourceText, ...]
    quotations: tuple[SourceQuotations, ...]  # per source, every quotation found
    alignment: Alignment
    diffs: tuple[tuple[Segment, ...], ...]    # per aligned quotation: first two wordings
    quality: tuple[SourceQuality, ...]        # per source


def group_diff(group: AlignedQuotation) -> tuple[Segment, ...]:
    """Word diff between the first two sources that print the quotation."""
    present = [wording for wording in group.wordings if wording is not None]
    return diff_words(present[0], present[1])


def compare_sources(sources: Sequence[SourceText],
                    rules: AlignRules = AlignRules()) -> Comparison:
    """Quotations, their alignment and diffs, and the quality of each source."""
    quotations = tuple(SourceQuotations(source.id, source.label, extract_all(source.paragraphs))
                       for source in sources)
    alignment = align_sources(quotations, rules)
    return Comparison(sources=tuple(sources), quotations=quotations, alignment=alignment,
                      diffs=tuple(group_diff(group) for group in alignment.aligned),
                      quality=tuple(assess(source.id, source.paragraphs)
                                    for source in sources))
