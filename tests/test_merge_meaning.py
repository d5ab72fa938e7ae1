"""Merging never changes what the Markdown means (issue 18, exactness).

The merge stage writes glossary links and note references into Markdown that is
parsed again; inserted syntax must not change how the characters beside it
parse. For generated bodies mixing CommonMark's constructs, with glossary names
next to every kind of punctuation and notes quoting passages, the merged page's
HTML with the added term links, note references and highlights taken out is the
original's HTML, so its visible text and every link, image and emphasis are the
original's too. Terms are linked the same way in note bodies, story summaries
and plain pages (``link_terms``, through ``MergeContext.link_terms`` and
``TermContext.link``); glossary definitions are rendered with no term links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import html as htmllib
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.annotations.anchor import exact_matches
from briefing.annotations.render_rule import ENV_KEY, PlacedNote
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.core.html_links import resolved_links
from briefing.core.slug import slugify
from briefing.core.urls import Urls
from briefing.glossary.matcher import compiled
from briefing.merge.chain import MergeContext, merge_article
from briefing.model.annotation import KINDS, Annotation
from briefing.model.glossary import Glossary, Term
from briefing.model.site import Article, Site
from briefing.render.markdown import render_markdown as render_text
from briefing.render.terms import DefinitionViews, TermContext, term_views
from briefing.text.markdown import markdown_parser
from briefing.text.normal import anchoring_text
from briefing.text.textmap import blocks

CONFIG = SiteConfig(root=Path("/site"), config_path=Path("/site/site.yml"), title="T",
                    base_url="https://example.org/")
NAMES = ["bop", "foo", "baz", "peace deal"]
GLOSSARY = Glossary(terms=tuple(
    Term(slug=slugify(name), term=name, definition="A definition.",
         path=Path("/site/content/glossary.yml"), line=index + 1, link="all")
    for index, name in enumerate(NAMES)))
DEFINITIONS = "\n\n[baz]: https://example.org/baz\n\n[^f1]: A footnote of the article.\n"

PUNCTUATION = ["!", "*", "**", "_", "__", "~~", "(", ")", "[", "]", "\\", "<", ">", "&", '"',
               "'", ":", "^", "`", "-", "--", "...", ".", ",", "|", "\\*", "\\_", "\\[", "\\!"]
CONSTRUCTS = ["\n```\ncode", "\n~~~~ py\nfenced\n~~~~\n", "\n   ```", "*em*", "_em_", "**strong**", "***both***", "[baz]", "[a link][baz]", "[baz][]",
              "[inline](https://example.org/x)", "<https://example.org/auto>", "&amp;",
              "&copy;", "&#42;", "![an image](https://example.org/i.png)", "![baz]",
              "`code`", "[^f1]", "<b>raw</b>", "<span class=x>", "~~struck~~", "word",
              "other", "(c)"]
PIECES = st.sampled_from([*NAMES, *NAMES, *PUNCTUATION, *CONSTRUCTS])
JOINS = st.sampled_from(["", "", " ", " ", "\n"])


@st.composite
def paragraphs(draw) -> str:
    pieces = draw(st.lists(st.tuples(PIECES, JOINS), min_size=1, max_size=12))
    return "".join(piece + join for piece, join in pieces).strip()


@st.composite
def bodies(draw) -> str:
    parts = draw(st.lists(paragraphs(), min_size=1, max_size=3))
    if draw(st.booleans()):
        # a "|" in a cell is written "\|" (an unescaped one would end the cell)
        cells = [draw(paragraphs()).replace("\n", " ").replace("\\|", "|")
                 .replace("|", "\\|") for _ in range(2)]
        parts.append(f"| head | more |\n| --- | --- |\n| {cells[0]} | {cells[1]} |")
    return "\n\n".join(parts) + DEFINITIONS


def article(body: str) -> Article:
    return Article(slug="a", title="T", date=dt.datetime(2025, 8, 8, tzinfo=dt.UTC),
                   has_time=False, body=body, path=Path("/site/content/articles/a.md"),
                   body_line=5)


def note(ident: str, quote: str, body: str = "Note.") -> Annotation:
    return Annotation(id=ident, article="a", quote=quote, kind=KINDS["note"], body=body,
                      path=Path("/site/content/annotations/a.yml"), line=3, quote_line=4)


def context(notes: tuple[Annotation, ...] = (), body: str = "") -> MergeContext:
    site = Site(CONFIG, (article(body),), MappingProxyType({"a": notes}), glossary=GLOSSARY)
    return MergeContext(site, Urls(CONFIG.base_url), Diagnostics(), compiled(GLOSSARY))


FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>')  # the article's own
TERM_LINK = re.compile(r'<a href="https://example\.org/glossary/[a-z-]+/">(.*?)</a>', re.DOTALL)


def render_markdown(text: str, env: dict | None = None) -> str:
    """A body as the article page renders it (without its front matter: a body's
    own leading "---" is a thematic break, as on the site)."""
    return render_text(text, env)


def without_additions(html: str) -> str:
    """The HTML with term links, note references, highlights and notes taken out."""
    html = re.sub(r'<div class="annotation-group">.*?</div>\n', "", html, flags=re.DOTALL)
    html = re.sub(r'<div class="noted">\n(.*?)</div>\n', r"\1", html, flags=re.DOTALL)
    html = re.sub(r'<sup class="annotation-ref">.*?</sup>', "", html)
    html = re.sub(r"</?mark[^>]*>", "", html)
    html = html.replace("</code><code>", "")  # a highlight from inside a code span splits it
    return TERM_LINK.sub(r"\1", html)


def visible(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assert_same_meaning(original: str, merged_html: str) -> None:
    # (the line the front matter leaves at the top is there or not, by the rules run)
    html = render_markdown(original).lstrip("\n")
    merged = without_additions(merged_html).lstrip("\n")
    assert visible(merged) == visible(html)
    assert merged == html  # every link, image and emphasis kept


def unique_quotes(body: str, data) -> list[str]:
    found = blocks(markdown_parser().parse(body))
    quotes = []
    for _ in range(data.draw(st.integers(0, 2))):
        if not found:
            break
        words = found[data.draw(st.integers(0, len(found) - 1))].norm.text.split(" ")
        start = data.draw(st.integers(0, len(words) - 1))
        end = data.draw(st.integers(start + 1, len(words)))
        quote = " ".join(words[start:end]).strip()
        if quote and len(exact_matches(anchoring_text(quote), found)) == 1:
            quotes.append(quote)
    return quotes


def merged_html(body: str, quotes: list[str]) -> tuple[str, dict[str, str], list[str]]:
    """The merged page rendered with its notes placed; the highlighted text of
    each note (``n0``, ``n1`` ...); the errors."""
    notes = tuple(note(f"n{k}", quote) for k, quote in enumerate(quotes))
    merge = context(notes, body)
    page = merge_article(article(body), merge)
    placed = {anchor.annotation.id: anchor for anchor in page.anchors}
    env = {ENV_KEY: {ident: PlacedNote(ident, k + 1, anchor.exact,
                                       f'<aside id="annotation-{ident}"></aside>', "Note")
                     for k, (ident, anchor) in enumerate(placed.items())}}
    html = render_markdown(page.body, env)
    marks = {ident: htmllib.unescape(re.sub(r"<[^>]+>", "", FOOTNOTE_REF.sub("", without_additions("".join(re.findall(rf'<mark[^>]*data-annotation="{ident}"[^>]*>(.*?)</mark>',
                                                      html, flags=re.DOTALL))))))
             for ident in placed}
    return html, marks, [d.format() for d in merge.diagnostics.errors]


def typed(text: str) -> str:
    """``text`` in the anchoring form with every run of dashes one "-": a highlight
    is rendered text, where the typographer may have made a dash of ``--`` that
    the text the quote was drawn from keeps (or the other way round)."""
    return re.sub(r"-+", "-", anchoring_text(text.replace("\u2014", "-").replace("\u2013", "-")))


def check_article(body: str, quotes: list[str]) -> None:
    html, marks, errors = merged_html(body, quotes)
    assert_same_meaning(body, html)
    if not errors:
        # every note highlighted from its quote's start (to the end of a code span or
        # link the quote ends inside: the reference goes after it; two notes ending
        # at one code span share the shorter highlight, as before this test)
        assert sorted(marks) == [f"n{k}" for k in range(len(quotes))]
        for k, quote in enumerate(quotes):
            mark, wanted = typed(marks[f"n{k}"]), typed(quote)
            assert mark and (mark.startswith(wanted) or wanted.startswith(mark))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bodies(), st.data())
@example("bim!bop" + DEFINITIONS, None)
@example("*(*foo)" + DEFINITIONS, None)
@example("A [baz] and more." + DEFINITIONS, None)
@example("| h | m |\n| --- | --- |\n| bop | bopbop bop[baz][^f1]bop |\n\n[baz]: https://example.org/baz\n",
         None)  # "[^f1]" no label here: "[baz]" is text, and escaping "[" made it a link
@example("~~~~ py\nfenced\n~~~~\n\n\n```\ncode" + DEFINITIONS, None)  # blank lines dropped before a fence
@example("`\\*&amp;`foo" + DEFINITIONS, None)  # a code span's backslash and entity are its own
@example("| a | b |\n| --- | --- |\n| bop | \\&amp;baz ***both***baz |\n" + DEFINITIONS,
         None)  # an escaped "&" is no entity's: "amp;" after it is text, and maps so
def test_merging_keeps_what_the_article_means(body, data):
    quotes = unique_quotes(body, data) if data is not None else []
    check_article(body, quotes)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(paragraphs())
def test_note_bodies_and_story_summaries_keep_their_meaning(text):
    """Note bodies are linked by the merge stage, story summaries and plain pages
    by the render stage's TermContext: the one linker, both ways in."""
    assert_same_meaning(text, render_markdown(context().link_terms(text).markdown))
    terms = TermContext(GLOSSARY, Urls(CONFIG.base_url), {})
    assert_same_meaning(text, render_markdown(terms.link(text)))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(paragraphs())
