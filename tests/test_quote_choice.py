"""Choosing a note's quote from a selection (briefing/annotations/quote_choice.py):
whatever is chosen anchors back, by the build's own rules, to the selected
passage (widened to whole words) and nowhere else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.annotations.anchor import find_anchor
from briefing.annotations.quote_choice import (
    SelectionRefused,
    Selector,
    choose_selector,
    probe_note,
    word_span,
)
from briefing.model.annotation import Anchor
from briefing.text.markdown import markdown_parser
from briefing.text.normal import merge_body
from briefing.text.textmap import blocks

# Few words, many repeats: most passages occur more than once.
WORDS = ["peace", "deal", "the", "deal,", "signed", "“deal”", "Aliyev's", "peace-deal",
         "2025", "—", "it", "*deal*", "said."]


def article_blocks(body: str):
    return blocks(markdown_parser().parse(merge_body(body)))


@st.composite
def selection(draw):
    paragraphs = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
                               min_size=1, max_size=4))
    found = article_blocks("\n\n".join(" ".join(words) for words in paragraphs))
    number = draw(st.integers(0, len(found) - 1))
    text = found[number].norm.text
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return found, number, start, end


@settings(max_examples=400, deadline=None)
@given(selection())
def test_the_chosen_selector_anchors_to_the_selection_and_nowhere_else(case):
    found, number, start, end = case
    try:
        selector = choose_selector(found, number, start, end)
    except SelectionRefused:
        text = found[number].norm.text[start:end]
        assert not any(c.isalnum() for c in text)  # only a selection without words
        return
    wide_start, wide_end = word_span(found[number], start, end)
    assert wide_start <= start or found[number].norm.text[wide_start:start].strip() == ""
    result = find_anchor(probe_note(selector), found)
    assert isinstance(result, Anchor) and not result.fuzzy
    assert (result.block, result.start, result.end) == (number, wide_start, wide_end)


def test_a_unique_quote_needs_no_context():
    found = article_blocks("The talks resumed on Monday.\n\nNothing else.")
    assert choose_selector(found, 0, 4, 17) == Selector("talks resumed")


def test_a_repeated_quote_gets_the_shortest_context_that_singles_it_out():
    found = article_blocks("The deal was signed. Then a second deal was signed.")
    text = found[0].norm.text
    second = text.index("deal", 10)
    assert choose_selector(found, 0, second, second + 4) == Selector("deal", prefix="second")
    assert choose_selector(found, 0, 4, 8) == Selector("deal", prefix="The")


def test_occurrence_is_the_last_resort():
    found = article_blocks("deal deal deal")
    assert choose_selector(found, 0, 5, 9) == Selector("deal", occurrence=2)


def test_a_selection_inside_a_word_grows_to_the_word():
    found = article_blocks("The ceasefire held.")
    assert choose_selector(found, 0, 6, 9) == Selector("ceasefire")


def test_a_selection_without_words_is_refused():
    found = article_blocks("Yes — no.")
    with pytest.raises(SelectionRefused, match="at least one word"):
        choose_selector(found, 0, 4, 5)
