"""The fast link-destination parser gives exactly markdown-it's answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import helpers

from briefing.render.markdown import render_markdown
from briefing.text.link_destination import parse_link_destination
from briefing.text.markdown import markdown_parser

PIECES = st.sampled_from(["<", ">", "\\", "\n", " ", "a", "/", "&amp;", "&", ";", "(", ")",
                          "https://example.org/glossary/x/", "\\>", "é"])


def answer(result: object) -> tuple:
    return result.ok, result.pos, result.str  # type: ignore[attr-defined]


@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join), st.integers(0, 40), st.integers(0, 60))
def test_same_answer_as_markdown_it(text, pos, maximum):
    for start in (pos, text.find("<")):
        if 0 <= start:
            assert answer(parse_link_destination(text, start, maximum)) == \
                answer(helpers.parseLinkDestination(text, start, maximum))


def test_the_site_parser_uses_it_and_renders_links_as_before():
    assert markdown_parser().helpers.parseLinkDestination is parse_link_destination
    html = render_markdown("[a](<https://e.org/x y>) [b](<a\\>b>) [c](d) [e](<f\ng>)\n")
    assert html == ('<p><a href="https://e.org/x%20y">a</a> <a href="a%3Eb">b</a> '
                    '<a href="d">c</a> [e](&lt;f\ng&gt;)</p>\n')
