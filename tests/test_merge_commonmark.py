"""Merging keeps the meaning of every example of the CommonMark spec (issue 18).

The spec's 652 examples are the corpus of tricky documents: each one is
merged as an article body with glossary links for the names its examples
favour (``foo``, ``baz``, ``bop``) and with notes quoting the first words of
its blocks, and its HTML with the added links, references and highlights
taken out must be the original's. The same text as a note body or a story
summary, linked by the one linker both ways in, keeps its meaning too. A note
that cannot be placed is an error naming its quote, which is allowed: what is
never allowed is a changed meaning.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_merge_meaning import (
    CONFIG,
    GLOSSARY,
    assert_same_meaning,
    context,
    merged_html,
    render_markdown,
)

from briefing.annotations.anchor import exact_matches
from briefing.core.urls import Urls
from briefing.render.terms import TermContext
from briefing.text.markdown import markdown_parser
from briefing.text.normal import anchoring_text
from briefing.text.textmap import blocks

EXAMPLES = json.loads((Path(__file__).parent / "fixtures" / "commonmark" / "examples.json")
                      .read_text(encoding="utf-8"))


def first_words(body: str) -> list[str]:
    """Up to two quotes: a block's first two words, where they occur once."""
    found = blocks(markdown_parser().parse(body))
    quotes: list[str] = []
    for block in found:
        quote = " ".join(block.norm.text.split(" ")[:2]).strip()
        if quote and quote not in quotes and len(exact_matches(anchoring_text(quote), found)) == 1:
            quotes.append(quote)
    return quotes[:2]


def failures(check) -> list[str]:
    failed = []
    for example in EXAMPLES:
        try:
            check(example["markdown"])
        except AssertionError:
            failed.append(f"example {example['example']} ({example['section']})")
    return failed


def test_the_corpus_is_the_whole_spec():
    assert len(EXAMPLES) == 652 and EXAMPLES[-1]["example"] == 652


def test_every_spec_example_keeps_its_meaning_as_an_article_body():
    def check(body: str) -> None:
        assert_same_meaning(body, merged_html(body, [])[0])
        assert_same_meaning(body, merged_html(body, first_words(body))[0])

    assert failures(check) == []


def test_every_spec_example_keeps_its_meaning_as_a_note_body_or_story_summary():
    terms = TermContext(GLOSSARY, Urls(CONFIG.base_url), {})

    def check(text: str) -> None:
        assert_same_meaning(text, render_markdown(context().link_terms(text).markdown))
        assert_same_meaning(text, render_markdown(terms.link(text)))

    assert failures(check) == []
