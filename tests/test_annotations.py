"""Editorial annotations: format errors, anchoring rules, merged Markdown, HTML, JSON-LD."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.conftest import build_errors
from tests.conftest import FIXTURES, REPO, copy_site, run_cli
from tests.pagetext import article_text


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> Path:
    site = copy_site("annotated", tmp_path_factory.mktemp("annotated"))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return site / "_site"


def page(site: Path, slug: str = "summit") -> str:
    return (site / f"articles/{slug}/index.html").read_text()


def marks(html: str, note: str) -> list[str]:
    """The text each of the note's marks holds (a mark of another note may nest in it)."""
    return [re.sub(r"</?mark[^>]*>", "", found) for found in re.findall(
        rf'<mark class="annotated" data-annotation="{note}" '
        rf'aria-details="annotation-{note}">(.*?)</mark>', html)]


def with_note_edit(tmp_path: Path, old: str, new: str) -> Path:
    """The annotated fixture with ``old`` replaced by ``new`` (once) in its notes."""
    site = copy_site("annotated", tmp_path)
    notes = site / "content/annotations/summit.yml"
    text = notes.read_text()
    assert old in text
    notes.write_text(text.replace(old, new, 1))
    return site


# --- the format ---------------------------------------------------------------------

def test_every_format_error_is_reported_with_its_line(tmp_path):
    site = copy_site("errors/annotations", tmp_path)
    assert build_errors(site).splitlines() == [
        "content/annotations/broken.yml:4: invalid YAML: the quoted value that starts on "
        "this line is never closed, so YAML read on to line 5; end it with \"",
        "content/annotations/fields.yml:3: 'id': 'Bad_ID' is not a slug: use lower-case "
        "letters, digits and single hyphens, as in 'bad-id'",
        "content/annotations/fields.yml:7: annotation 'no-rating': a fact-check needs a "
        "'rating' (e.g. rating: Misleading)",
        "content/annotations/fields.yml:13: 'kind': 'factcheck' is not a kind of note; use one "
        "of context, fact-check, correction, clarification, analysis, quote-check, note "
        "(did you mean "
        "'fact-check'?)",
        "content/annotations/fields.yml:18: unknown key 'bdy' in annotation "
        "(did you mean 'body'?)",
        "content/annotations/fields.yml:23: annotation 'rated-context': only fact-check and "
        "quote-check notes have a rating",
        "content/annotations/fields.yml:25: annotation 'undated-correction': a correction "
        "needs the 'date' it was made, for the correction notice (e.g. date: 2025-08-11)",
        "content/annotations/fields.yml:33: annotation id 'twice' is already used for "
        "article 'report' at content/annotations/fields.yml:29 (ids must be unique within "
        "an article)",
        "content/annotations/fields.yml:42: source is missing the required key 'title'",
        "content/annotations/not-a-list.yml:3: 'annotations' must be a list of notes, each "
        "starting with '- id:'",
        "content/annotations/wrong-article.yml:1: no article has the slug 'reprot' "
        "(did you mean 'report'?)",
        "Failed: 11 errors; nothing was written.",
    ]


def test_a_misspelt_key_does_not_hide_the_note_s_other_errors(tmp_path):
    """An unknown key stopped the note's checks across fields (a rating on a
    note that has none, a correction without its date): each came only on the
    next run. A misspelt key the other errors would repeat ('dat:' for a
    correction's date) is told once, with its "did you mean"."""
    site = with_note_edit(tmp_path, "    kind: quote-check\n", "    kind: correction\n"
                          "    dat: 2025-08-10\n")
    notes = site / "content/annotations/summit.yml"
    notes.write_text(notes.read_text().replace("    kind: analysis\n", "    kind: correction\n"
                                               "    auther: Desk\n", 1))
    assert build_errors(site).splitlines() == [
        "content/annotations/summit.yml:20: unknown key 'dat' in annotation "
        "(did you mean 'date'?)",
        "content/annotations/summit.yml:21: annotation 'miracle': only fact-check and "
        "quote-check notes have a rating",
        "content/annotations/summit.yml:23: annotation 'corridor-second': a correction needs "
        "the 'date' it was made, for the correction notice (e.g. date: 2025-08-11)",
        "content/annotations/summit.yml:27: unknown key 'auther' in annotation "
        "(did you mean 'author'?)",
        "Failed: 4 errors; nothing was written.",
    ]
    assert not (site / "_site").exists()


