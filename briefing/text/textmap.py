"""The text a reader sees, and the normalised form quotes are matched against.

Anchoring works on rendered text, not Markdown source: a quote may cross
emphasis, links and glossary terms. :func:`blocks` walks markdown-it's token
stream and yields one :class:`Block` per inline run (a paragraph, heading, list
item or table cell), never joining two, so a quote never crosses a paragraph.
Each visible character remembers which token and offset it came from, and the
normalised text remembers which visible character each of its characters came
from, so a match can be mapped back to tokens (to wrap it in ``<mark>``) or to
source (to place a footnote reference).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat

from markdown_it.token import Token

# Characters that do not change what a reader sees or means.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"})
DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
EXPANSIONS = {"\u2026": "..."}
TEXT_TOKENS = ("text", "code_inline")
BREAK_TOKENS = ("softbreak", "hardbreak")
SKIPPED_CONTAINERS = ("footnote_open", "front_matter")


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: Sequence[int]  # for each character, the index of the source character


_ONE_FOR_ONE = str.maketrans({**QUOTES, **DASHES})
_LENGTH_CHANGES = re.compile("[\u2026" + "".join(INVISIBLE) + "]|[^\\S ]|  ")
# Every character str.isspace() (and so the regex ``\s``) accepts, but " ";
# tests/test_parse_cache.py checks the list against all of Unicode.
OTHER_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003"
                "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# _LENGTH_CHANGES but for the double space, as one character class: much
# faster to search for than three alternatives tried at every position.
_LENGTH_CHANGING_CHAR = re.compile(
    "[" + re.escape("\u2026" + "".join(sorted(INVISIBLE)) + OTHER_SPACES) + "]")
# What normalise() shortens or lengthens: a run of spaces (invisibles inside
# or after it included, as they are dropped anyway), invisibles, an ellipsis.
_INVISIBLE_CLASS = re.escape("".join(sorted(INVISIBLE)))
_LENGTH_CHANGING_RUN = re.compile(
    rf"\s[\s{_INVISIBLE_CLASS}]*|[{_INVISIBLE_CLASS}]+|[{''.join(EXPANSIONS)}]")
_REPLACEMENTS = tuple((chr(old), new) for old, new in _ONE_FOR_ONE.items())
_ASCII_REPLACEMENTS = tuple((old, new) for old, new in _REPLACEMENTS if old.isascii())


def _changes_length(text: str) -> bool:
    """Whether normalising drops or adds characters (same as ``_LENGTH_CHANGES.search``)."""
    return "  " in text or _LENGTH_CHANGING_CHAR.search(text) is not None


def _replace_one_for_one(text: str) -> str:
    """``text.translate(_ONE_FOR_ONE)``, faster: CPython's translate looks every
    character up in the table, while most texts hold none or a few of its keys.
    Replacing one key after another gives the same text because no replacement
    (a straight quote or a hyphen) is itself a key."""
    for old, new in _ASCII_REPLACEMENTS if text.isascii() else _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def normalise(text: str) -> Normalised:
    """One space for any whitespace run; straight quotes and hyphens; no invisibles.

    ``text`` should already be NFC (article bodies are, after the merge stage's
    normalise rule), so that ``origin`` indexes it directly.
    """
    if not _changes_length(text):  # the usual case: only 1:1 replacements
        return Normalised(_replace_one_for_one(text), range(len(text)))
    pieces: list[str] = []
    origin: list[int] = []
    at = 0
    for found in _LENGTH_CHANGING_RUN.finditer(text):
        start = found.start()
        if start > at:
            pieces.append(text[at:start])
            origin.extend(range(at, start))
        first = text[start]
        if first in EXPANSIONS:
            pieces.append(EXPANSIONS[first])
            origin.extend([start] * len(EXPANSIONS[first]))
        elif first.isspace():  # the run's first space stands for all of it
            pieces.append(" ")
            origin.append(start)
        at = found.end()  # invisibles (and the rest of a run of spaces) are dropped
    pieces.append(text[at:])
    origin.extend(range(at, len(text)))
    # The 1:1 replacements last: none of them touches " " or ".", all this adds.
    return Normalised(_replace_one_for_one("".join(pieces)), tuple(origin))


def normalise_text(text: str) -> str:
    """The normalised form alone, NFC and trimmed: for quotes, prefixes and suffixes."""
    return normalise(unicodedata.normalize("NFC", text)).text.strip()


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
            found.append(Block(index, text, positions, normalise(text)))
    return found


def article_text(tokens: list[Token]) -> str:
    """The whole normalised article text: blocks joined by a newline.

    This is the text ``TextPositionSelector`` offsets count code points in.
    """
    return "\n".join(block.norm.text for block in blocks(tokens))
