"""Markdown parsed into blocks, with a token-free summary kept for later readers.

The merge stage parses every article body to link glossary terms; the glossary
checks and the story comparison run later over the same text and need only each
block's text and where it starts. Parsing is the dearest step of a build, so
:func:`parse_blocks` remembers a small :class:`BlockSummary` per text and
:func:`block_summaries` answers from it, parsing only texts it has not seen.

The key is the exact text, so a changed text is never given a stale summary;
summaries hold only strings and numbers (never markdown-it's mutable tokens).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from markdown_it.token import Token

from briefing.core.memos import forget_in_workers
from briefing.text.markdown import markdown_parser
from briefing.text.textmap import Block, blocks

CAPACITY = 8192  # texts remembered: every article body of a large site, and its notes


@dataclass(frozen=True)
class BlockSummary:
    """What later stages need of one block (see :class:`~briefing.text.textmap.Block`)."""

    text: str  # visible text
    norm: str  # normalised text
    line: int | None  # first line (from 0) of the block in the Markdown, if markdown-it knows
    paragraph: bool  # the inline run of a paragraph (not a heading or a table cell)


_summaries: OrderedDict[str, tuple[BlockSummary, ...]] = OrderedDict()
_lock = threading.Lock()


def _forget() -> None:
    with _lock:
        _summaries.clear()


forget_in_workers(_forget)  # a worker's texts are never read again (core/memos.py)


def parse_blocks(markdown: str) -> tuple[list[Token], list[Block]]:
    """Tokens and blocks of ``markdown``, parsed afresh (the caller may use the
    tokens as it likes); the blocks' summary is remembered on the way."""
    tokens, found, _summary = _parse(markdown)
    return tokens, found


def block_summaries(markdown: str) -> tuple[BlockSummary, ...]:
    """The summary of every block of ``markdown``, in reading order."""
    cached = _cached(markdown)
    if cached is None:
        cached = _shifted(markdown)
    return cached if cached is not None else _parse(markdown)[2]


def _cached(markdown: str) -> tuple[BlockSummary, ...] | None:
    with _lock:
        cached = _summaries.get(markdown)
        if cached is not None:
            _summaries.move_to_end(markdown)
        return cached


def _shifted(markdown: str) -> tuple[BlockSummary, ...] | None:
    """The summary of the same text without its leading blank lines, moved down.

    An article body as read from its file starts with the blank line after the
    front matter, which the merge stage's normalising drops before parsing.
    CommonMark skips blank lines before the first block, so only the line
    numbers differ, except that a document's first line may open front matter:
    a text that then starts with ``-`` is parsed afresh.
    """
    text = markdown.lstrip("\n")
    lead = len(markdown) - len(text)
    if not lead or text.startswith("-"):
        return None
    cached = _cached(text)
    if cached is None:
        return None
    return tuple(block if block.line is None else replace(block, line=block.line + lead)
                 for block in cached)


def _parse(markdown: str) -> tuple[list[Token], list[Block], tuple[BlockSummary, ...]]:
    tokens = markdown_parser().parse(markdown)
    found = blocks(tokens)
    summary = tuple(_summarise(tokens, block) for block in found)
    with _lock:
        _summaries[markdown] = summary
        _summaries.move_to_end(markdown)
        while len(_summaries) > CAPACITY:
            _summaries.popitem(last=False)
    return tokens, found, summary


def _summarise(tokens: list[Token], block: Block) -> BlockSummary:
    mapping = tokens[block.token_index].map
    return BlockSummary(block.text, block.norm.text, mapping[0] if mapping else None,
                        tokens[block.token_index - 1].type == "paragraph_open")
