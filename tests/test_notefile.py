"""Editing annotation files' text (briefing/annotations/notefile.py): every other
byte kept, and any text written reads back as exactly that text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
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


# Comments and blank lines after a note: ruamel.yaml attaches them to the note's last
# value, but they belong to the next note or to the end of the file.
COMMENTED = (
    "# Notes on the summit.\n"
    "article: a\n"
    "annotations:\n"
    "  - id: one\n"
    "    quote: q\n"
    "    kind: note\n"
    "    body: First.  # checked\n"
    "\n"
    "  # The second note is about the corridor.\n"
    "  - id: two\n"
    "    quote: q\n"
    "    kind: note\n"
    "    body: Second.\n"
    "    sources:\n"
    "      - title: Map\n"
    "        url: https://example.org/map\n"
    "\n"
    "  # The third one, by the desk.\n"
    "  - id: three\n"
    "    quote: q\n"
    "    kind: note\n"
    "    body: |\n"
    "      Third.\n"
    "    author: Desk\n"
    "\n"
    "# End of the notes.\n")


def lines_of(ident: str) -> str:
    """The note's own lines in COMMENTED, from its '- id:' to its last value."""
    start = COMMENTED.index(f"  - id: {ident}\n")
    return COMMENTED[start:COMMENTED.index("\n\n", start) + 1]


@pytest.mark.parametrize("ident", ["one", "two", "three"])
def test_removing_a_note_keeps_the_comments_and_blank_lines_after_it(ident):
    assert notefile.remove_note(COMMENTED, ident) == COMMENTED.replace(lines_of(ident), "", 1)


def test_removing_notes_separated_by_blank_lines_takes_their_separator():
    spaced = "article: a\nannotations:\n  - id: one\n    body: b\n\n  - id: two\n" \
             "    body: b\n\n  - id: three\n    body: b\n\n# end\n"
    assert notefile.remove_note(spaced, "one") == \
        spaced.replace("  - id: one\n    body: b\n\n", "")
    for ident in ("two", "three"):
        assert notefile.remove_note(spaced, ident) == \
            spaced.replace(f"\n  - id: {ident}\n    body: b\n", "")


def test_removing_the_only_note_leaves_an_empty_list_and_the_comments():
    text = "article: a\nannotations:  # by hand\n  - id: one\n    body: b\n\n# end\n"
    assert notefile.remove_note(text, "one") == "article: a\nannotations: []  # by hand\n\n# end\n"


@pytest.mark.parametrize("ident", ["one", "two", "three"])
def test_clearing_a_notes_last_field_keeps_the_lines_after_it(ident):
    last = {"one": "body", "two": "sources", "three": "author"}[ident]
    note = next(n for n in notefile.raw_notes(COMMENTED) if n["id"] == ident)
    entry = {k: v for k, v in note.items() if k not in ("id", "quote")}
    entry[last] = "" if last != "sources" else []
    if last == "body":
        entry["title"] = "Now titled"  # a note needs a body: change something else too
    changed = notefile.replace_note(COMMENTED, ident, entry)
    own = lines_of(ident)
    if last == "body":
        expected = own.replace("    body: First.  # checked\n", "    title: Now titled\n")
    else:
        expected = own[:own.index(f"    {last}:")]
    assert changed == COMMENTED.replace(own, expected, 1)


def test_adding_a_field_after_the_last_keeps_the_next_notes_comment_outside_the_note():
    changed = notefile.replace_note(COMMENTED, "three", {"author": "Desk",
                                                         "date": dt.date(2025, 8, 12)})
    assert changed == COMMENTED.replace("    author: Desk\n",
                                        "    author: Desk\n    date: 2025-08-12\n")


def test_an_untouched_folded_or_one_line_literal_body_is_kept_as_written():
    folded = ("    body: >\n      A folded body,\n      over lines.\n      "
              + " ".join(["A long line of it."] * 15) + "\n")
    literal = "    body: |\n      One line.\n"
    for layout in (folded, literal):
        text = f"article: a\nannotations:\n  - id: one\n    quote: q\n    kind: note\n{layout}" \
               "    author: Desk\n"
        [note] = notefile.raw_notes(text)
        typed = note["body"].strip()  # as the form sends it back
        assert notefile.replace_note(text, "one", {"kind": "note", "body": typed}) == text
        assert notefile.replace_note(text, "one", {"kind": "note", "body": typed,
                                                   "author": "Night desk"}) == \
            text.replace("author: Desk", "author: Night desk")


@pytest.mark.parametrize("text, line, message", [
    ("article: a\nannotations:\n  - id: one\n    body: 'unclosed\n", 4,
     "invalid YAML: the quoted value that starts on this line is never closed"),
    ("article: a\nannotations:\n  - id: one\n    id: two\n", 4, "key 'id' appears twice"),
    ("article: a\n\nannotations: a note\n", 3, "'annotations' must be a list"),
])
def test_a_file_it_cannot_edit_is_refused_with_the_line_to_fix(text, line, message):
    for edit in (notefile.note_ids, notefile.raw_notes, lambda t: notefile.add_note(t, ENTRY),
                 lambda t: notefile.remove_note(t, "one")):
        with pytest.raises(notefile.NoteFileError) as caught:
            edit(text)
        assert caught.value.line == line and caught.value.message.startswith(message)
        assert "<unicode string>" not in caught.value.message
