"""schema.org ``ClaimReview``: one per fact-check, embedded in the article page."""

from __future__ import annotations

from typing import Any

from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.model.site import Article
from briefing.render.jsonld.parties import organisation


def claim_review(note: NoteView, article: Article, config: SiteConfig) -> dict[str, Any]:
    """The fact-check as a review by the publisher of a claim the article's source made."""
    annotation = note.annotation
    claim: dict[str, Any] = {"@type": "Claim", "datePublished": article.date.date().isoformat()}
    if article.source and article.source.url:
        claim["appearance"] = {"@type": "CreativeWork", "url": article.source.url}
    if article.source and article.source.name:
        claim["author"] = {"@type": "Organization", "name": article.source.name}
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": note.url,
        "claimReviewed": annotation.quote.strip(), "author": organisation(config),
        "reviewRating": {"@type": "Rating", "alternateName": annotation.rating},
        "itemReviewed": claim,
    }
    if annotation.date:
        review["datePublished"] = annotation.date.isoformat()
    return review
