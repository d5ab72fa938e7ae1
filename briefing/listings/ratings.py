"""Rendering ``/methodology/ratings/``: the site's rating scale, in order, each
rating with its definition, its anchor and how many fact-checks carry it.

Rendered only when site.yml has ``ratings:``. Counted are the fact-checks on
the published article pages, placed, unplaced or on an earlier version's
words (what readers see); the
fact-check feed (``/claimreview.json``, publish/claimreview.py) is linked
when it is written, that is when a placed fact-check exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.config.ratings import RATINGS_PATH, Rating
from briefing.core.outputs import KeptFile, OutputFile
from briefing.model.page import MergedPage
from briefing.render.context import RenderContext

CLAIM_REVIEW_PATH = "claimreview.json"  # written by publish/claimreview.py


@dataclass(frozen=True)
class RatingView:
    """A rating as the ratings page shows it."""

    rating: Rating
    count: int  # fact-checks that carry it


def fact_checks(page: MergedPage, placed_only: bool = False) -> list:
    """The fact-check notes of a merged page, in reading order, then the
    unplaced, then those on an earlier version's words (shown on the page,
    under "Notes on earlier versions")."""
    notes = [anchor.annotation for anchor in page.anchors]
    if not placed_only:
        notes += [*page.unplaced, *(retired.annotation for retired in page.retired)]
    return [note for note in notes if note.kind.name == "fact-check"]


def has_claim_reviews(pages: Sequence[MergedPage]) -> bool:
    """Whether ``/claimreview.json`` is written: some placed fact-check exists."""
    return any(fact_checks(page, placed_only=True) for page in pages)


def render_ratings(context: RenderContext, pages: Sequence[MergedPage]
                   ) -> list[OutputFile | KeptFile]:
    scale = context.site.config.ratings
    if not scale:
        return []
    counts = Counter(note.rating for page in pages for note in fact_checks(page))
    views = tuple(RatingView(rating, counts[rating.name]) for rating in scale)
    return [context.page("ratings.html", f"{RATINGS_PATH}index.html", ratings=views,
                         feed=CLAIM_REVIEW_PATH if has_claim_reviews(pages) else None)]
