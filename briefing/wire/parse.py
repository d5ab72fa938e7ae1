"""Parsing wire copy into a title, a stand-first and body paragraphs.

This is the pure heart of ``briefing import``: text in, :class:`ParsedReport`
out, no files and no configuration, so every heuristic can be tested on plain
strings and the same input always gives the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.text.normal import for_repeats
from briefing.wire.dedupe import Duplicate, remove_duplicates
from briefing.wire.headline import derive_title, find_headline
from briefing.wire.lines import Unit, split_units


class ReportError(ValueError):
    """The text cannot become an article; the message is meant for the user."""


@dataclass(frozen=True)
class ParsedReport:
    """What an article needs from a report, plus notes on what the parser decided."""

    title: str
    dek: str | None
    paragraphs: tuple[str, ...]
    removed: tuple[Duplicate, ...]
    notes: tuple[str, ...]
    title_detected: bool
    hard_wrapped: bool = False


@dataclass(frozen=True)
class _Head:
    """The part of a report above its body, and the units left for the body."""

    title: str | None
    dek: str | None
    body: tuple[Unit, ...]
    notes: tuple[str, ...]


def split_head(units: Sequence[Unit]) -> _Head:
    """Separate stand-first, headline and a doubled headline from the body units."""
    index = find_headline([unit.text for unit in units])
    if index is None:
        return _Head(None, None, tuple(units), ())
    title = units[index].text
    dek = " ".join(unit.text for unit in units[:index]) or None
    body = tuple(units[index + 1:])
    notes: tuple[str, ...] = ()
    if body and for_repeats(body[0].text) == for_repeats(title):
        notes = (f"removed doubled title on line {body[0].line}",)
        body = body[1:]
    return _Head(title, dek, body, notes)


def parse_report(text: str) -> ParsedReport:
    """Turn the text of a wire report into title, dek and de-duplicated paragraphs."""
    split = split_units(text)
    if not split.units:
        raise ReportError("is empty: there is no text to import")
    head = split_head(split.units)
    if not head.body:
        raise ReportError("has no paragraphs: only a headline"
                          + (" and stand-first" if head.dek else "") + " was found")
    paragraphs, removed = remove_duplicates([unit.text for unit in head.body])
    title = head.title if head.title is not None else derive_title(paragraphs[0])
    notes = (("joined hard-wrapped lines into paragraphs",) if split.hard_wrapped else ())
    notes += head.notes + tuple(duplicate.describe() for duplicate in removed)
    return ParsedReport(title=title, dek=head.dek, paragraphs=tuple(paragraphs),
                        removed=tuple(removed), notes=notes,
                        title_detected=head.title is not None,
                        hard_wrapped=split.hard_wrapped)
