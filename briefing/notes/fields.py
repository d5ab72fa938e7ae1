"""A note's own fields (everything but where it goes), from a form or an import.

Only the shape is checked here (known keys, text where text belongs, a real
date): what the values may be is the build's schema's job, asked on the whole
file before it is written (desk.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from briefing.core.slug import slugify
from briefing.notes.refusal import NoteRefused
from briefing.core.controls import one_line_end

TEXT_FIELDS = ("kind", "rating", "title", "body", "author")
ID_LENGTH = 48


@dataclass(frozen=True)
class NoteFields:
    kind: str
    body: str
    rating: str | None = None
    title: str | None = None
    sources: tuple[tuple[str, str | None, dt.date | None], ...] = ()  # (title, url, accessed)
    author: str | None = None
    date: dt.date | None = None

    def entry(self) -> dict[str, Any]:
        """The YAML keys these fields set; None for the ones left empty (an edit removes them)."""
        return {"kind": self.kind, "rating": self.rating, "title": self.title,
                "body": self.body, "author": self.author, "date": self.date,
                "sources": [{"title": t, "url": u, "accessed": a}
                            for t, u, a in self.sources] or None}


def fields_from(data: Any) -> NoteFields:
    """Fields from JSON-like data: ``kind``, ``body``, ``rating``, ``title``, ``author``,
    ``date`` (YYYY-MM-DD) and ``sources`` (a list of ``{title, url, accessed}``)."""
    if not isinstance(data, Mapping):
        raise NoteRefused("invalid", "the note must be a JSON object")
    unknown = set(data) - {*TEXT_FIELDS, "sources", "date"}
    if unknown:
        raise NoteRefused("invalid", f"unknown field(s): {', '.join(sorted(unknown))}")
    values = {key: _text(data, key) for key in TEXT_FIELDS}
    if not values["kind"] or not values["body"]:
        raise NoteRefused("invalid", "a note needs a kind and a body")
    return NoteFields(date=_date(data.get("date")), sources=_sources(data.get("sources")),
                      **values)  # type: ignore[arg-type]


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise NoteRefused("invalid", f"'{key}' must be text")
    value = one_line_end(value).strip()
    return value or None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else _bad_date()
    except ValueError:
        return _bad_date()


def _bad_date() -> dt.date:
    raise NoteRefused("invalid", "'date' must be a date written YYYY-MM-DD")


def _sources(value: Any) -> tuple[tuple[str, str | None, dt.date | None], ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list):
        raise NoteRefused("invalid", "'sources' must be a list of {title, url, accessed}")
    found = []
    for source in value:
        if not isinstance(source, Mapping) or set(source) - {"title", "url", "accessed"}:
            raise NoteRefused("invalid", "each source must be {title, url, accessed}")
        title, url = _text(source, "title"), _text(source, "url")
        if title is None:
            raise NoteRefused("invalid", "each source needs a title")
        found.append((title, url, _date(source.get("accessed"))))
    return tuple(found)


def new_id(fields: NoteFields, quote: str, taken: Collection[str]) -> str:
    """A readable id, from the title or else the quote, not yet ``taken`` in the article."""
    base = slugify(fields.title or quote, max_length=ID_LENGTH) or "note"
    ident, number = base, 1
    while ident in taken:
        number += 1
        ident = f"{base}-{number}"
    return ident
