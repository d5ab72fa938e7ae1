"""schema.org ``ClaimReview``: one per fact-check, embedded in the article page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.model.site import Article, Source
from briefing.render.jsonld.parties import organisation


def claim_review(note: NoteView, article: Article, config: SiteConfig) -> dict[str, Any]:
    """The fact-check as a review by the publisher of a claim the article's source made."""
    annotation = note.annotation
    return fact_check_review(note.url, annotation.quote, annotation.rating, annotation.date,
                             article.date.date(), article.source, organisation(config))


def fact_check_review(url: str, quote: str, rating: str | None, date: dt.date | None,
                      published: dt.date, source: Source | None,
                      publisher: dict[str, Any]) -> dict[str, Any]:
    """The ClaimReview of the note at ``url`` on a claim its article (``published``
    that day, from ``source``) made, by the ``publisher`` (organisation()); made
    from nothing else, so /claimreview.json can remember it by these."""
    claim: dict[str, Any] = {"@type": "Claim", "datePublished": published.isoformat()}
    if source and source.url:
        claim["appearance"] = {"@type": "CreativeWork", "url": source.url}
    if source and source.name:
        claim["author"] = {"@type": "Organization", "name": source.name}
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": quote.strip(), "author": publisher,
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": claim,
    }
    if date:
        review["datePublished"] = date.isoformat()
    return review
