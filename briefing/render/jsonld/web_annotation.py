"""A W3C Web Annotation ``AnnotationPage`` per article (``annotations.jsonld``).

Its selectors (the quote with some context, and its position) let any tool
re-anchor the notes in the article text without our anchoring code. Besides
the note's text, its bodies carry its kind as a tag (``purpose: tagging``) and
a rating as an assessment (``purpose: assessing``); its title and sources are
Dublin Core terms (``dcterms:title``, ``dcterms:references``), so that
``briefing import-notes`` reading the file back gets the same notes.
"""

from __future__ import annotations

from typing import Any

from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.model.annotation import Anchor

SELECTOR_CONTEXT = 32  # characters of prefix and suffix in TextQuoteSelector
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


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
        "body": _bodies(note, config),
        "target": {"source": page_url, "selector": [
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - SELECTOR_CONTEXT):start],
             "suffix": text[end:end + SELECTOR_CONTEXT]},
            {"type": "TextPositionSelector", "start": start, "end": end}]},
    }
    if annotation.title:
        item["dcterms:title"] = annotation.title
    if annotation.sources:
        item["dcterms:references"] = [
            {**({"id": s.url} if s.url else {}), "dcterms:title": s.title}
            for s in annotation.sources]
    if annotation.author:
        item["creator"] = {"type": "Person", "name": annotation.author}
    if annotation.date:
        item["created"] = annotation.date.isoformat()
    return item


def _bodies(note: NoteView, config: SiteConfig) -> list[dict[str, Any]]:
    annotation = note.annotation
    bodies = [{"type": "TextualBody", "value": annotation.body.strip(),
               "format": "text/markdown", "language": config.language},
              {"type": "TextualBody", "purpose": "tagging", "value": annotation.kind.name}]
    if annotation.rating:
        bodies.append({"type": "TextualBody", "purpose": "assessing",
                       "value": annotation.rating})
    return bodies
