"""The text a reader sees, block by block, with its anchoring form.

Anchoring works on rendered text, not Markdown source: a quote may cross
emphasis, links and glossary terms. :func:`blocks` walks markdown-it's token
stream and yields one :class:`Block` per inline run (a paragraph, heading, list
item or table cell), never joining two, so a quote never crosses a paragraph.
Each visible character remembers which token and offset it came from, and the
normalised text remembers which visible character each of its characters came
from, so a match can be mapped back to tokens (to wrap it in ``<mark>``) or to
source (to place a footnote reference). The normal form itself is
:func:`briefing.text.normal.for_anchoring`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat

from markdown_it.token import Token

from briefing.text.normal import Normalised, for_anchoring

TEXT_TOKENS = ("text", "code_inline")
BREAK_TOKENS = ("softbreak", "hardbreak")
SKIPPED_CONTAINERS = ("footnote_open", "front_matter")


@dataclass(frozen=True)
class Block:
    """One inline run of an article as a reader sees it."""

    token_index: int  # index of the ``inline`` token in the stream
    text: str  # visible text
    positions: Positions  # per visible char: (child index, offset)
    norm: Normalised

    def visible_span(self, start: int, end: int) -> tuple[int, int]:
        """Visible-text span of the normalised span [start, end)."""
        return self.norm.origin[start], self.norm.origin[end - 1] + 1


class Positions(Sequence[tuple[int, int]]):
    """(child index, offset) of each visible character, worked out when asked.

    Only a few characters per block are ever looked up (where a term or quote
    starts and ends), so instead of a tuple entry per character this keeps
    where each child's run starts and finds the run by bisection.
    """

    __slots__ = ("_children", "_length", "_starts")

    def __init__(self, starts: list[int], children: list[int], length: int):
        self._starts = starts  # visible offset where each non-empty run starts
        self._children = children  # the child index of each run
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("visible position out of range")
        run = bisect_right(self._starts, index) - 1
        return self._children[run], index - self._starts[run]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        ends = [*self._starts[1:], self._length]
        for start, end, child in zip(self._starts, ends, self._children):
            yield from zip(repeat(child), range(end - start))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Positions, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


def visible_text(children: list[Token]) -> tuple[str, Positions]:
    """The characters a reader sees in an inline token's children, with their origin."""
    chars: list[str] = []
    starts: list[int] = []
    runs: list[int] = []
    length = 0
    for index, child in enumerate(children):
        if child.type in TEXT_TOKENS:
            text = child.content
        elif child.type in BREAK_TOKENS:
            text = " "
        else:
            continue
        if text:
            chars.append(text)
            starts.append(length)
            runs.append(index)
            length += len(text)
    return "".join(chars), Positions(starts, runs, length)


def blocks(tokens: list[Token]) -> list[Block]:
    """Every inline run of the article body, in reading order; footnotes excluded."""
    found = []
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == "footnote_block_open":
            depth += 1
        elif token.type == "footnote_block_close":
            depth -= 1
        elif token.type == "inline" and depth == 0:
            text, positions = visible_text(token.children or [])
            found.append(Block(index, text, positions, for_anchoring(text)))
    return found


def article_text(tokens: list[Token]) -> str:
    """The whole normalised article text: blocks joined by a newline, those a
    reader sees no text in left out (a paragraph holding only an image is a
    figure on the page, not a line of text).

    This is the text ``TextPositionSelector`` offsets count code points in.
    """
    return "\n".join(block.norm.text for block in blocks(tokens) if counted(block))


def counted(block: Block) -> bool:
    """Whether ``block`` is part of :func:`article_text` (it has visible text)."""
    return bool(block.norm.text.strip())