def test_a_note_body_with_a_footnote_is_refused_at_its_line(tmp_path):
    """A footnote in a note's body took the report's footnote numbers and ids,
    and its definition ended the note: its last paragraph read as wire copy."""
    site = with_note_edit(tmp_path, "      *initialled*, not signed.\n",
                          "      *initialled*, not signed.[^src]\n\n"
                          "      [^src]: Our own footnote.\n\n"
                          "      A last paragraph of the note.\n")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "content/annotations/summit.yml:8: 'body': '[^src]': a note's body cannot have " \
        "footnotes (the note is itself one, in the report); put the source in sources:, " \
        "or say it in the text" in result.stderr
    assert "Traceback" not in result.stderr and not (site / "_site").exists()


@pytest.mark.parametrize(("fixture", "file", "old", "new", "line"), [
    ("annotated", "annotations/summit.yml", "      *initialled*, not signed.\n",
     "      *initialled*, not signed. ![A chart](chart.png)\n", 8),
    ("glossary", "glossary.yml", "definition: A region in the *South Caucasus*.",
     "definition: A region in the *South Caucasus*. ![Map](/maps/x.svg)", 4),
    ("stories", "stories/border-commission.yml",
     "summary: The joint border commission met again after a year.",
     "summary: The commission met again. ![Photo](photo.jpg)", 3),
])
def test_a_picture_in_a_text_shown_on_several_pages_is_an_error(tmp_path, fixture, file, old,
                                                                 new, line):
    """A note's body, a definition and a story's summary are shown on several
    pages as text: a picture in one came out as a raw <img> without the
    site's path, its file never published, and no word of it."""
    site = copy_site(fixture, tmp_path)
    path = site / "content" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1
    assert f"content/{file}:{line}: " in result.stderr
    assert "a picture in this text would not be shown" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_relative_link_in_a_text_shown_on_several_pages_leads_to_one_place(tmp_path):
    """A note's body is written for its report and shown on the corrections log
    and its story's page too; a definition is written for its term's page and
    shown in every popover; a story's summary is written for the story's page
    and shown on the front page. '../other/' led somewhere else from each other
    page; it is resolved against the page the text was written for. In-page links
    ('#part', and Markdown's own footnote links) are left as written."""
    site = copy_site("glossary", tmp_path, search=False)
    link = " See [the other report](../other/), [the part](#part) and [x](https://e.org/x)."
    notes = site / "content/annotations/corridor.yml"
    notes.write_text(notes.read_text().replace("    kind: context\n", "    kind: correction\n"
                                               "    date: 2025-08-11\n").replace(
        "Nakhchivan again.", "Nakhchivan again." + link))
    glossary = site / "content/glossary.yml"
    glossary.write_text(glossary.read_text().replace("A planned transit route.",
                                                     "A planned transit route." + link))
    story = site / "content/stories/route-talks.yml"
    story.write_text(story.read_text().replace("through the summer.", "through the summer."
                                               + link))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert "relative" not in result.stderr
    out = site / "_site"
    written_for = {
        "articles/corridor/": ["corrections/index.html", "stories/route-talks/index.html"],
        "glossary/tripp/": ["articles/corridor/index.html", "glossary/tripp/index.html"],
        "stories/route-talks/": ["index.html", "stories/route-talks/index.html"]}
    for page, shown_on in written_for.items():
        parent = page.rsplit("/", 2)[0]
        for path in shown_on:
            html = (out / path).read_text()
            assert f'href="/repo/{parent}/other/"' in html, (page, path)
            assert 'href="#part"' in html, (page, path)
            assert 'href="https://e.org/x"' in html
    own = (out / "articles/corridor/index.html").read_text()  # on its own page, as written
    assert 'href="../other/"' in own and 'href="#part"' in own


