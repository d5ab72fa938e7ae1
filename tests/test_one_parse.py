"""Each body is parsed once (issue 18): the page's HTML comes from merging's parse.

Merging parses an article's body to link terms and anchor notes; the render
stage puts the links and note references into that parse's tokens
(text/splice.py) instead of parsing the merged text again. The merged text is
still written (``index.md``), so the two must agree: for generated bodies
mixing CommonMark's constructs with glossary names beside every kind of
punctuation and notes quoting passages, the HTML from the spliced tokens is the
HTML of re-parsing the merged text, with the page's term links and notes in
place. The generators are those of tests/test_merge_meaning.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.annotations.render_rule import ENV_KEY, PlacedNote
from briefing.glossary.render_rule import ENV_KEY as TERMS_KEY
from briefing.glossary.render_rule import TermLinks
from briefing.merge.chain import merge_article_parsed
from briefing.model.page import MergedPage
from briefing.render.markdown import render_markdown, render_tokens, render_parser
from briefing.text.markdown import markdown_parser
from briefing.text.splice import OneParse, Parses, spliced
from test_merge_commonmark import EXAMPLES, first_words
from test_merge_meaning import (
    DEFINITIONS,
    GLOSSARY,
    article,
    bodies,
    context,
    note,
    paragraphs,
    unique_quotes,
)

PREFIX = "https://example.org/glossary/"


def env_for(page: MergedPage) -> dict:
    """What an article page's render reads: its term links and its placed notes."""
    links = TermLinks(PREFIX, "/glossary/", frozenset(t.slug for t in GLOSSARY.terms))
    notes = {anchor.annotation.id: PlacedNote(anchor.annotation.id, k + 1, anchor.exact,
                                              f'<aside id="annotation-{k}"></aside>\n', "Note")
             for k, anchor in enumerate(page.anchors)}
    return {TERMS_KEY: links, ENV_KEY: notes}


def both_ways(body: str, quotes: list[str]) -> tuple[str, str | None, list[str]]:
    """The page's HTML from re-parsing the merged text and from the one parse
    (None if merging kept none), and the terms each linked, in order."""
    notes = tuple(note(f"n{k}", quote) for k, quote in enumerate(quotes))
    page, parses = merge_article_parsed(article(body), context(notes, body))
    parse = parses.body
    reparsed_env, spliced_env = env_for(page), env_for(page)
    reparsed = render_markdown(page.body, reparsed_env)
    one = None if parse is None else render_tokens(spliced(parse), spliced_env)
    used = [reparsed_env[TERMS_KEY].used, spliced_env[TERMS_KEY].used]
    assert parse is None or used[0] == used[1]
    return reparsed, one, used[0]


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bodies(), st.data(), st.booleans())
@example("bim!bop" + DEFINITIONS, None, False)
@example("*(*foo)" + DEFINITIONS, None, False)
@example("A [baz] and more." + DEFINITIONS, None, False)
@example("| a | b |\n| --- | --- |\n| bop | \\&amp;baz ***both***baz |\n" + DEFINITIONS,
         None, False)
def test_the_page_from_the_one_parse_is_the_page_of_the_merged_text(body, data, own_notes):
    if not own_notes:  # with and without the article's own footnote
        body = body.replace("\n\n[^f1]: A footnote of the article.\n", "\n")
    quotes = unique_quotes(body, data) if data is not None else []
    reparsed, one, _used = both_ways(body, quotes)
    if one is not None:
        assert one == reparsed


def test_every_commonmark_spec_example_renders_the_same_from_its_one_parse():
    """The spec's 652 examples, the corpus of tricky documents, as article bodies
    with term links and notes on the first words of their blocks."""
    spliced_pages, failed = 0, []
    for example in EXAMPLES:
        body = example["markdown"]
        reparsed, one, _used = both_ways(body, first_words(body))
        spliced_pages += one is not None
        if one is not None and one != reparsed:
            failed.append(f"example {example['example']} ({example['section']})")
    assert failed == []
    assert spliced_pages > 600  # nearly all: the rest had a note that could not be placed


def test_a_note_on_a_linked_term_follows_its_link_in_the_tokens():
    body = "The peace deal was signed. Then foo came."
    reparsed, one, used = both_ways(body, ["the peace", "signed. Then foo"])
    assert one == reparsed and used == ["peace-deal", "foo"]
    assert re.search(r'peace deal</a><sup class="annotation-ref">', one) is None  # mid-term
    assert 'foo</mark></a><sup class="annotation-ref">' in one