def test_glossary_definitions_keep_their_meaning(text):
    """A definition is shown as its own Markdown, never linked (it names other
    terms often, and a popover inside a popover helps nobody): on its term's
    page, in the glossary and in every page's popovers alike."""
    glossary = replace(GLOSSARY, terms=(replace(GLOSSARY.terms[0], definition=text),
                                        *GLOSSARY.terms[1:]))
    slug = glossary.terms[0].slug
    urls = Urls("https://example.org/repo/")
    shown = [str(DefinitionViews(glossary, urls)[slug].definition_html),
             str(term_views(glossary, urls, ())[slug].definition_html)]
    page = urls.url(glossary.terms[0].url_path)
    assert shown[0] == shown[1] == resolved_links(render_markdown(text), page)
    # The same text; its relative links resolved against the term's page (a
    # link 'c' in it is '/repo/glossary/<term>/c' wherever it is shown).
    assert visible(shown[0]) == visible(render_markdown(text))
    assert 'class="term"' not in shown[0]


def test_a_term_after_an_exclamation_mark_is_no_image():
    html, _, _ = merged_html("bim!bop\n", [])
    assert "<img" not in html
    assert 'bim!<a href="https://example.org/glossary/bop/">bop</a>' in html


def test_a_term_between_emphasis_delimiters_does_not_flip_them():
    html, _, _ = merged_html("*(*foo)\n", [])
    assert "<em>" not in html
    assert '*(*<a href="https://example.org/glossary/foo/">foo</a>)' in html


