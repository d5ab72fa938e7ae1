"""The caches that spare a build from parsing and mapping the same text twice
must answer exactly what the uncached code would."""

from __future__ import annotations

import random
import re
import sys

import pytest

from briefing.core import typography
from briefing.glossary import linker
from briefing.glossary import matcher as matcher_module
from briefing.glossary.matcher import Match
from briefing.glossary.render_rule import TermLinks
from briefing.render import markdown
from briefing.text import normal, parsed
from briefing.text.markdown import markdown_parser
from briefing.text.parsed import block_summaries, parse_blocks
from briefing.text.body_offsets import body_offset
from briefing.text.sourcemap import insertion_offset, map_inline
from briefing.text.textmap import blocks, visible_text

BODIES = [
    "Plain paragraph about Baku.\n\nAnother one, \"quoted\" -- and dashed...\n",
    ("# Heading\n\nPara with *emphasis* and a [link](<https://example.org/x>).\n\n"
     "| a | b |\n|---|---|\n| cell | `code` |\n"),
    "- one\n- two\n\n  continued\n\n> quoted\n> lines\n",
    "Text[^1] and more.\n\n[^1]: A footnote.\n",
    "---\ntitle: not front matter unless first\n---\n\nBody.\n",
    "    indented code\n\npara &amp; entity \\*escaped\\*\n",
]


def _fresh(markdown: str) -> list[tuple[str, str, int | None, bool]]:
    tokens = markdown_parser().parse(markdown)
    return [(b.text, b.norm.text, m[0] if (m := tokens[b.token_index].map) else None,
             tokens[b.token_index - 1].type == "paragraph_open") for b in blocks(tokens)]


def _summary(markdown: str) -> list[tuple[str, str, int | None, bool]]:
    return [(b.text, b.norm, b.line, b.paragraph) for b in block_summaries(markdown)]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("lead", ["", "\n", "\n\n\n"])
def test_summaries_match_a_fresh_parse(body, lead):
    parse_blocks(body)  # as the merge stage does, before the checks ask
    assert _summary(lead + body) == _fresh(lead + body)


def test_summaries_without_a_cached_parse(monkeypatch):
    monkeypatch.setattr(parsed, "_summaries", type(parsed._summaries)())
    for body in BODIES:
        assert _summary(body) == _fresh(body)


@pytest.mark.parametrize("body", BODIES)
def test_visible_positions_are_those_of_each_character(body):
    for token in markdown_parser().parse(body):
        children = token.children or []
        text, positions = visible_text(children)
        assert len(positions) == len(text)
        for index, (child, offset) in enumerate(positions):
            piece = " " if children[child].type.endswith("break") else children[child].content
            assert piece[offset] == text[index]
        assert list(positions) == [positions[i] for i in range(len(text))]


def test_source_offsets_point_at_the_source_characters():
    body = 'Say "hi" -- to *Baku* and `code` [here](<https://x.org>) &amp; \\* done...\n'
    inline = next(t for t in markdown_parser().parse(body) if t.type == "inline")
    children = inline.children or []
    mapped = map_inline(children, inline.content)
    for index, child in enumerate(children):
        if child.type != "text":
            continue
        for offset, char in enumerate(child.content):
            at = mapped.char(index, offset)
            if char.isalnum():
                assert at is not None and inline.content[at] == char
        end = insertion_offset(mapped, children, index, len(child.content) - 1, inline.content)
        assert end is not None
        assert body_offset(body, inline, end) == end  # one line, starting the body


def test_other_spaces_are_every_space_but_the_space():
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(typography.OTHER_SPACES) == spaces - {" "}
    assert len(typography.OTHER_SPACES) == len(set(typography.OTHER_SPACES))


def test_the_fast_normalising_paths_agree_with_the_definitions():
    alphabet = ["a", "b", " ", "\t", "\n", "\u00a0", "\u2026", "\u00ad", "\u200b", "`", "-",
                *typography.QUOTES, *typography.DASHES]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert normal._changes_length(text) == bool(normal._LENGTH_CHANGES.search(text))
        assert normal._replace_one_for_one(text) == text.translate(typography.STRAIGHTEN)


