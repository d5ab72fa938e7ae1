"""An article's history page: each version of its wire copy, and what changed.

Readers and fact-checkers see every revision's time and summary and a
word-by-word diff from the version before (the story comparison's word diff,
compare/diff.py), paragraph by paragraph, with the passages the editors' notes
are about marked in each version: a note is marked where it anchors in that
version by the usual rules, and not after the revision that retired it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

from briefing.annotations.anchor import find_anchor
from briefing.model.annotation import Anchor, Annotation
from briefing.model.revision import Revision
from briefing.text.markdown import markdown_parser
from briefing.text.normal import for_comparing
from briefing.text.textmap import Block, blocks

Spans = list[tuple[int, int]]  # visible-text spans of notes in one paragraph


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a version: its visible text and its notes' spans."""

    text: str
    notes: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class VersionView:
    """A version as the history page shows it: paragraphs as HTML (changes from
    the version before marked ``del``/``ins``), and counts of words changed."""

    revision: Revision
    paragraphs: tuple[Markup, ...]
    added: int
    removed: int
    noted: int  # notes whose passage is in this version


def version_paragraphs(revision: Revision, notes: Sequence[Annotation]) -> list[Paragraph]:
    """A version's paragraphs with the spans of the notes that anchor in it."""
    found = blocks(markdown_parser().parse(revision.body))
    spans: dict[int, Spans] = {}
    for note in notes:
        if note.retired_in is not None and note.retired_in <= revision.number:
            continue
        result = find_anchor(note, found)
        if isinstance(result, Anchor):
            spans.setdefault(result.block, []).append(
                found[result.block].visible_span(result.start, result.end))
    return [Paragraph(block.text, tuple(sorted(spans.get(i, []))))
            for i, block in enumerate(found) if _is_text(block)]


def _is_text(block: Block) -> bool:
    return bool(block.text.strip())


def history(revisions: Sequence[Revision], notes: Sequence[Annotation]) -> list[VersionView]:
    """Every version, newest first, each compared with the one before it."""
    views, before = [], None
    for revision in revisions:
        now = version_paragraphs(revision, notes)
        views.append(_view(revision, before, now))
        before = now
    return views[::-1]


def _view(revision: Revision, before: list[Paragraph] | None,
          now: list[Paragraph]) -> VersionView:
    noted = sum(len(p.notes) for p in now)
    if before is None:
        return VersionView(revision, tuple(_plain(p) for p in now), 0, 0, noted)
    html: list[Markup] = []
    added = removed = 0
    matcher = SequenceMatcher(None, [for_comparing(p.text) for p in before],
                              [for_comparing(p.text) for p in now], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            html += [_plain(p) for p in now[b1:b2]]
            continue
        old, new = before[a1:a2], now[b1:b2]
        for index in range(max(len(old), len(new))):
            first = old[index] if index < len(old) else Paragraph("", ())
            second = new[index] if index < len(new) else Paragraph("", ())
            paragraph, plus, minus = _diffed(first, second)
            html.append(paragraph)
            added, removed = added + plus, removed + minus
    return VersionView(revision, tuple(html), added, removed, noted)


_WORD = re.compile(r"\S+")


def _words(paragraph: Paragraph) -> list[tuple[str, bool]]:
    """Each word of the paragraph, and whether a note's passage covers it."""
    return [(m.group(), any(s < m.end() and m.start() < e for s, e in paragraph.notes))
            for m in _WORD.finditer(paragraph.text)]


def _plain(paragraph: Paragraph) -> Markup:
    return _html([("equal", word, marked) for word, marked in _words(paragraph)])


def _diffed(first: Paragraph, second: Paragraph) -> tuple[Markup, int, int]:
    """A paragraph's changes word by word: (HTML, words added, words removed).
    The comparison package is imported here, the first time a revised article
    is rendered: an edit of any other article need not load it (12 ms)."""
    from briefing.compare.diff import diff_words

    old, new = iter(_words(first)), iter(_words(second))
    runs: list[tuple[str, str, bool]] = []
    added = removed = 0
    for segment in diff_words(first.text, second.text):
        if segment.kind == "delete":
            runs += [("delete", *next(old)) for _ in segment.a]
            removed += len(segment.a)
            continue
        runs += [(segment.kind, *next(new)) for _ in segment.b]
        if segment.kind == "equal":
            for _ in segment.a:
                next(old)
        else:
            added += len(segment.b)
    return _html(runs), added, removed


_TAGS = {"delete": "del", "insert": "ins"}


def _html(runs: list[tuple[str, str, bool]]) -> Markup:
    """Words as one paragraph, each run of one kind in one element; every word
    is escaped, the only markup is written here."""
    pieces: list[Markup] = []
    start = 0
    while start < len(runs):
        kind, _, marked = runs[start]
        end = start
        while end < len(runs) and runs[end][0] == kind and runs[end][2] == marked:
            end += 1
        text = escape(" ".join(word for _, word, _ in runs[start:end]))
        if marked:
            text = Markup("<mark>%s</mark>") % text
        if kind in _TAGS:
            text = Markup(f"<{_TAGS[kind]}>%s</{_TAGS[kind]}>") % text
        pieces.append(text)
        start = end
    return Markup(" ").join(pieces)