def test_a_note_after_a_shortcut_reference_keeps_the_link_and_its_highlight():
    body = "See [baz] now.\n\n[baz]: https://example.org/baz\n"
    html, marks, errors = merged_html(body, ["baz"])
    assert errors == []
    assert '<a href="https://example.org/baz">' in html and "[baz]" not in html
    assert marks == {"n0": "baz"}


@given(st.sampled_from(["```", "~~~", "````", "   ```", "``` py"]),
       st.sampled_from(["", "\n", "\n\n", "\n``", "\n  ~~", "\n````"]))
def test_a_fence_left_open_keeps_its_code_and_the_notes_stay_notes(fence, tail):
    """An unclosed fence runs to the end of the document: the notes appended
    after the body must not become code (it is closed first, code unchanged)."""
    body = f"The foo said it.\n\n{fence}\ncode foo{tail}\n"
    html, marks, errors = merged_html(body, ["The foo said"])
    assert errors == [] and marks == {"n0": "The foo said"}
    assert_same_meaning(body, html)
    assert "[^n0]" not in html and 'class="annotation-group"' in html


def test_a_note_in_a_table_cell_with_an_escaped_pipe_is_placed_and_linked():
    """A cell's ``\\|`` is ``|`` in the parsed cell: positions are mapped back."""
    body = "| h | i |\n| --- | --- |\n| a \\| foo b \\| bop | c |\n"
    html, marks, errors = merged_html(body, ["b | bop"])
    assert errors == [] and marks == {"n0": "b | bop"}
    assert_same_meaning(body, html)
    assert "glossary/foo/" in html and "glossary/bop/" in html


def test_no_backslash_goes_into_an_autolink():
    """``](`` inside ``<...>`` is part of an address, not text a note could complete."""
    body = "[foo<https://example.com/?search=](uri)>\n"
    html, marks, errors = merged_html(body, ["[foohttps://example.com/?search=](uri)"])
    assert_same_meaning(body, html)
    assert "%5C" not in html