def _sentence_reference(text: str, start: int, end: int) -> str:
    """sentence_around as it was first written: a scan of the block per mention."""
    left = 0
    for found_start, found_end in typography.sentence_breaks(text):
        if found_end <= start:
            left = found_end
        elif found_start >= end:
            return " ".join(text[left:found_start].split())
    return " ".join(text[left:].split())


def test_the_sentence_around_a_mention_is_found_as_by_a_scan():
    rng = random.Random(11)
    pieces = ["Baku", " ", ". ", "! ", "? ", "\u201d ", "a", "bc", "\u2026 ", ".\u2019) "]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        block = blocks(markdown_parser().parse(text.strip() or "x"))[0]
        size = len(block.norm.text)
        start = rng.randrange(size)
        match = Match("x", start, rng.randint(start + 1, size))
        visible = block.visible_span(match.start, match.end)
        assert linker.sentence_around(block, match) == _sentence_reference(block.text, *visible)


def _links(used: list[str] | None = None) -> TermLinks:
    return TermLinks("https://example.org/g/", "/g/", frozenset({"baku", "yerevan", "shusha"}),
                     list(used or []))


@pytest.mark.parametrize("used", [[], ["yerevan"], ["shusha", "baku"]])
def test_a_remembered_rendering_reports_the_terms_it_links(monkeypatch, used):
    monkeypatch.setattr(markdown, "_rendered", type(markdown._rendered)())
    text = ("[Yerevan](<https://example.org/g/yerevan/>) and [Baku](</g/baku/>), "
            "[Yerevan](<https://example.org/g/yerevan/>) again.\n")
    expected_links = _links(used)
    expected = markdown.render_parser().render(text, {"glossary": expected_links})
    for _ in range(2):  # the first rendering is remembered, the second answered from it
        links = _links(used)
        assert markdown.render_markdown(text, {"glossary": links}) == expected
        assert links.used == expected_links.used
    assert len(markdown._rendered) == 1


def test_only_pure_renderings_are_remembered(monkeypatch):
    monkeypatch.setattr(markdown, "_rendered", type(markdown._rendered)())
    text = "Text[^1].\n\n[^1]: Note.\n"
    env: dict = {"glossary": _links(), "other": 1}
    assert markdown.render_markdown(text, env) == markdown.render_parser().render(text, {})
    assert "footnotes" in env  # markdown-it's own use of env is left to happen
    assert markdown.render_markdown(text) == markdown.render_markdown(text)
    assert len(markdown._rendered) == 1


def test_the_first_character_guard_changes_no_match():
    rng = random.Random(5)
    letters = ["a", "k", "K", "\u212a", "s", "\u017f", "i", "I", "\u0131", "\u0130", "\u00df",
               "-", " ", "'", "\u00e7"]
    for _ in range(300):
        names = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 4))).strip()
                        for _ in range(rng.randint(1, 5))} - {""})
        if not names:
            continue
        for flags in (0, re.IGNORECASE):
            trie = r"(?<!\w)" + matcher_module._trie_pattern(names) + r"(?!\w)"
            plain = re.compile(trie, flags)
            guarded = re.compile(matcher_module._first_char_guard(names) + trie, flags)
            for _ in range(20):
                text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
                assert [m.span() for m in guarded.finditer(text)] == \
                    [m.span() for m in plain.finditer(text)], (names, text, flags)


def _normalise_reference(text: str) -> tuple[str, tuple[int, ...]]:
    """for_anchoring() as first written: one character at a time."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in typography.INVISIBLE:
            continue
        if char.isspace():
            if out and out[-1] == " ":
                continue
            char = " "
        replacement = typography.QUOTES.get(char) or typography.DASHES.get(char) \
            or typography.EXPANSIONS.get(char) or char
        for piece in replacement:
            out.append(piece)
            origin.append(index)
    return "".join(out), tuple(origin)


def test_normalise_agrees_with_the_character_by_character_definition():
    alphabet = ["a", "b", ".", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u2026", *typography.INVISIBLE,
                *typography.QUOTES, *typography.DASHES]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        norm = normal.for_anchoring(text)
        assert (norm.text, tuple(norm.origin)) == _normalise_reference(text), repr(text)
