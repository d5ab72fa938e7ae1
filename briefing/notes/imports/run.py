"""Importing a document's notes: each placed, checked and written, or reported.

Each note goes through briefing/notes/desk.py like one written in the preview:
the quote chosen to anchor back to its passage, the file checked with the
build's schema, written keeping its formatting. A note that cannot be matched
to an article, placed, or checked is reported and the others still imported;
one already imported (its id is in the article) is reported and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing.config.site import SiteConfig
from briefing.model.annotation import KINDS
from briefing.notes import desk
from briefing.notes.article_text import ArticleText, article_text, earlier_version
from briefing.notes.fields import NoteFields
from briefing.notes.imports.documents import ForeignNote
from briefing.notes.imports.placing import place
from briefing.notes.refusal import NoteRefused

_ARTICLE_URL = re.compile(r"/articles/([a-z0-9]+(?:-[a-z0-9]+)*)/")
_RATING_TAG = re.compile(r"^rating:\s*(.+)$", re.IGNORECASE)
# A glossary link as the build's glossary rule writes it into notes (glossary/linker.py):
# the export carries notes as published, links included; the file gets them as written.
_GLOSSARY_LINK = re.compile(r"\[([^\[\]]*)\]\(<https?://[^<>\s]*/glossary/[a-z0-9-]+/>\)")


@dataclass(frozen=True)
class Outcome:
    note: ForeignNote
    written: desk.Written | None
    problem: str | None = None


def import_notes(config: SiteConfig, notes: list[ForeignNote], article: str | None = None,
                 told: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Import every note, in order; ``told`` hears of each outcome as it happens."""
    texts: dict[str, ArticleText] = {}
    outcomes = []
    for note in notes:
        try:
            outcome = Outcome(note, _import_one(config, note, article, texts))
        except NoteRefused as exc:
            outcome = Outcome(note, None, exc.message)
        told(outcome)
        outcomes.append(outcome)
    return outcomes


def _import_one(config: SiteConfig, note: ForeignNote, article: str | None,
                texts: dict[str, ArticleText]) -> desk.Written:
    slug = article or article_slug(note.source)
    if slug is None:
        raise NoteRefused("invalid", f"cannot tell which article {note.source or 'it'} is "
                          "(not an /articles/<slug>/ URL); name it with --article")
    if slug not in texts:
        texts[slug] = article_text(config, slug)
    # A note made on a version a later revision replaced goes back on that version,
    # retired in the revision after it, as the build shows such notes.
    earlier = earlier_version(config, slug, note.version) if note.version else None
    where = place(earlier[1] if earlier else texts[slug], note)
    if isinstance(where, str):
        raise NoteRefused("invalid", where)
    if note.ident and note.ident in {str(n.get("id")) for n in desk.listed_notes(config, slug)}:
        raise NoteRefused("conflict", f"article '{slug}' already has a note '{note.ident}' "
                          "(imported before?); left as it is")
    return desk.add(config, slug, None, where, fields_of(note), ident=note.ident,
                    retired=(earlier[0], earlier[1].blocks) if earlier else None)


def article_slug(url: str | None) -> str | None:
    """The slug in an article page's URL (``…/articles/<slug>/``, any host or base path)."""
    if not url:
        return None
    match = _ARTICLE_URL.search(urlsplit(url).path.rstrip("/") + "/")
    return match.group(1) if match else None


def fields_of(note: ForeignNote) -> NoteFields:
    """A note's fields: tags name its kind (``fact-check``, "Fact check", …; else
    ``note``) and may give a rating (``rating: Misleading``); creator is the author,
    created the date."""
    kind, rating = "note", note.rating
    for tag in note.tags:
        name = re.sub(r"[\s_]+", "-", tag.strip().lower())
        found = _RATING_TAG.match(tag.strip())
        if name in KINDS:
            kind = name
        elif found:
            rating = rating or found.group(1).strip()
    body = _GLOSSARY_LINK.sub(r"\1", note.body).strip()
    if not body:
        raise NoteRefused("invalid", "it has no text (a highlight without a note)")
    return NoteFields(kind=kind, body=body, rating=rating,
                      title=note.title, author=note.author, date=note.created,
                      sources=tuple((t, u, None) for t, u in note.sources))
