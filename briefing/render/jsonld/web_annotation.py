"""A W3C Web Annotation ``AnnotationPage`` per article (``annotations.jsonld``).

Its selectors (the quote with some context, and its position) let any tool
re-anchor the notes in the article text without our anchoring code. Besides
the note's text, its bodies carry its kind as a tag (``purpose: tagging``) and
a rating as an assessment (``purpose: assessing``); its title and sources are
Dublin Core terms (``dcterms:title``, ``dcterms:references``), so that
``briefing import-notes`` reading the file back gets the same notes. When the
article's wire copy has revisions, each target also carries a ``TimeState``:
the time of the version its selectors were made on (the newest, or for a note
retired by a revision, the version whose words it is about), so a client that
finds the page changed knows which text the quote belongs to.
"""

from __future__ import annotations

from typing import Any

from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.model.annotation import Anchor, Annotation, RetiredNote
from briefing.model.revision import Revision

SELECTOR_CONTEXT = 32  # characters of prefix and suffix in TextQuoteSelector
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation_page(page_url: str, anchors: tuple[Anchor, ...], notes: list[NoteView],
                    text: str, config: SiteConfig, revisions: tuple[Revision, ...] = (),
                    retired: tuple[RetiredNote, ...] = ()) -> dict[str, Any]:
    """A W3C ``AnnotationPage`` of the placed notes, in reading order, then the
    notes retired by a revision, each on the version it was made on."""
    newest = revisions[-1] if revisions else None
    items = [_web_annotation(page_url, anchor, note.annotation, text, config, newest,
                             note.url)
             for anchor, note in zip(anchors, notes, strict=True)]
    document = page_url + "annotations.jsonld"
    # A retired note has no element of its own on the page (it is a paragraph of
    # "Notes on earlier versions"), so its id is in this document, not the page:
    # a page fragment that names nothing is a broken link (check --links).
    items += [_web_annotation(page_url, gone.anchor, gone.annotation, gone.text, config,
                              gone.revision, document + "#" + gone.annotation.element_id)
              for gone in retired]
    return {"@context": ANNO_CONTEXT, "id": document, "type": "AnnotationPage",
            "items": items}


def _web_annotation(page_url: str, anchor: Anchor, annotation: Annotation, text: str,
                    config: SiteConfig, version: Revision | None, url: str) -> dict[str, Any]:
    start, end = anchor.text_start, anchor.text_end
    item: dict[str, Any] = {
        "id": url, "type": "Annotation", "motivation": annotation.kind.motivation,
        "body": _bodies(annotation, config),
        "target": {"source": page_url, "selector": [
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - SELECTOR_CONTEXT):start],
             "suffix": text[end:end + SELECTOR_CONTEXT]},
            {"type": "TextPositionSelector", "start": start, "end": end}]},
    }
    if version is not None:
        item["target"]["state"] = {"type": "TimeState",
                                   "sourceDate": version.time.isoformat()}
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


def _bodies(annotation: Annotation, config: SiteConfig) -> list[dict[str, Any]]:
    bodies = [{"type": "TextualBody", "value": annotation.body.strip(),
               "format": "text/markdown", "language": config.language},
              {"type": "TextualBody", "purpose": "tagging", "value": annotation.kind.name}]
    if annotation.rating:
        bodies.append({"type": "TextualBody", "purpose": "assessing",
                       "value": annotation.rating})
    return bodies
