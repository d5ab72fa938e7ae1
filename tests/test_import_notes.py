"""``briefing import-notes``: W3C Web Annotation documents and Hypothesis exports into
YAML notes; our own ``annotations.jsonld`` read back gives the same notes."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.annotations.loader import load_annotations
from briefing.core.errors import Diagnostics
from briefing.notes.imports.documents import read_document
from briefing.notes.imports.run import article_slug
from tests.conftest import REPO, build_site, copy_site, run_cli

ARTICLE_URL = "https://example.github.io/repo/articles/summit/"


def notes_of(site: Path, slugs: set[str]) -> dict[tuple[str, str], object]:
    """Every note by (article, id), without what says where it is written."""
    notes = load_annotations(site / "content/annotations", slugs, Diagnostics())
    return {(n.article, n.id): replace(
        n, path=Path(), line=0, quote_line=0, retired_line=0, quote="", prefix=None, suffix=None,
        occurrence=None, sources=tuple(replace(s, accessed=None) for s in n.sources))
        for n in notes}


def site_copy(name: str, tmp_path: Path) -> Path:
    if name == "example":
        site = tmp_path / "example"
        shutil.copytree(REPO / "content", site / "content")
        shutil.copy(REPO / "site.yml", site / "site.yml")
        for extra in ("templates", "static"):
            if (REPO / extra).is_dir():
                shutil.copytree(REPO / extra, site / extra)
        return site
    return copy_site(name, tmp_path)


@pytest.mark.parametrize("name", ["annotated", "trust", "example", "revised"])
def test_our_own_export_read_back_gives_the_same_notes(tmp_path, name):
    original = site_copy(name, tmp_path / "a")
    out = build_site(original, "--drafts")
    exports = sorted(out.glob("articles/*/annotations.jsonld"))
    slugs = {p.parent.name for p in out.glob("articles/*/index.html")}
    copy = site_copy(name, tmp_path / "b")
    shutil.rmtree(copy / "content/annotations")
    (copy / "content/annotations").mkdir()
    for export in exports:
        result = run_cli("import-notes", export, "--config", copy / "site.yml")
        assert result.exit_code == 0, result.stderr
    placed = {(slug, item["id"].rsplit("#annotation-", 1)[1])
              for p in exports for slug in [p.parent.name]
              for item in json.loads(p.read_text())["items"]}
    before = {k: v for k, v in notes_of(original, slugs).items() if k in placed}
    assert before and notes_of(copy, slugs) == before
    again = build_site(copy, "--drafts")
    for export in exports:  # every note anchored where it was, with the same text
        assert (again / export.relative_to(out)).read_text() == export.read_text()


def test_importing_the_same_export_twice_adds_nothing(tmp_path):
    site = copy_site("annotated", tmp_path)
    export = build_site(site) / "articles/summit/annotations.jsonld"
    before = (site / "content/annotations/summit.yml").read_text()
    result = run_cli("import-notes", export, "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "already has a note 'declaration' (imported before?)" in result.stderr
    assert (site / "content/annotations/summit.yml").read_text() == before


W3C_COLLECTION = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "AnnotationCollection",
    "first": {"type": "AnnotationPage", "items": [
        {"type": "Annotation", "id": "urn:uuid:1",
         "body": [{"type": "TextualBody", "value": "Which one?"},
                  {"type": "TextualBody", "purpose": "tagging", "value": "Fact check"},
                  {"type": "TextualBody", "purpose": "tagging", "value": "rating: Unproven"}],
         "creator": {"type": "Person", "name": "Ana Ruiz"}, "created": "2025-08-12T09:30:00Z",
         "target": {"source": ARTICLE_URL, "selector": {
             "type": "TextQuoteSelector", "exact": "the deal opens a corridor",
             "prefix": "Critics said ", "suffix": " too quickly"}}},
        {"type": "Annotation", "id": "urn:uuid:2", "bodyValue": "Not in the text.",
         "target": {"source": ARTICLE_URL, "selector": {
             "type": "TextQuoteSelector", "exact": "the treaty was ratified on Friday"}}},
        {"type": "Annotation", "id": "urn:uuid:3", "body": "Elsewhere.",
         "target": {"source": "https://other.example/page", "selector": {
             "type": "TextQuoteSelector", "exact": "corridor"}}},
    ]},
}


def test_a_w3c_collection_is_imported_and_what_cannot_be_placed_is_reported(tmp_path):
    site = copy_site("annotated", tmp_path)
    (site / "content/annotations").joinpath("summit.yml").unlink()
    document = tmp_path / "notes.jsonld"
    document.write_text(json.dumps(W3C_COLLECTION))
    result = run_cli("import-notes", document, "--config", site / "site.yml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Added 'the-deal-opens-a-corridor' to " + str(site / "content/annotations/summit.yml"),
        "Imported 1 of 3 notes."]
    assert ("urn:uuid:2: not imported: the quote “the treaty was ratified on Friday” is not "
            "in the article; the closest passage (paragraph 1") in result.stderr
    assert "urn:uuid:3: not imported: cannot tell which article" in result.stderr
    assert (site / "content/annotations/summit.yml").read_text() == (
        "article: summit\nannotations:\n"
        "  - id: the-deal-opens-a-corridor\n"
        "    quote: the deal opens a corridor\n"
        "    kind: fact-check\n"
        "    rating: Unproven\n"
        "    body: Which one?\n"
        "    author: Ana Ruiz\n"
        "    date: 2025-08-12\n")
    html = (build_site(site) / "articles/summit/index.html").read_text()
    assert 'aria-details="annotation-the-deal-opens-a-corridor">the deal opens a corridor' \
        in html


def test_a_quote_found_in_several_places_is_not_guessed(tmp_path):
    """A quote the article holds three times, with no prefix, suffix or position
    to tell which: refused, naming the paragraphs (it went to the first one)."""
    site = copy_site("annotated", tmp_path)
    path = site / "content/annotations/summit.yml"
    before = path.read_text()
    document = tmp_path / "notes.jsonld"
    document.write_text(json.dumps({
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "id": "urn:uuid:9", "bodyValue": "Which corridor?",
        "target": {"source": ARTICLE_URL, "selector": {
            "type": "TextQuoteSelector", "exact": "corridor"}}}))
    result = run_cli("import-notes", document, "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "urn:uuid:9: not imported: the quote “corridor” occurs 3 times in the article " \
        "(paragraph" in result.stderr
    assert "do not tell which" in result.stderr
    assert path.read_text() == before


def test_a_misspelt_article_is_told_the_one_meant(tmp_path):
    site = copy_site("annotated", tmp_path)
    document = tmp_path / "notes.jsonld"
    document.write_text(json.dumps(W3C_COLLECTION))
    result = run_cli("import-notes", document, "--article", "sumit",
                     "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "no article has the slug 'sumit' (did you mean 'summit'?)" in result.stderr


HYPOTHESIS_EXPORT = [
    {"id": "hyp-1", "uri": "https://example.org/mirror/of/the/page", "text": "Seven words.",
     "tags": ["analysis", "desk"], "user": "acct:alice@hypothes.is",
     "created": "2025-08-13T22:10:00.000000+00:00",
     "target": [{"source": "https://example.org/mirror/of/the/page", "selector": [
         {"type": "RangeSelector", "startContainer": "/main[1]/p[3]", "startOffset": 0,
          "endContainer": "/main[1]/p[3]", "endOffset": 25},
         {"type": "TextPositionSelector", "start": 1200, "end": 1225},
         {"type": "TextQuoteSelector", "exact": "The deal opens a corridor",
          "prefix": "", "suffix": ". Critics said the"}]}],
     "document": {"title": ["Leaders meet"]}},
    {"id": "hyp-2", "uri": "https://example.org/mirror/of/the/page", "text": "",
     "tags": [], "user": "acct:bob@hypothes.is", "created": "2025-08-13T22:11:00+00:00",
     "target": [{"source": "https://example.org/mirror/of/the/page", "selector": [
         {"type": "TextQuoteSelector", "exact": "corridor too quickly"}]}]},
]


def test_a_hypothesis_export_is_imported_onto_the_named_article(tmp_path):
    site = copy_site("annotated", tmp_path)
    path = site / "content/annotations/summit.yml"
    before = path.read_text()
    document = tmp_path / "hypothesis.json"
    document.write_text(json.dumps({"total": 2, "rows": HYPOTHESIS_EXPORT}))
    result = run_cli("import-notes", document, "--article", "summit",
                     "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "hyp-2: not imported: it has no text (a highlight without a note)" in result.stderr
    assert path.read_text() == before + (
        "  - id: the-deal-opens-a-corridor\n"
        "    quote: The deal opens a corridor\n"
        "    kind: analysis\n"
        "    body: Seven words.\n"
        "    author: alice\n"
        "    date: 2025-08-13\n")
    build_site(site)


def test_documents_that_are_not_annotations_are_refused_clearly(tmp_path):
    site = copy_site("annotated", tmp_path)
    for text, message in [("{not json", "not an annotation document"),
                          ('{"type": "Person"}', "not an annotation (type 'Person')"),
                          ('{"type": "AnnotationCollection", "first": "https://x/p1"}',
                           "pages are not in the file")]:
        document = tmp_path / "doc.json"
        document.write_text(text)
        result = run_cli("import-notes", document, "--config", site / "site.yml")
        assert result.exit_code != 0 and message in result.stderr
        assert "Traceback" not in result.stderr


def test_reading_documents():
    [one] = read_document({"type": "Annotation", "body": "x", "target": {
        "source": ARTICLE_URL, "selector": {"type": "RangeSelector", "refinedBy": {
            "type": "TextQuoteSelector", "exact": "deal"}}}})
    assert (one.exact, one.source, one.body) == ("deal", ARTICLE_URL, "x")
    assert article_slug("https://h/base/articles/a-b/#annotation-x") == "a-b"
    assert article_slug("https://h/articles/") is None


def test_a_hand_broken_annotation_file_is_named_with_its_line_and_no_traceback(tmp_path):
    site = copy_site("annotated", tmp_path)
    path = site / "content/annotations/summit.yml"
    text = path.read_text().replace("body: Which critics?", "body: Which critics: none")
    path.write_text(text)
    line = text[:text.index("Which critics: none")].count("\n") + 1
    document = tmp_path / "notes.jsonld"
    document.write_text(json.dumps(W3C_COLLECTION["first"]["items"][0]))
    result = run_cli("import-notes", document, "--config", site / "site.yml")
    assert result.exit_code == 1
    assert f"urn:uuid:1: not imported: content/annotations/summit.yml:{line}: invalid YAML: " \
        "quote the value of 'body'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert path.read_text() == text
