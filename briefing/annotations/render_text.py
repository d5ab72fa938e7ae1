"""The merged page as the HTML render reads it: placed notes' footnotes cut short.

The merged Markdown (``index.md``) carries each placed note whole, as a footnote
definition after the article, so the file reads well on its own. The HTML page
shows a placed note as an aside rendered from the note's body (views.py), and
the annotations render rule drops the note's footnote from the token stream
unread; yet parsing those definitions (their bodies, term links and sources)
cost about a third of rendering an article with three notes (issue 18). So the
render is given the same text with each such definition cut to its first line,
``[^id]: **Label.**``: the same label, so the same references, the same
numbering and the same dropped footnote.

That gives the same HTML only where a definition's content cannot reach the
rest of the page, which :func:`_inert` checks and the tests prove against the
whole text: a reference definition (``[x]: url``) anywhere would be visible to
every block (a note's links could read one the article defines), a footnote reference or inline footnote inside a note would number
the others, an image calls the page's picture hook, and a source linking a
glossary page would add a term to the page's definitions, and a note body that
starts with white space is laid out otherwise in its footnote (stripped) than in
its aside, so its footnote might link a term the aside does not. Any of these,
or a body that is not laid out as the merge stage writes it, and the whole text
is rendered.
"""

from __future__ import annotations

import re

from briefing.annotations.markdown import (
    NO_RATINGS,
    RatingLinks,
    footnote,
    retired_section,
    unplaced_section,
)
from briefing.model.annotation import Annotation
from briefing.model.page import MergedPage

# What may precede a reference definition's "[" on its line: indentation and the
# markers of block quotes and list items (a definition starts a block).
_BLOCK_START = re.compile(r"[\s>*+\-\d.)]*")
# Text that would let a footnote's content act beyond the footnote (see the module).
_REACHING = ("]:", "[^", "^[", "![")


def text_to_render(page: MergedPage, term_prefixes: tuple[str, ...] = (),
                   ratings: RatingLinks = NO_RATINGS) -> str:
    """``page.body`` (pages render the body; the front matter is index.md's),
    with each placed note's footnote cut to its first line
    when that cannot change the HTML; ``term_prefixes``: the URL prefixes the
    term render rule claims (glossary/render_rule.TermLinks); ``ratings``: as
    the merge linked them (annotations.markdown.rating_links)."""
    if not page.anchors:
        return page.body
    notes = [anchor.annotation for anchor in page.anchors]
    written = [footnote(note, ratings) for note in notes]
    tail = "".join(f"\n\n{text}" for text in written)
    after = "".join(f"\n\n{section}" for section in _sections(page, ratings)) + "\n"
    if not page.body.endswith(tail + after):
        return page.body  # not laid out as merge/annotations.py writes it
    before = page.body[:len(page.body) - len(tail) - len(after)]
    if _may_define(before) or _may_define(after) or \
            not all(_inert(note, text, term_prefixes) for note, text in zip(notes, written)):
        return page.body
    short = "".join(f"\n\n{text.partition(chr(10))[0]}" for text in written)
    return f"{before}{short}{after}"


def notes_inert(page: MergedPage, term_prefixes: tuple[str, ...] = ()) -> bool:
    """Whether no placed note's footnote can change the page outside it: then the
    page is the HTML of the article's own parse with the references put in
    (text/splice.py), the footnotes being dropped unread."""
    return all(_inert(anchor.annotation, footnote(anchor.annotation), term_prefixes)
               for anchor in page.anchors)


def _sections(page: MergedPage, ratings: RatingLinks) -> list[str]:
    """What follows the placed notes' footnotes (merge/annotations._append_notes)."""
    sections = [unplaced_section(page.unplaced, ratings)] if page.unplaced else []
    return sections + ([retired_section(page.retired, ratings)] if page.retired else [])


def _inert(note: Annotation, written: str, term_prefixes: tuple[str, ...]) -> bool:
    """Whether the note's footnote (``written``), past its label, can change
    nothing outside it."""
    rest = written[len(f"[^{note.id}]:"):]
    if note.body[:1].isspace() or any(mark in rest for mark in _REACHING):
        return False
    urls = [source.url for source in note.sources if source.url]
    return not any(prefix in url or "%" in url for prefix in term_prefixes if prefix
                   for url in urls)


def _may_define(text: str) -> bool:
    """Whether ``text`` may hold a reference definition: a ``]:`` whose label's
    ``[`` (the nearest, as a label holds no bracket but an escaped one) starts
    its line, past indentation and container markers. "[^n1]:" after a word
    is not one."""
    at = text.find("]:")
    while at >= 0:
        opening = text.rfind("[", 0, at)
        line_start = text.rfind("\n", 0, max(opening, 0)) + 1
        if opening < 1 or text[opening - 1] == "\\" or \
                _BLOCK_START.fullmatch(text, line_start, opening):
            return True
        at = text.find("]:", at + 2)
    return False
