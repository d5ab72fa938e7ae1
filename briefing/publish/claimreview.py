"""``/claimreview.json``: the site's fact-checks as one schema.org ``DataFeed``.

Its ``dataFeedElement`` holds the very ``ClaimReview`` objects the article
pages embed (built by render/jsonld/review.py from the same note views), newest
first: by the note's ``date``, else its article's, then in the order of the
articles (newest first) and of the notes in each. ``dateModified`` is the
newest of those dates. Written only when some article page has a placed
fact-check (only placed notes get a ClaimReview on their page); nothing in it
depends on when the build ran.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from briefing.annotations.views import note_views
from briefing.config.site import SiteConfig
from briefing.core.outputs import OutputFile
from briefing.core.urls import Urls
from briefing.listings.ratings import CLAIM_REVIEW_PATH
from briefing.model.page import MergedPage
from briefing.render.jsonld.review import claim_review


def claim_reviews(pages: Sequence[MergedPage], config: SiteConfig, urls: Urls
                  ) -> list[tuple[dt.date, dict[str, Any]]]:
    """Every placed fact-check's ClaimReview with its date, newest first."""
    found = []
    for order, page in enumerate(pages):
        page_url = urls.absolute(page.article.url_path)
        # Only the note's URL and fields are read: its body is not rendered here.
        placed, _ = note_views(page.anchors, (), page_url, lambda text: "")
        for index, note in enumerate(n for n in placed if n.kind == "fact-check"):
            when = note.annotation.date or page.article.date.date()
            found.append(((-when.toordinal(), order, index), when,
                          claim_review(note, page.article, config)))
    found.sort(key=lambda item: item[0])
    return [(when, review) for _, when, review in found]


def claim_review_feed(pages: Sequence[MergedPage], config: SiteConfig,
                      urls: Urls) -> OutputFile | None:
    reviews = claim_reviews(pages, config, urls)
    if not reviews:
        return None
    feed = {
        "@context": "https://schema.org", "@type": "DataFeed",
        "name": f"{config.title}: fact-checks", "url": urls.absolute(CLAIM_REVIEW_PATH),
        "dateModified": max(when for when, _ in reviews).isoformat(),
        # Each element is the page's ClaimReview as it is, its own @context included.
        "dataFeedElement": [review for _, review in reviews],
    }
    return OutputFile(CLAIM_REVIEW_PATH,
                      (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
