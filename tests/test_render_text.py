"""The render reads placed notes' footnotes cut short (annotations/render_text.py),
and must give the HTML, and the term list, that the whole merged page gives."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.annotations.render_rule import ENV_KEY, PlacedNote
from briefing.annotations.render_text import _may_define, text_to_render
from briefing.core.urls import Urls
from briefing.glossary.render_rule import ENV_KEY as GLOSSARY_KEY
from briefing.merge.chain import merge_article
from briefing.model.annotation import AnnotationSource
from briefing.model.page import MergedPage
from briefing.render.markdown import render_parser
from briefing.render.terms import term_links
from tests.test_merge_meaning import CONFIG, GLOSSARY, NAMES, article, context, note

GLOSSARY_URL = "https://example.org/glossary/bop/"
PIECES = st.sampled_from([*NAMES, "word", "other", "*em*", "`code`", "[baz]", "[^f1]", "^[inline]",
                          "![img](https://example.org/i.png)", "[baz]: https://example.org/b",
                          "\\[baz]: x", "## A heading", "- item", "1. item", "> quoted",
                          "    indented", "```", "[a link](https://example.org/x)", ":", "]"])
JOINS = st.sampled_from([" ", " ", "\n", "\n\n"])
ARTICLE = ("The peace deal was signed in bop today. Officials in foo said the baz talks "
           "would go on.\n\nA second paragraph about the peace deal and foo.\n")
QUOTES = ("signed in bop today", "baz talks", "second paragraph")


@st.composite
def texts(draw) -> str:
    pieces = draw(st.lists(st.tuples(PIECES, JOINS), min_size=1, max_size=8))
    return "".join(piece + join for piece, join in pieces).strip() or "word"


def html_and_terms(page: MergedPage, text: str) -> tuple[str, list[str]]:
    """The page's HTML as render_article renders it, and the terms it lists."""
    links = term_links(GLOSSARY, Urls(CONFIG.base_url))
    for anchor in page.anchors:  # the asides are rendered first, with the same record
        render_parser().render(anchor.annotation.body, {GLOSSARY_KEY: links})
    notes = {a.annotation.id: PlacedNote(a.annotation.id, k + 1, a.exact, "<aside></aside>\n",
                                         "Note") for k, a in enumerate(page.anchors)}
    html = render_parser().render(text, {GLOSSARY_KEY: links, ENV_KEY: notes})
    return html, links.used


def merged(extra: str, bodies: list[str], sources: list[str | None]) -> MergedPage:
    notes = tuple(replace(note(f"n{k}", quote, body),
                          sources=(AnnotationSource("A source", url),) if url else ())
                  for k, (quote, body, url) in enumerate(zip(QUOTES, bodies, sources)))
    body = ARTICLE + extra
    return merge_article(article(body), context(notes, body))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(texts(), min_size=1, max_size=3), st.sampled_from(["", "[baz]: /b\n", "[^f1]\n\n[^f1]: Own.\n"]),
       st.lists(st.sampled_from([None, "https://example.org/s", GLOSSARY_URL]), min_size=3,
                max_size=3))
@example(["Links [baz] and bop."], "[baz]: https://example.org/glossary/foo/\n", [None] * 3)
@example(["    bop in code"], "", [None] * 3)
@example(["A note."], "", [GLOSSARY_URL, None, None])
def test_short_footnotes_render_as_the_whole_page(bodies, extra, sources):
    page = merged(extra, bodies, sources)
    prefixes = (Urls(CONFIG.base_url).absolute("glossary/"), Urls(CONFIG.base_url).url("glossary/"))
    assert html_and_terms(page, text_to_render(page, prefixes)) == \
        html_and_terms(page, page.body)


def test_the_benchmarks_kind_of_note_is_cut_short():
    page = merged("", ["Figures from bop.", "Sources say foo.", "A note."],
                  ["https://example.org/s", None, None])
    assert len(page.anchors) == 3
    text = text_to_render(page, ("https://example.org/glossary/",))
    assert text != page.body and "Figures from" not in text
    assert text.count("[^n") == page.body.count("[^n")


def test_what_may_be_a_reference_definition():
    assert _may_define("[x]: /u") and _may_define("text\n> - [x]: /u")
    assert _may_define("[a\\[b]: /u")  # an escaped bracket in a label
    assert not _may_define("provides for[^n1]:\n\n- a list")
