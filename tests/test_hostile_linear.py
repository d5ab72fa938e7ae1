"""Every pass over an article's text takes time in proportion to its length.

A 5 MB one-paragraph article took 195 s to build: the glossary linker, the map
from rendered text back to the source and the speaker finder each did work
proportional to the paragraph once per mention, link or sentence. These tests
count the characters read (through a ``str`` that counts its indexing and
slicing), never the clock: four times the text may cost at most six times the
reads. Property tests check each faster pass against its old definition.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.compare import speakers
from briefing.core.errors import Diagnostics
from briefing.core.typography import sentence_breaks
from briefing.glossary import linker
from briefing.glossary.loader import load_glossary
from briefing.glossary.matcher import Matcher
from briefing.text import sourcemap
from briefing.text.markdown import markdown_parser
from briefing.text.parsed import parse_blocks
from briefing.text.body_offsets import body_offset
from briefing.text.sourcemap import _Cursor, _fold, map_inline
from tests.conftest import FIXTURES

GROWTH = 6  # the most four times the text may cost, as a multiple


class Counting(str):
    """A str that counts the characters read through indexing and slicing."""

    read = 0

    def __getitem__(self, key):  # type: ignore[override]
        part = super().__getitem__(key)
        Counting.read += len(part)
        return part


UNITS = {
    "typographer": "Nakhchivan (c) \"Azerbaijan\" -- met Trump... about +- Karabakh (tm) "
                   "said `code` and [a link](https://e.org/x) ",
    "unbalanced link": "[a](<x(>) Nakhchivan said so. [b](<y)>) Azerbaijan [c] ![i](<z(>) ",
    "one sentence": "Nakhchivan and Azerbaijan met Trump about Karabakh, an exclave, ",
}


def _inline(markdown: str):
    return next(t for t in markdown_parser().parse(markdown) if t.type == "inline")


def _map_reads(text: str) -> int:
    inline = _inline(text)
    content = Counting(inline.content)
    Counting.read = 0
    map_inline(inline.children or [], content)
    return Counting.read


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_mapping_text_to_source_is_linear(unit):
    small, large = _map_reads(UNITS[unit] * 40), _map_reads(UNITS[unit] * 160)
    assert large <= GROWTH * small, (small, large)


@pytest.fixture(scope="module")
def glossary():
    result = load_glossary(FIXTURES / "glossary/content/glossary.yml", "all", Diagnostics())
    assert result.terms
    return replace(result, policy="all")


def _link_reads(text: str, glossary, monkeypatch) -> int:
    """Characters ``link_terms`` reads of the blocks' text and the inline content."""

    def counted(markdown: str):
        tokens, found = parse_blocks(markdown)
        for block in found:
            tokens[block.token_index].content = Counting(tokens[block.token_index].content)
        return tokens, [replace(block, text=Counting(block.text)) for block in found]

    monkeypatch.setattr(linker, "parse_blocks", counted)
    Counting.read = 0
    result = linker.link_terms(Counting(text), glossary, Matcher(glossary), lambda t: "/t/")
    assert result.mentions
    return Counting.read


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_linking_terms_is_linear(unit, glossary, monkeypatch):
    small = _link_reads(UNITS[unit] * 60, glossary, monkeypatch)
    large = _link_reads(UNITS[unit] * 240, glossary, monkeypatch)
    assert large <= GROWTH * small, (small, large)


def test_finding_sentence_ends_is_linear():
    def reads(text: str) -> int:
        Counting.read = 0
        speakers.sentence_bounds(Counting(text), [])
        return Counting.read

    unit = "Trump met Aliyev in Washington. "
    small, large = reads(unit * 500), reads(unit * 2000)
    assert large <= GROWTH * small, (small, large)


# The faster passes against their old definitions.

_TEXT = st.lists(st.sampled_from([*"ab .!?\u2026\"')\u201d\u2019\n", "Nakhchivan", "Trump",
                                   "exclave", "Karabakh", "Mr."]), max_size=40).map("".join)