@pytest.mark.parametrize("written", ["False", "No", "false"])
def test_an_unquoted_false_rating_is_the_rating_as_written(tmp_path, written):
    """'False' is on many rating scales, and a scale's ``name: False`` needs no
    quotes; unquoted, YAML reads it as false, and the note refused it. It is
    taken as written, as the scale's name is."""
    site = with_note_edit(tmp_path, "rating: Accurate\n", f"rating: {written}\n")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert f"Fact check: {written}" in (site / "_site/articles/summit/index.html").read_text()


def test_anchoring_failures_say_where_and_how_to_fix(tmp_path):
    site = copy_site("errors/anchoring", tmp_path)
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "content/annotations/report.yml:4: annotation 'ambiguous': the quote matches 2 places "
        "(1: paragraph 1 …[The leaders] met in Washington. The leaders …; 2: paragraph 1 "
        "…The leaders met in Washington. [The leaders] talked for an hour.…) (add 'prefix:' "
        "or 'suffix:' with the words just before or after it, or 'occurrence: N' to choose "
        "the Nth)")
    assert lines[1] == (
        "content/annotations/report.yml:8: annotation 'missing': the quote is not in the "
        "article; the closest passage (paragraph 2, 76% similar) is “the deal was a "
        "\"miracle\" achieved in six months.” (copy the words exactly as the article has them)")
    assert lines[2].startswith("content/annotations/report.yml:12: annotation 'wrong-prefix': "
                               "the quote is found, but not with the given prefix/suffix")
    assert lines[3] == ("content/annotations/report.yml:17: annotation 'too-far': occurrence 3 "
                        "asked for, but the quote is found only 2 times")
    assert lines[4] == ("content/annotations/report.yml:21: annotation id '1' is also a "
                        "footnote label in the article (rename the annotation)")
    assert lines[5].startswith("content/annotations/report.yml:26: warning: annotation "
                               "'fuzzy': quote not found exactly; anchored to “Aliyev said the "
                               "deal was a \"miracle\" achieved in six months” (96% similar")
    assert lines[-1] == "Failed: 5 errors; nothing was written."


def test_strict_false_turns_failures_into_unplaced_notes(tmp_path):
    site = copy_site("errors/anchoring", tmp_path)
    with (site / "site.yml").open("a") as f:
        f.write("annotations:\n  strict: false\n")
    notes = site / "content/annotations/report.yml"
    notes.write_text(notes.read_text().replace('id: "1"', "id: washington"))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("(listed under Unplaced notes)") == 4
    html = page(site / "_site", "report")
    unplaced = html.split('<h2 id="unplaced-notes">Unplaced notes</h2>')[1]
    for body in ("Which leaders?", "Not in the text.", "Prefix does not fit.", "Only two."):
        assert body in unplaced
    assert marks(html, "washington") == ["Washington"]
    markdown = (site / "_site/articles/report/index.md").read_text()
    assert "## Unplaced notes" in markdown


# --- anchoring, in the HTML ------------------------------------------------------

def test_a_quote_across_emphasis_and_a_link_gets_one_mark_per_run(annotated):
    html = page(annotated)
    assert marks(html, "declaration") == ["leaders ", "signed a joint declaration", " at the ",
                                          "White House"]
    assert ('<em><mark class="annotated" data-annotation="declaration" '
            'aria-details="annotation-declaration">signed a joint declaration</mark></em>') in html
    # the note number follows the link, never inside it
    assert ('White House</mark></a><sup class="annotation-ref"><a href="#annotation-declaration"'
            in html)


def test_straight_quotes_in_yaml_match_typographic_quotes_in_the_text(annotated):
    assert marks(page(annotated), "lost-years") == ["“We lost a lot of years,”"]
    assert marks(page(annotated), "miracle") == ["achieved a “miracle” in just six months"]


