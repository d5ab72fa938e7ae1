"""Writing notes into annotation files (briefing/notes/): the file gains exactly the
note, keeps everything else byte for byte, passes the build, and nothing is
written when anything is wrong."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, read_config
from briefing.core.errors import Diagnostics
from briefing.notes import desk
from briefing.notes.article_text import article_text
from briefing.notes.fields import NoteFields, fields_from
from briefing.notes.refusal import NoteRefused
from briefing.notes.selection import Selection
from tests.conftest import build_site, copy_site

PARAGRAPH = "The deal opens a corridor. Critics said the deal opens a corridor too quickly."


def config_of(site: Path):
    return read_config(BuildOptions(site / "site.yml"), Diagnostics())


def selecting(exact: str, before: str, text: str = PARAGRAPH, block: int = 2) -> Selection:
    return Selection(block=block, text=text, before=before, exact=exact)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("annotated", tmp_path)


def test_a_note_is_appended_with_the_context_it_needs_and_the_rest_kept(site):
    path = site / "content/annotations/summit.yml"
    before = path.read_text()
    config = config_of(site)
    fields = NoteFields(kind="context", body="Two lines\nof *Markdown*.", title="Too quickly?",
                        author="Desk", date=dt.date(2025, 8, 12),
                        sources=(("Map", "https://example.org/map", None),))
    written = desk.add(config, "summit", time.time_ns(),
                       selecting("deal opens a corridor", "The deal opens a corridor. Critics said the "),
                       fields)
    assert written.ident == "too-quickly"
    after = path.read_text()
    assert after.startswith(before)
    assert after[len(before):] == (
        "  - id: too-quickly\n"
        "    quote: deal opens a corridor\n"
        "    prefix: the\n"
        "    kind: context\n"
        "    title: Too quickly?\n"
        "    body: |\n"
        "      Two lines\n"
        "      of *Markdown*.\n"
        "    sources:\n"
        "      - title: Map\n"
        "        url: https://example.org/map\n"
        "    author: Desk\n"
        "    date: 2025-08-12\n")
    html = (build_site(site) / "articles/summit/index.html").read_text()
    assert 'id="annotation-too-quickly"' in html


def test_a_file_is_created_for_an_article_without_notes(tmp_path):
    site = copy_site("basic", tmp_path)
    config = config_of(site)
    paragraph = article_text(config, "summit-signed").blocks[0].text  # as the page shows it
    words = paragraph.split()
    written = desk.add(config, "summit-signed", time.time_ns(), Selection(0, paragraph, "", words[0]),
                       NoteFields(kind="note", body="Hello."))
    assert written.path == site / "content/annotations/summit-signed.yml"
    assert written.path.read_text().startswith("article: summit-signed\nannotations:\n  - id: ")
    build_site(site)


def test_an_invalid_note_is_refused_with_the_builds_message_and_nothing_is_written(site):
    path = site / "content/annotations/summit.yml"
    before = path.read_bytes()
    config = config_of(site)
    with pytest.raises(NoteRefused, match="a fact-check needs a 'rating'") as caught:
        desk.add(config, "summit", time.time_ns(),
                 selecting("corridor too quickly", "The deal opens a corridor. Critics said "
                           "the deal opens a "), NoteFields(kind="fact-check", body="x"))
    assert caught.value.reason == "invalid"
    with pytest.raises(NoteRefused, match="not a kind of note|did you mean"):
        desk.add(config, "summit", time.time_ns(),
                 selecting("quickly", "x"), NoteFields(kind="fact-chek", body="x"))
    assert path.read_bytes() == before


def test_a_file_changed_since_the_page_was_loaded_is_a_conflict(site):
    config = config_of(site)
    served = time.time_ns()
    time.sleep(0.05)  # file times come from a clock that ticks every few milliseconds
    path = site / "content/annotations/summit.yml"
    path.write_text(path.read_text() + "# edited by hand\n")
    edited = path.read_bytes()
    with pytest.raises(NoteRefused, match="changed on disk") as caught:
        desk.add(config, "summit", served, selecting("quickly", "x"),
                 NoteFields(kind="note", body="x"))
    assert caught.value.reason == "conflict" and path.read_bytes() == edited


def test_a_selection_across_paragraphs_is_refused(site):
    config = config_of(site)
    with pytest.raises(NoteRefused, match="within one paragraph"):
        desk.add(config, "summit", time.time_ns(),
                 selecting("too quickly.\n\nUse", "", text=PARAGRAPH),
                 NoteFields(kind="note", body="x"))


def test_change_and_remove_touch_only_their_note(site):
    path = site / "content/annotations/summit.yml"
    config = config_of(site)
    original = path.read_text()
    desk.change(config, "summit", time.time_ns(), "fix",
                fields_from({"kind": "correction", "body": "The day was wrong.",
                             "date": "2025-08-11"}))
    changed = path.read_text()
    assert changed == original.replace("body: An earlier version gave the wrong day.",
                                       "body: The day was wrong.")
    desk.remove(config, "summit", time.time_ns(), "fix")
    assert "id: fix" not in path.read_text()
    assert path.read_text() == original[:original.index("  - id: fix\n")]
    build_site(site)


def test_fields_are_checked_for_shape():
    with pytest.raises(NoteRefused, match="unknown field"):
        fields_from({"kind": "note", "body": "x", "evil": "1"})
    with pytest.raises(NoteRefused, match="must be text"):
        fields_from({"kind": "note", "body": ["x"]})
    with pytest.raises(NoteRefused, match="YYYY-MM-DD"):
        fields_from({"kind": "note", "body": "x", "date": "12/08/2025"})


def test_nothing_is_written_through_a_link_out_of_the_site(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = site / "content/annotations"
    (outside / "summit.yml").write_bytes((folder / "summit.yml").read_bytes())
    (folder / "summit.yml").unlink()
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    config = config_of(site)
    before = (outside / "summit.yml").read_bytes()
    with pytest.raises(NoteRefused, match="outside the site") as caught:
        desk.add(config, "summit", time.time_ns(), selecting("quickly", "x"),
                 NoteFields(kind="note", body="x"))
    assert caught.value.reason == "refused"
    assert (outside / "summit.yml").read_bytes() == before
    assert sorted(p.name for p in outside.iterdir()) == ["summit.yml"]


def test_removing_the_last_note_leaves_a_file_the_build_reads(tmp_path):
    site = copy_site("basic", tmp_path)
    config = config_of(site)
    paragraph = article_text(config, "summit-signed").blocks[0].text
    desk.add(config, "summit-signed", time.time_ns(), Selection(0, paragraph, "", paragraph.split()[0]),
             NoteFields(kind="note", body="Hello."))
    [ident] = [n["id"] for n in desk.listed_notes(config, "summit-signed")]
    desk.remove(config, "summit-signed", time.time_ns(), ident)
    assert desk.listed_notes(config, "summit-signed") == []
    build_site(site)


def test_an_edit_that_changes_nothing_changes_no_byte(site):
    path = site / "content/annotations/summit.yml"
    config = config_of(site)
    original = path.read_text()
    for note in desk.listed_notes(config, "summit"):
        fields = {k: note.get(k) for k in ("kind", "rating", "title", "body", "author",
                                           "date", "sources")}
        desk.change(config, "summit", time.time_ns(), note["id"],
                    fields_from(fields))
    assert path.read_text() == original


def test_a_selection_as_the_page_shows_it_typography_and_all_is_found(site):
    """The page shows curly quotes and dashes where the source has straight ones and
    '--'; the selection is found all the same, and the quote is in the anchoring form."""
    config = config_of(site)
    shown = ("Aliyev said the talks had achieved a “miracle” in just six months – a claim "
             "that\nignores years of talks.")
    written = desk.add(config, "summit", time.time_ns(),
                       Selection(1, shown, "Aliyev said the talks had achieved a ",
                                 "“miracle” in just six months – a claim"),
                       NoteFields(kind="note", body="Typography."))
    text = (site / "content/annotations/summit.yml").read_text()
    assert "    quote: '\"miracle\" in just six months - a claim'\n" in text
    html = (build_site(site) / "articles/summit/index.html").read_text()
    assert f'id="annotation-{written.ident}"' in html


def test_a_hand_broken_annotation_file_is_refused_naming_its_file_and_line(site):
    """Every action: refused as invalid (400 in the preview), the file and line named
    as the build names them, and what to do; nothing written."""
    path = site / "content/annotations/summit.yml"
    text = path.read_text().replace("body: Which critics?", "body: Which critics: none")
    path.write_text(text)
    line = text[:text.index("Which critics: none")].count("\n") + 1
    broken = path.read_bytes()
    config = config_of(site)
    fields = NoteFields(kind="note", body="x")
    actions = [lambda: desk.listed_notes(config, "summit"),
               lambda: desk.add(config, "summit", None, selecting("quickly", "x"), fields),
               lambda: desk.change(config, "summit", None, "fix", fields),
               lambda: desk.remove(config, "summit", None, "fix")]
    for action in actions:
        with pytest.raises(NoteRefused) as caught:
            action()
        assert caught.value.reason == "invalid"
        assert caught.value.message.startswith(
            f"content/annotations/summit.yml:{line}: invalid YAML: quote the value of "
            "'body': it contains ': '")
        assert caught.value.message.endswith(
            "; fix the file and save again (your note is not saved)")
    assert path.read_bytes() == broken


def test_a_broken_file_of_the_same_article_refuses_writes_to_the_other(site):
    other = site / "content/annotations/summit-more.yml"
    other.write_text("article: summit\nannotations: not a list\n")
    with pytest.raises(NoteRefused, match=r"^content/annotations/summit-more.yml:2: "
                       r"'annotations' must be a list of notes"):
        desk.remove(config_of(site), "summit", None, "fix")


def test_a_selection_found_in_no_paragraph_does_not_claim_to_cross_paragraphs(site):
    config = config_of(site)
    changed = "The deal opens a corridor. Critics said it was too soon."
    with pytest.raises(NoteRefused) as caught:
        desk.add(config, "summit", None, selecting("too soon", "The deal opens a corridor. "
                                                   "Critics said it was ", text=changed),
                 NoteFields(kind="note", body="x"))
    assert "within one paragraph" not in caught.value.message
    assert "reload the page" in caught.value.message


def test_a_paragraph_with_a_footnote_is_found_by_its_text_without_the_marker(site):
    article = site / "content/articles/summit.md"
    article.write_text(article.read_text() + "\nA paragraph with a footnote here[^1] and "
                       "more words after it.\n\n[^1]: The footnote text.\n")
    config = config_of(site)
    shown = "A paragraph with a footnote here and more words after it."
    written = desk.add(config, "summit", None,
                       Selection(9, shown, "A paragraph with a footnote here and ",
                                 "more words after"), NoteFields(kind="note", body="x"))
    assert "    quote: more words after\n" in written.path.read_text()
    with pytest.raises(NoteRefused) as caught:  # with the marker, as the page once sent it
        desk.add(config, "summit", None, Selection(9, shown.replace("here", "here[1]"), "",
                                                   "more words after"),
                 NoteFields(kind="note", body="y"))
    assert "reload the page" in caught.value.message
    assert "within one paragraph" not in caught.value.message  # it did not cross any


def test_an_annotation_file_that_is_not_utf8_is_refused_naming_its_line(site):
    """A file saved in another encoding: refused with the build's words and its
    line, for every action, never a traceback; nothing written."""
    path = site / "content/annotations/summit.yml"
    text = path.read_text().replace("body: Which critics?", "body: Which critics\u00e9?")
    line = text[:text.index("critics\u00e9")].count("\n") + 1
    path.write_bytes(text.encode("latin-1"))
    broken = path.read_bytes()
    config = config_of(site)
    fields = NoteFields(kind="note", body="x")
    for action in [lambda: desk.listed_notes(config, "summit"),
                   lambda: desk.add(config, "summit", None, selecting("quickly", "x"), fields),
                   lambda: desk.change(config, "summit", None, "fix", fields),
                   lambda: desk.remove(config, "summit", None, "fix")]:
        with pytest.raises(NoteRefused) as caught:
            action()
        assert caught.value.reason == "invalid"
        assert caught.value.message.startswith(
            f"content/annotations/summit.yml:{line}: not UTF-8 text: byte 0xe9 at column")
        assert "save the file as UTF-8" in caught.value.message
    assert path.read_bytes() == broken