@pytest.mark.parametrize(("body", "quote"), [
    ("\\\\\\", "\\\\"),  # an escaped backslash, then a lone one: two visible
    ("a \\\\ b foo \\\\\\ c", "foo \\\\"),
    ("x \\a\\\\b y", "a\\b"),
])
def test_a_note_on_escaped_backslashes_highlights_its_whole_quote(body, quote):
    """An escaped backslash is two characters of source for one on the page: the
    reference goes after both, so the highlight holds the whole quote."""
    html, marks, errors = merged_html(body + DEFINITIONS, [quote])
    assert errors == [] and marks == {"n0": quote}
    assert_same_meaning(body + DEFINITIONS, html)


def test_a_note_after_a_code_span_with_a_backslash_and_an_entity_stays_out_of_links():
    """In a code span ``\\`` and ``&amp;`` are the source's own characters: the
    text after it is found where it is, and the note's reference with it."""
    body = "`\\*&amp;`foo" + DEFINITIONS
    html, marks, errors = merged_html(body, ["\\*&amp;foo"])
    assert_same_meaning(body, html)
    assert "%5E" not in html


@pytest.mark.parametrize(("body", "quote"), [
    ("`&amp;\n`foo", "foo"),  # a code span over a line end, with an entity of its own
    ("bop --\\", "bop --"),  # "--" before a backslash that ends the paragraph
])
def test_found_by_hypothesis_notes_keep_the_meaning(body, quote):
    html, marks, errors = merged_html(body + DEFINITIONS, [quote])
    assert errors == [] and marks == {"n0": quote}
    assert_same_meaning(body + DEFINITIONS, html)


def test_a_closed_fence_at_the_end_gets_no_second_closing_line():
    body = "The foo said it.\n\n```\ncode\n```\n"
    page = merge_article(article(body), context((note("n0", "The foo said"),), body))
    assert page.body.count("```") == 2


def test_a_note_before_a_parenthesis_is_no_link():
    """``[^n0]`` right before a literal ``(`` would read as an inline link."""
    html, marks, errors = merged_html("It was zap(bar) then.\n", ["It was zap"])
    assert errors == [] and marks == {"n0": "It was zap"}
    assert_same_meaning("It was zap(bar) then.\n", html)


@pytest.mark.parametrize("body, quote", [
    ("Wait!!!! Now we go.\n", "Wait!"),  # "!!!!" shows as "!!!"
    ("Really?... Yes.\n", "Really?"),  # "?..." shows as "?.."
    ("Really?... Yes.\n", "Really?."),
    ("Really?... Yes.\n", "Really?.."),
    ("So!!!!... what.\n", "So!"),
    ("So!!!!... what.\n", "So!!!.."),
    ("| a link!... | b |\n| --- | --- |\n| c | d |\n", "a link!.."),
])
def test_a_note_never_cuts_a_run_the_typographer_shortened(body, quote):
    """The typographer shows "!..." as "!.." and "!!!!" as "!!!": a note placed
    inside such a run would cut it, and each part would show otherwise."""
    html, marks, errors = merged_html(body, [quote])
    assert_same_meaning(body, html)
    assert errors or marks["n0"].startswith(quote[:4])


@pytest.mark.parametrize("quote", ["_", "_ |", "|"])
def test_a_note_in_a_cell_with_an_escaped_pipe_lands_in_that_cell(quote):
    """A cell's "|" is written "\\|", and its text without the backslash ("_ |")
    may read alike elsewhere in the row (after "_em_"): found by hypothesis."""
    body = "| head | more |\n| --- | --- |\n| _em_ | _ \\| |\n"
    html, marks, errors = merged_html(body, [quote])
    assert errors == [] and marks == {"n0": quote}
    assert_same_meaning(body, html)


def test_a_term_after_a_literal_backslash_keeps_the_backslash():
    html, _, _ = merged_html("a\\foo b\n", [])
    assert_same_meaning("a\\foo b\n", html)
    assert "glossary/foo/" in html


@given(st.sampled_from(PUNCTUATION), st.sampled_from(PUNCTUATION), st.sampled_from(NAMES))
def test_a_name_between_any_two_punctuation_runs(before, after, name):
    body = f"x {before}{name}{after} y{before}{after}\n"
    html, _, _ = merged_html(body, [])
    assert_same_meaning(body, html)


def test_nothing_is_escaped_where_nothing_is_at_risk():
    page = merge_article(article("A foo, *foo* and (foo).\n"), context())
    url = "https://example.org/glossary/foo/"
    assert page.body == f"A [foo](<{url}>), *[foo](<{url}>)* and ([foo](<{url}>)).\n"