def test_suffix_and_occurrence_choose_among_repeats(annotated):
    html = page(annotated)
    assert "Critics said <mark class=\"annotated\" data-annotation=\"corridor-second\"" in html
    assert "Second <mark class=\"annotated\" data-annotation=\"second-point\"" in html
    assert "First point about Nakhchivan." in html


def test_a_quote_ending_in_code_places_the_reference_after_the_code(annotated):
    html = page(annotated)
    assert marks(html, "code") == ["the <code>corridor</code> is long"]


def test_notes_are_numbered_asides_beside_their_paragraph(annotated):
    """A paragraph with notes and its notes share a ``div.noted``, the notes first
    (wide screens float them into the margin from the paragraph's top; phones
    show them after it, by CSS order)."""
    html = page(annotated)
    numbers = re.findall(r'<span class="annotation-number">(\d+)</span>', html)
    assert numbers == [str(n) for n in range(1, 8)]
    wrapper = html.index('<div class="noted">\n<div class="annotation-group">')
    first = html.index("<p>The <mark")
    assert wrapper < first < html.index("</p>\n</div>\n", first) < html.index("<p>Aliyev said")
    assert '<div class="noted">' not in html[wrapper + 1:first]
    assert ('<aside id="annotation-declaration" class="annotation" data-kind="fact-check" '
            'role="note" aria-labelledby="annotation-declaration-label">') in html
    assert '<span class="annotation-kind">Fact check: Accurate</span>' in html
    assert '<a class="annotation-back" href="#annotation-ref-declaration">' in html
    assert 'id="annotation-ref-declaration"' in html


def test_a_correction_shows_a_dated_notice_at_the_top(annotated):
    html = page(annotated)
    notice = html.index('<div class="correction-notice" data-kind="correction" role="note">')
    assert notice < html.index('<div class="article-body">')
    assert '<strong>Correction, <time datetime="2025-08-11">11 August 2025</time>:</strong>' \
        in html


def test_print_list_holds_every_note_in_reading_order(annotated):
    html = page(annotated)
    section = html.split('<section class="notes-print"')[1].split("</section>")[0]
    assert section.index("What was signed") < section.index("Which critics?") \
        < section.index("Chosen by occurrence.")


# --- the merged Markdown page ------------------------------------------------------

def test_merged_markdown_carries_footnotes_that_render_anywhere(annotated):
    text = (annotated / "articles/summit/index.md").read_text()
    assert "[White House](https://example.com/wh)[^declaration] on Friday[^fix]." in text
    assert "the `corridor` is long[^code]." in text
    assert "[^declaration]: **Fact check: Accurate.** *What was signed*\n\n    A joint" in text
    plain = MarkdownIt("commonmark").use(footnote_plugin)
    html = plain.render(text.split("---\n", 2)[2])
    assert html.count('class="footnote-ref"') == 7
    assert html.count('class="footnote-item"') == 7


# --- safety ----------------------------------------------------------------------------

def test_note_bodies_cannot_inject_markup(tmp_path):
    site = copy_site("annotated", tmp_path)
    (site / "content/annotations/evil.yml").write_text(
        "article: summit\nannotations:\n  - id: evil\n    quote: opens a corridor too\n"
        "    kind: note\n    title: \"<img src=x onerror=alert(1)>\"\n"
        "    body: |\n      <script>alert(1)</script> [x](javascript:alert(1))\n"
        "    author: \"<b>me</b>\"\n")
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    html = page(site / "_site")
    aside = html.split('id="annotation-evil"')[1].split("</aside>")[0]
    assert "<script" not in aside and "<img" not in aside and "<b>" not in aside
    assert "javascript:" not in re.findall(r'href="([^"]*)"', aside)[0]
    assert "&lt;script&gt;" in aside


# --- structured data -------------------------------------------------------------

