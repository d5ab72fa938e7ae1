"""Choosing the quote (and only the context it needs) for a passage someone selected.

The preview's editor and ``briefing import-notes`` both know *where* a note
goes (a span of one block's anchoring text) and must write YAML that the build
anchors back to exactly that span. Rather than re-implement the anchoring
rules, :func:`choose_selector` proposes the shortest selector first (the quote
alone), then with a growing ``prefix`` or ``suffix`` of whole words, then
``occurrence``, and keeps the first one :func:`~briefing.annotations.anchor.find_anchor`
places at the span: whatever it returns is right by construction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing.annotations.anchor import exact_matches, find_anchor, is_word, widen_to_words
from briefing.model.annotation import KINDS, Anchor, Annotation
from briefing.text.textmap import Block

MAX_CONTEXT_WORDS = 8  # of prefix or suffix tried before falling back to occurrence


@dataclass(frozen=True)
class Selector:
    """What a note's YAML says about where it goes."""

    quote: str
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None


class SelectionRefused(ValueError):
    """The span cannot be a note's quote; the message says why, for the editor."""


def word_span(block: Block, start: int, end: int) -> tuple[int, int]:
    """The span grown to whole words with its edge spaces dropped (as the build's
    fuzzy matching widens), so a quote never starts or ends inside a word."""
    return widen_to_words(block.norm.text, max(0, start), min(end, len(block.norm.text)))


def choose_selector(blocks: list[Block], number: int, start: int, end: int) -> Selector:
    """The shortest selector that anchors to ``blocks[number].norm.text[start:end]``
    and nowhere else; the span is widened to whole words first (see :func:`word_span`).
    Raises :class:`SelectionRefused` when no selector can (an empty span)."""
    if not 0 <= number < len(blocks):
        raise SelectionRefused("the selection is not in the article's text")
    start, end = word_span(blocks[number], start, end)
    if end <= start or not any(is_word(c) for c in blocks[number].norm.text[start:end]):
        raise SelectionRefused("select at least one word of the article's text")
    for selector in _candidates(blocks, number, start, end):
        if _anchors_at(selector, blocks, number, start, end):
            return selector
    raise SelectionRefused("no quote can single out this passage")  # never, see tests


def _candidates(blocks: list[Block], number: int, start: int, end: int
                ) -> Iterator[Selector]:
    text = blocks[number].norm.text
    quote = text[start:end]
    yield Selector(quote)
    before, after = _words_before(text, start), _words_after(text, end)
    for count in range(1, MAX_CONTEXT_WORDS + 1):
        if count <= len(before):
            yield Selector(quote, prefix=" ".join(before[-count:]))
        if count <= len(after):
            yield Selector(quote, suffix=" ".join(after[:count]))
    matches = exact_matches(quote, blocks)
    if (number, start) in matches:
        yield Selector(quote, occurrence=matches.index((number, start)) + 1)


def _words_before(text: str, start: int) -> list[str]:
    return text[:start].split()


def _words_after(text: str, end: int) -> list[str]:
    return text[end:].split()


def _anchors_at(selector: Selector, blocks: list[Block], number: int, start: int,
                end: int) -> bool:
    result = find_anchor(probe_note(selector), blocks)
    return isinstance(result, Anchor) and not result.fuzzy and \
        (result.block, result.start, result.end) == (number, start, end)


def probe_note(selector: Selector) -> Annotation:
    """A throwaway note carrying only a selector, for asking the anchoring rules."""
    return Annotation(id="probe", article="", quote=selector.quote, kind=KINDS["note"],
                      body="", path=Path(), line=1, quote_line=1, prefix=selector.prefix,
                      suffix=selector.suffix, occurrence=selector.occurrence)
