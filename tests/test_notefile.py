"""Editing annotation files' text (briefing/annotations/notefile.py): every other
byte kept, and any text written reads back as exactly that text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.annotations import notefile
from briefing.annotations.loader import check_file_text
from briefing.core.errors import Diagnostics
from tests.conftest import FIXTURES, REPO

FILES = sorted([*REPO.glob("content/annotations/*.yml"),
                *FIXTURES.glob("*/content/annotations/*.yml")])
ENTRY = {"id": "added", "quote": "q", "kind": "note", "body": "Added."}


def test_every_annotation_file_in_the_repository_keeps_every_byte_when_a_note_is_added():
    assert len(FILES) >= 6
    for path in FILES:
        text = path.read_text()
        added = notefile.add_note(text, ENTRY)
        assert added.startswith(text), path
        assert added[len(text):].lstrip("\n").startswith("  - id: added\n"), path
        assert notefile.note_ids(added)[-1] == "added"


def test_a_blank_line_separates_the_new_note_where_the_file_separates_its_notes():
    spaced = "# notes\narticle: a\nannotations:\n  - id: one\n    quote: q\n    kind: note\n" \
             "    body: b\n\n  - id: two\n    quote: q\n    kind: note\n    body: b\n"
    assert notefile.add_note(spaced, ENTRY) == spaced + "\n  - id: added\n    quote: q\n" \
        "    kind: note\n    body: Added.\n"
    packed = spaced.replace("b\n\n", "b\n")
    assert notefile.add_note(packed, ENTRY) == packed + "  - id: added\n    quote: q\n" \
        "    kind: note\n    body: Added.\n"


def test_a_file_indented_otherwise_keeps_its_indentation():
    flush = "article: a\nannotations:\n- id: one\n  quote: q\n  kind: note\n  body: b\n"
    assert notefile.add_note(flush, ENTRY) == flush + \
        "- id: added\n  quote: q\n  kind: note\n  body: Added.\n"


# Text as editors type it: quotes, colons, hashes, dashes, leading spaces, tabs, unicode.
TEXT = st.text(st.sampled_from(list("ab :#-'\"\\{}[]|>&*!%@`,?\t\n “”—é…")), min_size=1,
               max_size=40).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(title=TEXT, body=TEXT, author=TEXT)
def test_any_text_reads_back_as_written(title, body, author):
    text = notefile.new_file("a", {"id": "n", "quote": "q", "kind": "context", "title": title,
                                   "body": body, "author": author, "date": dt.date(2025, 1, 2)})
    diagnostics = Diagnostics()
    [note] = check_file_text(Path("a.yml"), text, {"a"}, diagnostics)
    assert diagnostics.errors == []
    assert note.title == title
    assert note.body.strip() == body.strip()
    assert note.author == author