def json_ld(html: str) -> list[dict]:
    return [json.loads(b) for b in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_fact_checks_emit_claim_review(annotated):
    reviews = [d for d in json_ld(page(annotated)) if d["@type"] == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review["claimReviewed"] == "leaders signed a joint declaration at the White House"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Accurate"}
    assert review["author"] == {"@type": "Organization", "name": "Fixture Desk",
                                "url": "https://example.org/"}
    assert review["datePublished"] == "2025-08-10"
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.com/wire/summit"
    assert review["url"] == ("https://example.github.io/repo/articles/summit/"
                             "#annotation-declaration")


def test_corrections_are_in_the_article_json_ld(annotated):
    [article] = [d for d in json_ld(page(annotated)) if d["@type"] == "NewsArticle"]
    assert article["correction"] == [{"@type": "CorrectionComment",
                                      "text": "An earlier version gave the wrong day.",
                                      "datePublished": "2025-08-11"}]
    assert article["dateModified"] == "2025-08-11T00:00:00+00:00"
    assert article["datePublished"] == "2025-08-08T00:00:00+00:00"


def _offline_loader(url, options=None):
    if url.rstrip("/") == "http://www.w3.org/ns/anno.jsonld":
        document = json.loads((FIXTURES / "jsonld/anno-context.jsonld").read_text())
        return {"contentType": "application/ld+json", "contextUrl": None,
                "documentUrl": url, "document": document}
    raise AssertionError(f"unexpected remote document {url}")


@pytest.mark.parametrize("site_name", ["fixture", "example"])
def test_web_annotations_expand_and_reanchor_in_the_page(annotated, tmp_path, site_name):
    from pyld import jsonld

    if site_name == "fixture":
        out = annotated
    else:
        out = tmp_path / "example"
        assert run_cli("build", "--config", REPO / "site.yml", "--out", out).exit_code == 0
    for path in sorted(out.glob("articles/*/annotations.jsonld")):
        data = json.loads(path.read_text())
        expanded = jsonld.expand(data, {"documentLoader": _offline_loader})
        items = expanded[0]["https://www.w3.org/ns/activitystreams#items"][0]["@list"]
        assert len(items) == len(data["items"])
        text = article_text((path.parent / "index.html").read_text())
        dates = [item["target"]["state"]["sourceDate"] for item in data["items"]
                 if "state" in item["target"]]
        for item in data["items"]:
            if "state" in item["target"] and item["target"]["state"]["sourceDate"] != max(dates):
                continue  # retired by a revision: on an earlier version (test_revisions.py)
            quote, position = item["target"]["selector"]
            assert text[position["start"]:position["end"]] == quote["exact"]
            found = text.find(quote["prefix"] + quote["exact"] + quote["suffix"])
            assert found + len(quote["prefix"]) == position["start"]
            motivation = {"describing", "assessing", "commenting", "editing"}
            assert item["motivation"] in motivation


def page_with_note(tmp_path: Path, note: str) -> str:
    """The annotated fixture's article page, built with one more note (``note``:
    its YAML list item) in a file of its own."""
    site = copy_site("annotated", tmp_path)
    (site / "content/annotations/more.yml").write_text(
        f"article: summit\nannotations:\n{note}")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    return page(site / "_site")


def test_a_quote_ending_inside_a_link_is_still_highlighted(tmp_path):
    """The note's number goes after the link, and the mark still covers the quote only."""
    html = page_with_note(tmp_path, "  - id: into-link\n    quote: at the White\n"
                          "    kind: note\n    body: Ends inside the link text.\n")
    assert marks(html, "into-link") == ["at the ", "White"]
    white = re.search(r'aria-details="annotation-into-link">(<mark [^>]*>)*White</mark>',
                      html).start()
    reference = html.index('id="annotation-ref-into-link"')
    assert "</a>" in html[white:reference]  # the number follows the link, not inside it


def test_notes_ending_at_one_point_are_numbered_in_the_order_their_references_show(
        tmp_path):
    """Two notes on words ending at one point: their references stand together,
    and read 4, 5 there (they read 5, 4 when the longer quote took the lower
    number), with the notes beside the text in the same order."""
    html = page_with_note(tmp_path, "  - id: a-six-months\n    quote: in just six months\n"
                          "    kind: note\n    body: Since February.\n")
    run = re.search(r'six months(?:</mark>)+((?:<sup class="annotation-ref">.*?</sup>)+)', html)
    assert run is not None
    shown = re.findall(r'id="annotation-ref-([^"]+)">.*?</span>(\d+)</a>', run.group(1))
    assert [ident for ident, _ in shown] == ["a-six-months", "miracle"]
    numbers = [int(number) for _, number in shown]
    assert numbers == sorted(numbers) and numbers[1] == numbers[0] + 1
    asides = re.findall(r'<aside id="annotation-([^"]+)"', html)
    assert asides.index("a-six-months") + 1 == asides.index("miracle")


@pytest.mark.parametrize("inside, at_end", [("a-inside", "z-end"), ("z-inside", "a-end")])
def test_notes_ending_inside_a_link_and_at_its_end_are_numbered_as_they_stand(
        tmp_path, inside, at_end):
    """A quote ending inside a link has its reference after the link, beside
    the reference of a quote ending at the link's end: whichever id sorts
    first, the numbers read in order there and the notes beside the text
    follow them."""
    html = page_with_note(tmp_path, f"  - id: {inside}\n    quote: at the White\n"
                          "    kind: note\n    body: Ends inside the link.\n"
                          f"  - id: {at_end}\n    quote: the White House\n"
                          "    kind: note\n    body: Ends at the link's end.\n")
    after = html[html.index("White</mark>"):]
    after = after[:after.index('data-annotation="fix"')]
    shown = re.findall(r'id="annotation-ref-([^"]+)">.*?</span>(\d+)</a>', after)
    assert {inside, at_end} <= {ident for ident, _ in shown}
    numbers = [int(number) for _, number in shown]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    asides = re.findall(r'<aside id="annotation-([^"]+)"', html)
    assert [a for a in asides if a in {i for i, _ in shown}] == [i for i, _ in shown]


def test_a_blank_line_in_a_rating_or_title_keeps_the_note_in_its_footnote(tmp_path):
    """A blank line in a one-line field ended the footnote: the rest of the note
    spilled into the article as plain paragraphs in index.md and the feeds."""
    site = copy_site("annotated", tmp_path)
    (site / "content/annotations/spill.yml").write_text(
        "article: summit\nannotations:\n  - id: spill\n    quote: opens a corridor too\n"
        "    kind: fact-check\n    rating: \"Mostly\\n\\ntrue\"\n"
        "    title: \"First line\\n\\nsecond line\"\n    body: The note's body.\n"
        "    author: \"Ana\\n\\nRuiz\"\n")
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    text = (site / "_site/articles/summit/index.md").read_text()
    assert ("[^spill]: **Fact check: Mostly true.** *First line second line*\n\n"
            "    The note's body.\n\n    — Ana Ruiz") in text
    html = MarkdownIt("commonmark").use(footnote_plugin).render(text.split("---\n", 2)[2])
    assert html.count('class="footnote-item"') == 8


def test_a_note_or_a_body_opening_with_a_rule_keeps_every_word(tmp_path):
    """Markdown read without its file's front matter (a note, a body) has none:
    an opening "---" is a thematic break, never YAML that swallows the text up
    to the next "---"."""
    site = copy_site("annotated", tmp_path)
    notes = site / "content/annotations/summit.yml"
    notes.write_text(notes.read_text().replace(
        "      A joint declaration, witnessed by the US president.",
        "      ---\n      Words between two rules.\n\n      ---\n\n"
        "      A joint declaration, witnessed by the US president.", 1))
    article = site / "content/articles/summit.md"
    head, _, body = article.read_text().partition("\n---\n")
    article.write_text(f"{head}\n---\n---\nA body under a rule.\n\n---\n\n{body}")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    html = page(site / "_site")
    assert "Words between two rules." in html and "A body under a rule." in html