def test_two_notes_ending_in_and_at_the_end_of_one_term_are_ordered_as_written():
    """Found by hypothesis: a note ending inside a linked name and one ending
    at its end both follow the link, and merging writes them there in the
    order they are numbered: the one ending first, whatever their ids."""
    body = "bop [a link][baz] bopbop peace deal\n\n[baz]: https://example.org/baz\n"
    reparsed, one, _used = both_ways(body, ["bop a link bopbop peace deal",
                                            "bop a link bopbop peace"])
    assert one == reparsed and "[^n1][^n0]" in merge_article_parsed(
        article(body), context((note("n0", "peace deal"), note("n1", "peace")), body))[0].body


def test_a_note_after_a_code_span_or_in_a_link_goes_after_it():
    body = "Read `the code` now, or [the page](https://example.org/p) soon."
    reparsed, one, _used = both_ways(body, ["Read `the code", "or the pa"])
    assert one is not None and one == reparsed
    assert "</code></mark><sup" in one and "the page</mark></a><sup" in one


def test_a_note_after_a_shortened_typographer_run_goes_after_the_run():
    body = "He said so!... And left -- quickly."
    reparsed, one, _used = both_ways(body, ["He said so!", "And left -"])
    assert one is not None and one == reparsed


def test_the_common_article_keeps_its_one_parse():
    body = "Talks on the peace deal resumed in foo.\n\nThe bop said *nothing* new."
    page, parses = merge_article_parsed(article(body), context(
        (note("n0", "resumed in foo"), note("n1", "said nothing")), body))
    parse = parses.body
    assert isinstance(parse, OneParse)
    assert [s.is_link for s in parse.splices] == [True] * 3 + [False] * 2  # bop, 2 notes
    assert page.anchors and "[^n0]" in page.body


def test_an_article_body_is_parsed_once(monkeypatch):
    """Merging parses the body; rendering it parses nothing more of it (note
    bodies are their own texts)."""
    body = "Talks on the peace deal resumed in foo.\n\nThe bop said *nothing* new."
    seen: list[str] = []
    for parser in (markdown_parser(), render_parser()):
        original = parser.parse
        monkeypatch.setattr(parser, "parse", lambda src, env=None, original=original:
                            seen.append(src) or original(src, env))
    page, parses = merge_article_parsed(article(body), context(
        (note("n0", "resumed", "The foo said so."),), body))
    render_tokens(spliced(parses.body), env_for(page))
    linked_note = page.anchors[0].annotation.body
    assert "[foo](<" in linked_note and list(parses.notes) == [linked_note]
    render_markdown(linked_note, {TERMS_KEY: env_for(page)[TERMS_KEY]},
                    parses.notes[linked_note])
    assert sum("Talks on" in src for src in seen) == 1
    assert sum("said so" in src for src in seen) == 1


def test_a_fence_left_open_keeps_its_one_parse():
    """Merging closes the fence before the notes it appends: the code is the same."""
    body = "Some foo.\n\n```\ncode\n\n"
    reparsed, one, _used = both_ways(body, ["Some foo"])
    assert one is not None and one == reparsed and "code\n\n</code>" in one


def test_an_unplaced_note_renders_the_merged_text():
    """The "Unplaced notes" section merging appends is not in the body's parse."""
    body = "Some foo."
    merge = context((note("n0", "Some foo"), note("n1", "not in it")), body)
    lenient = replace(merge.site, config=replace(merge.site.config, annotations_strict=False))
    page, parses = merge_article_parsed(article(body), replace(merge, site=lenient))
    assert page.unplaced and parses.body is None


def note_both_ways(text: str) -> tuple[str, str]:
    """A note body's HTML (its term links only) from re-parsing its linked text
    and from the parse linking read."""
    linked = context().link_terms(text)
    assert linked.source is not None
    envs = [{TERMS_KEY: TermLinks(PREFIX, "/glossary/", frozenset(t.slug for t in
                                                                   GLOSSARY.terms))}
            for _ in range(2)]
    reparsed = render_parser().render(linked.markdown, envs[0])
    one = render_tokens(spliced(OneParse(linked.source.tokens, linked.source.links)), envs[1])
    assert envs[0][TERMS_KEY].used == envs[1][TERMS_KEY].used
    return reparsed, one


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(paragraphs())
def test_a_note_body_renders_the_same_from_the_parse_linking_read(text):
    reparsed, one = note_both_ways(text)
    assert one == reparsed


def test_every_commonmark_spec_example_as_a_note_body_renders_the_same():
    failed = [example["example"] for example in EXAMPLES
              if len(set(note_both_ways(example["markdown"]))) != 1]
    assert failed == []