def _old_sentence(block, match) -> str:
    """linker._sentence before: the break lists and the tidied sentence made per mention."""
    found = sentence_breaks(block.text)
    starts, stops = [s for s, _ in found], [e for _, e in found]
    start, end = block.visible_span(match.start, match.end)
    left = max([s for s in stops if s <= start], default=0)
    right = min([s for s in starts if s >= end], default=len(block.text))
    return " ".join(block.text[left:right].split())


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=12).map(" ".join))
def test_sentence_lookup_equals_the_old_definition(glossary, text):
    matcher = Matcher(glossary)
    for block in parse_blocks(text)[1]:
        ends, spans = linker._sentence_ends(block.text), {}
        for match in matcher.find(block.norm.text):
            assert linker._sentence(block, match, ends, spans) == _old_sentence(block, match)


def _old_find_char(cursor: _Cursor, char: str) -> int | None:
    if cursor.at < len(cursor.content) and cursor.content[cursor.at] == char:
        cursor.at += 1
        return cursor.at - 1
    target, j = _fold(char), cursor.at
    while j < len(cursor.content) and _fold(cursor.content[j]) != target:
        j += 1
    if j == len(cursor.content):
        return None
    cursor.at = j + 1
    return j


_CHARS = "ab '\u2018\u2019\"\u201c\u201d-\u2013\u2014.\u2026\n\t\u00a0\u00a9"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(_CHARS), max_size=30), st.text(st.sampled_from(_CHARS),
                                                              max_size=15))
def test_find_char_equals_the_old_scan(content, wanted):
    new, old = _Cursor(content), _Cursor(content)
    for char in wanted:
        assert new.find_char(char) == _old_find_char(old, char)
        assert new.at == old.at


def _old_close(content: str, start: int) -> int | None:
    depth = 0
    for k in range(start, len(content)):
        depth += {"(": 1, ")": -1}.get(content[k], 0)
        if depth == 0:
            return k + 1
    return None


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("(()a"), min_size=1, max_size=40), st.integers(0, 4))
def test_closing_parenthesis_equals_the_old_scan(text, near):
    content = "(" + text
    saved = sourcemap._NEAR
    sourcemap._NEAR = near  # the index answers beyond this many characters
    try:
        for start in (i for i, char in enumerate(content) if char == "("):
            assert _Cursor(content).close_paren(start) == _old_close(content, start)
    finally:
        sourcemap._NEAR = saved


def _old_body_offset(body: str, inline_token, content_offset: int) -> int | None:
    content = inline_token.content
    line_number = content.count("\n", 0, content_offset)
    line_start = content.rfind("\n", 0, content_offset) + 1
    line_end = content.find("\n", line_start)
    line_text = content[line_start:] if line_end == -1 else content[line_start:line_end]
    lines = body.split("\n")
    source_line = lines[inline_token.map[0] + line_number]
    found = source_line.find(line_text) if line_text else len(source_line)
    if found == -1:
        return None
    start = sum(len(line) + 1 for line in lines[:inline_token.map[0] + line_number])
    return start + found + content_offset - line_start


_LINE = st.tuples(st.sampled_from(["", "> ", "- ", "  ", "1. ", "> > "]),
                  st.text(st.sampled_from("ab *_>"), max_size=8)).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=8).map("\n".join))
def test_body_offset_equals_the_old_search(body):
    for token in markdown_parser().parse(body):
        if token.type == "inline" and token.map is not None:
            for offset in range(len(token.content) + 1):
                assert body_offset(body, token, offset) == _old_body_offset(body, token, offset)


@given(st.text(st.sampled_from("ab \t\n\u00a0."), max_size=20), st.data())
def test_last_word_equals_rsplit(text, data):
    end = data.draw(st.integers(0, len(text)))
    assert speakers._last_word(text, end) == (text[:end].rsplit(None, 1)[-1:] or [""])[0]


@given(st.text(st.sampled_from("ab[]()<> "), max_size=30), st.data())
def test_wrapping_equals_editing_one_link_at_a_time(source, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(source)), max_size=8, unique=True)))
    edits = [(cuts[i], cuts[i + 1], f"/u{i}/") for i in range(0, len(cuts) - 1, 2)]
    old = source
    for start, end, url in sorted(edits, reverse=True):
        old = f"{old[:start]}[{old[start:end]}](<{url}>){old[end:]}"
    assert linker._wrap(source, edits) == old


def test_the_counting_string_counts():
    Counting.read = 0
    text = Counting("abcdef")
    assert text[1:4] == "bcd" and text[0] == "a" and Counting.read == 4
    assert re.search("d", text) and Counting.read == 4  # C-level searches are not counted
