"""Reading annotation documents into :class:`ForeignNote` values.

Accepted: a W3C ``Annotation``, ``AnnotationPage`` (``items``) or
``AnnotationCollection`` (with its ``first`` page embedded), or a list of
annotations; and a Hypothesis export (a list of rows, or ``{"rows": [...]}``,
each with ``uri``, ``text``, ``tags``, ``user``, ``created`` and ``target``).
Where a note goes comes from a ``TextQuoteSelector`` (and a
``TextPositionSelector`` when there is one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class DocumentError(ValueError):
    """The file is not an annotation document this command reads; says why."""


@dataclass(frozen=True)
class ForeignNote:
    label: str  # how the report names it: its id, else its position in the file
    source: str | None  # the URL of the page it annotates
    exact: str | None
    prefix: str = ""
    suffix: str = ""
    position: tuple[int, int] | None = None
    body: str = ""
    tags: tuple[str, ...] = ()
    rating: str | None = None
    title: str | None = None
    sources: tuple[tuple[str, str | None], ...] = ()
    author: str | None = None
    created: dt.date | None = None
    ident: str | None = None  # ours, from an id ending in #annotation-<id>
    # A TimeState's sourceDate: the time of the version of the text the selectors
    # were made on (our export gives it for articles whose wire copy has revisions).
    version: str | None = None


def read_document(data: Any) -> list[ForeignNote]:
    """Every annotation in a parsed JSON document, in document order."""
    return [_note(item, index) for index, item in enumerate(_items(data), start=1)]


def _items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _items(item)
        return
    if not isinstance(data, dict):
        raise DocumentError("expected a JSON object or list of annotations")
    kind = data.get("type")
    if "rows" in data and isinstance(data["rows"], list):  # Hypothesis search/export
        yield from _items(data["rows"])
    elif kind == "AnnotationCollection":
        first = data.get("first")
        if not isinstance(first, dict):
            raise DocumentError("the AnnotationCollection's pages are not in the file "
                                "('first' is a link); save the pages themselves")
        yield from _items(first)
    elif kind == "AnnotationPage" or (kind is None and "items" in data):
        yield from _items(data.get("items") or [])
        if isinstance(data.get("next"), dict):
            yield from _items(data["next"])
    elif kind == "Annotation" or "uri" in data or "target" in data:
        yield data
    else:
        raise DocumentError(f"not an annotation (type {kind!r})")


def _note(item: dict[str, Any], index: int) -> ForeignNote:
    ident = str(item.get("id") or "")
    label = ident or f"annotation {index}"
    if "uri" in item and "type" not in item:
        return _hypothesis(item, label)
    bodies = _bodies(item.get("body", item.get("bodyValue")))
    source, quote, position = _target(item.get("target"))
    return ForeignNote(
        label=label, source=source, exact=quote.get("exact"), prefix=quote.get("prefix", ""),
        suffix=quote.get("suffix", ""), position=position,
        body="\n\n".join(v for purpose, v in bodies if purpose not in ("tagging", "assessing")),
        tags=tuple(v for purpose, v in bodies if purpose == "tagging"),
        rating=next((v for purpose, v in bodies if purpose == "assessing"), None),
        title=_string(item.get("dcterms:title")), sources=_references(item),
        author=_creator(item.get("creator")), created=_date(item.get("created")),
        ident=ident.rsplit("#annotation-", 1)[1] if "#annotation-" in ident else None,
        version=_version(item.get("target")))


def _version(value: Any) -> str | None:
    """The ``sourceDate`` of a target's ``TimeState``, if it has one."""
    for target in value if isinstance(value, list) else [value]:
        state = target.get("state") if isinstance(target, dict) else None
        for one in state if isinstance(state, list) else [state]:
            if isinstance(one, dict) and one.get("type") == "TimeState":
                return _string(one.get("sourceDate"))
    return None


def _hypothesis(row: dict[str, Any], label: str) -> ForeignNote:
    source, quote, position = _target(row.get("target"))
    user = str(row.get("user") or "")
    author = (row.get("user_info") or {}).get("display_name") or \
        user.removeprefix("acct:").split("@", 1)[0] or None
    return ForeignNote(
        label=label, source=source or row.get("uri"), exact=quote.get("exact"),
        prefix=quote.get("prefix", ""), suffix=quote.get("suffix", ""), position=position,
        body=str(row.get("text") or ""), tags=tuple(str(t) for t in row.get("tags") or ()),
        author=author, created=_date(row.get("created")))


def _bodies(value: Any) -> list[tuple[str | None, str]]:
    """(purpose, text) of each textual body."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [body for part in value for body in _bodies(part)]
    if isinstance(value, dict) and isinstance(value.get("value"), str):
        purpose = value.get("purpose")
        return [(purpose if isinstance(purpose, str) else None, value["value"])]
    return []


def _target(value: Any) -> tuple[str | None, dict[str, str], tuple[int, int] | None]:
    targets = value if isinstance(value, list) else [value]
    for target in targets:
        if isinstance(target, str):
            continue
        if not isinstance(target, dict):
            continue
        selectors = _selectors(target.get("selector"))
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        if quote is None:
            continue
        where = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
        position = (int(where["start"]), int(where["end"])) \
            if where and isinstance(where.get("start"), int) and \
            isinstance(where.get("end"), int) else None
        texts = {k: str(quote[k]) for k in ("exact", "prefix", "suffix") if quote.get(k)}
        return _string(target.get("source")), texts, position
    first = targets[0] if targets else None
    source = first if isinstance(first, str) else \
        _string(first.get("source")) if isinstance(first, dict) else None
    return source, {}, None


def _selectors(value: Any) -> list[dict[str, Any]]:
    found = []
    for selector in value if isinstance(value, list) else [value]:
        if isinstance(selector, dict):
            found.append(selector)
            found += _selectors(selector.get("refinedBy"))
    return found


def _references(item: dict[str, Any]) -> tuple[tuple[str, str | None], ...]:
    found = []
    for ref in item.get("dcterms:references") or ():
        if isinstance(ref, dict) and _string(ref.get("dcterms:title")):
            found.append((str(ref["dcterms:title"]), _string(ref.get("id"))))
    return tuple(found)


def _creator(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("nickname")
    return _string(value)


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
