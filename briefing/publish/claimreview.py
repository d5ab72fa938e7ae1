"""``/claimreview.json``: the site's fact-checks as one schema.org ``DataFeed``.

Its ``dataFeedElement`` holds the very ``ClaimReview`` objects the article
pages embed (built by render/jsonld/review.py from the same note views), newest
first: by the note's ``date``, else its article's, then in the order of the
articles (newest first) and of the notes in each. ``dateModified`` is the
newest of those dates. Written only when some article page has a placed
fact-check (only placed notes get a ClaimReview on their page); nothing in it
depends on when the build ran.

Each article's reviews are remembered as JSON text, keyed by what building them
reads, so a build serialises only those of the articles whose fact-checks
changed (the indented JSON encoder is Python, and a large briefing has
thousands of fact-checks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from briefing.config.site import SiteConfig
from briefing.core.hashing import key
from briefing.core.indented_json import dumps_indented
from briefing.core.outputs import OutputFile
from briefing.core.remembered import CLAIM_REVIEWS, Remember, compute_now
from briefing.core.urls import Urls
from briefing.listings.ratings import CLAIM_REVIEW_PATH
from briefing.model.page import MergedPage
from briefing.model.site import Source
from briefing.render.jsonld.parties import organisation
from briefing.render.jsonld.review import fact_check_review

# What a ClaimReview shows of a fact-check: its URL, quote, rating and date.
FactCheck = tuple[str, str, str | None, dt.date | None]
# An article's reviews: each one's date and its JSON as it stands in dataFeedElement.
PageReviews = tuple[tuple[dt.date, str], ...]


def claim_reviews(pages: Sequence[MergedPage], config: SiteConfig, urls: Urls,
                  remember: Remember = compute_now) -> list[tuple[dt.date, str]]:
    """Every placed fact-check's ClaimReview (as JSON text) with its date, newest first.

    A page's reviews are made by :func:`page_reviews` from its fact-checks, its
    article's date and source and the publisher, and nothing else, so they are
    remembered by those: an edit serialises the reviews of the pages it touched."""
    publisher = organisation(config)
    by = key(publisher)
    found = []
    for order, page in enumerate(pages):
        notes = [anchor.annotation for anchor in page.anchors
                 if anchor.annotation.kind.name == "fact-check"]
        if not notes:
            continue
        page_url = urls.absolute(page.article.url_path)
        checks = tuple((f"{page_url}#{note.element_id}", note.quote, note.rating, note.date)
                       for note in notes)
        published, source = page.article.date.date(), page.article.source
        # The repr of these plain values (strings, dates, a Source) is their content:
        # one hash of it costs a third of walking them, for thousands of pages.
        reviews = remember(CLAIM_REVIEWS, key(by, repr((checks, published, source))),
                           lambda checks=checks, published=published, source=source:
                           page_reviews(checks, published, source, publisher))
        found += [((-when.toordinal(), order, index), when, text)
                  for index, (when, text) in enumerate(reviews)]
    found.sort(key=lambda item: item[0])
    return [(when, text) for _, when, text in found]


def page_reviews(checks: tuple[FactCheck, ...], published: dt.date, source: Source | None,
                 publisher: dict[str, Any]) -> PageReviews:
    """An article's placed fact-checks in reading order, each with its date (the
    note's, else the article's ``published``) and its ClaimReview's JSON."""
    return tuple((date or published,
                  feed_element(fact_check_review(url, quote, rating, date, published,
                                                 source, publisher)))
                 for url, quote, rating, date in checks)


def feed_element(review: dict[str, Any]) -> str:
    """``review`` as ``json.dumps(feed, indent=1)`` writes it as an element of the
    feed's ``dataFeedElement``: two levels deep. (JSON escapes line breaks in
    strings, so every ``\\n`` of the text is between lines of its layout.)"""
    return "  " + dumps_indented(review).replace("\n", "\n  ")


def claim_review_feed(pages: Sequence[MergedPage], config: SiteConfig, urls: Urls,
                      remember: Remember = compute_now) -> OutputFile | None:
    reviews = claim_reviews(pages, config, urls, remember)
    if not reviews:
        return None
    feed = {
        "@context": "https://schema.org", "@type": "DataFeed",
        "name": f"{config.title}: fact-checks", "url": urls.absolute(CLAIM_REVIEW_PATH),
        "dateModified": max(when for when, _ in reviews).isoformat(),
        "dataFeedElement": [],  # last: its elements are the reviews' own text, below
    }
    head = dumps_indented(feed).removesuffix("[]\n}")
    # Each element is the page's ClaimReview as it is, its own @context included.
    elements = ",\n".join(text for _, text in reviews)
    return OutputFile(CLAIM_REVIEW_PATH, f"{head}[\n{elements}\n ]\n}}\n".encode())
