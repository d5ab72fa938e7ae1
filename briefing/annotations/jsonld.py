"""Structured data for annotated articles.

- schema.org ``ClaimReview`` for each fact-check, embedded in the page;
- ``correction`` entries (``CorrectionComment``) on the article's ``NewsArticle``;
- a W3C Web Annotation ``AnnotationPage`` per article (``annotations.jsonld``),
  whose selectors let any tool re-anchor the notes in the article text.
"""

from __future__ import annotations

import json
from typing import Any

from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.model.annotation import Anchor
from briefing.model.site import Article

SELECTOR_CONTEXT = 32  # characters of prefix and suffix in TextQuoteSelector
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def organisation(config: SiteConfig) -> dict[str, Any]:
    publisher = config.publisher
    data: dict[str, Any] = {"@type": "Organization",
                            "name": publisher.name if publisher else config.title}
    if publisher and publisher.url:
        data["url"] = publisher.url
    return data


def claim_review(note: NoteView, article: Article, config: SiteConfig) -> dict[str, Any]:
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


def corrections(notes: list[NoteView]) -> list[dict[str, Any]]:
    return [{"@type": "CorrectionComment", "text": n.annotation.body.strip(),
             "datePublished": n.annotation.date.isoformat() if n.annotation.date else None}
            for n in notes if n.kind == "correction"]


def annotation_page(page_url: str, anchors: tuple[Anchor, ...], notes: list[NoteView],
                    text: str, config: SiteConfig) -> dict[str, Any]:
    """A W3C ``AnnotationPage`` of the placed notes, in reading order."""
    items = [_web_annotation(page_url, anchor, note, text, config)
             for anchor, note in zip(anchors, notes, strict=True)]
    return {"@context": ANNO_CONTEXT, "id": page_url + "annotations.jsonld",
            "type": "AnnotationPage", "items": items}


def _web_annotation(page_url: str, anchor: Anchor, note: NoteView, text: str,
                    config: SiteConfig) -> dict[str, Any]:
    start, end = anchor.text_start, anchor.text_end
    annotation = note.annotation
    item: dict[str, Any] = {
        "id": note.url, "type": "Annotation", "motivation": annotation.kind.motivation,
        "body": {"type": "TextualBody", "value": annotation.body.strip(),
                 "format": "text/markdown", "language": config.language},
        "target": {"source": page_url, "selector": [
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - SELECTOR_CONTEXT):start],
             "suffix": text[end:end + SELECTOR_CONTEXT]},
            {"type": "TextPositionSelector", "start": start, "end": end}]},
    }
    if annotation.author:
        item["creator"] = {"type": "Person", "name": annotation.author}
    if annotation.date:
        item["created"] = annotation.date.isoformat()
    return item
