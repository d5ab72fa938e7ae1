"""Mapping a position in rendered text back to the Markdown source.

The merge stage writes a footnote reference into the Markdown right after an
anchored quote, so it must know where in the source the quote ends. markdown-it
keeps the source of each inline run (``token.content``) and its lines
(``token.map``) but not the offset of each child token, so the characters a
reader sees are aligned with the source greedily, child by child, skipping the
syntax of links and code spans. Typographer output (curly quotes, dashes,
ellipses) is folded back to what the source holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

_FOLD = {**{c: "'" for c in "\u2018\u2019"}, **{c: '"' for c in "\u201c\u201d"},
         "\u2013": "-", "\u2014": "-", "\u2026": "."}


def _fold(char: str) -> str:
    return " " if char.isspace() else _FOLD.get(char, char)


@dataclass
class _Cursor:
    content: str
    at: int = 0

    def find_char(self, char: str) -> int | None:
        if self.at < len(self.content) and self.content[self.at] == char:  # the usual case
            self.at += 1
            return self.at - 1
        target, j = _fold(char), self.at
        while j < len(self.content) and _fold(self.content[j]) != target:
            j += 1
        if j == len(self.content):
            return None
        self.at = j + 1
        return j

    def skip_past(self, text: str) -> None:
        j = self.content.find(text, self.at)
        if j != -1:
            self.at = j + len(text)

    def skip_link_destination(self) -> None:
        """After link text: skip ``](dest "title")`` or ``][ref]`` or ``>``."""
        j = self.content.find("]", self.at)
        if j == -1:
            return
        self.at = j + 1
        if self.content.startswith("(", self.at):
            depth = 0
            for k in range(self.at, len(self.content)):
                depth += {"(": 1, ")": -1}.get(self.content[k], 0)
                if depth == 0:
                    self.at = k + 1
                    return
        elif self.content.startswith("[", self.at):
            self.skip_past("]")


@dataclass(frozen=True)
class InlineMap:
    """Source offset (in ``token.content``) of each child's characters and ends."""

    offsets: dict[int, Sequence[int | None]]  # child -> content offset of each character
    link_end: dict[int, int]  # child index inside a link -> offset after the link

    def char(self, child: int, offset: int) -> int | None:
        """Content offset of a child's character, or None if it could not be aligned."""
        mapped = self.offsets.get(child)
        if mapped is None or not 0 <= offset < len(mapped):
            return None
        return mapped[offset]


def map_inline(children: list[Token], content: str) -> InlineMap:
    cursor = _Cursor(content)
    offsets: dict[int, Sequence[int | None]] = {}
    link_end: dict[int, int] = {}
    open_link: list[int] = []  # children since the innermost link_open
    for index, child in enumerate(children):
        if child.type == "link_open":
            open_link.append(index)
            if child.markup != "autolink":
                cursor.skip_past("[")
        elif child.type == "link_close":
            if child.markup == "autolink":
                cursor.skip_past(">")
            else:
                cursor.skip_link_destination()
            start = open_link.pop() if open_link else index
            for inside in range(start, index + 1):
                link_end[inside] = cursor.at
        elif child.type == "code_inline":
            cursor.skip_past(child.markup)
            offsets[index] = _map_chars(cursor, child.content)
            cursor.skip_past(child.markup)
            link_end[index] = cursor.at  # never end inside a code span
        elif child.type == "text":
            offsets[index] = _map_chars(cursor, child.content)
        elif child.type == "image":
            cursor.skip_link_destination()
    return InlineMap(offsets, link_end)


def _map_chars(cursor: _Cursor, text: str) -> Sequence[int | None]:
    """Align ``text`` with the source from the cursor on, one character at a time.

    Most text runs are copied verbatim from the source, so they are recognised
    whole and mapped as a ``range`` (no per-character work); otherwise the
    characters that match the source directly are taken inline and only the rest
    go through :meth:`_Cursor.find_char`, which folds typographer output.
    """
    content, at = cursor.content, cursor.at
    if content.startswith(text, at):
        cursor.at = at + len(text)
        return range(at, at + len(text))
    mapped: list[int | None] = []
    size = len(content)
    for char in text:
        if at < size and content[at] == char:
            mapped.append(at)
            at += 1
            continue
        cursor.at = at
        mapped.append(cursor.find_char(char))
        at = cursor.at
    cursor.at = at
    return mapped


def insertion_offset(inline: InlineMap, children: list[Token], child: int, offset: int,
                     content: str) -> int | None:
    """Where in ``content`` text may be inserted right after the given character."""
    if child in inline.link_end and (children[child].type == "code_inline"
                                     or _inside_link(children, child)):
        return inline.link_end[child]
    at = inline.char(child, offset)
    if at is None:
        return None
    char, end = children[child].content[offset], at + 1
    if char in "\u2013\u2014\u2026":  # typographer turned -- / --- / ... into one character
        while end < len(content) and content[end] == content[at]:
            end += 1
    elif content[at] == "&":  # an entity such as &amp;
        semicolon = content.find(";", at)
        if 0 < semicolon - at <= 10:
            end = semicolon + 1
    return end


def _inside_link(children: list[Token], child: int) -> bool:
    depth = 0
    for token in children[:child]:
        depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
    return depth > 0


def body_offset(body: str, inline_token: Token, content_offset: int) -> int | None:
    """Offset in the whole Markdown body of an offset in an inline token's content."""
    if inline_token.map is None:
        return None
    content = inline_token.content
    line_number = content.count("\n", 0, content_offset)
    line_start = content.rfind("\n", 0, content_offset) + 1
    column = content_offset - line_start
    line_end = content.find("\n", line_start)
    line_text = content[line_start:] if line_end == -1 else content[line_start:line_end]
    lines, starts = _lines(body)
    source_line = lines[inline_token.map[0] + line_number]
    found = source_line.find(line_text) if line_text else len(source_line)
    if found == -1:
        return None
    return starts[inline_token.map[0] + line_number] + found + column


@lru_cache(maxsize=8)
def _lines(body: str) -> tuple[list[str], list[int]]:
    """The body's lines and the offset each starts at.

    Cached because one body is asked about once per term or note it holds; the
    body string is the key, so an edited body is never given stale offsets.
    Callers must not change the lists.
    """
    lines = body.split("\n")
    starts = [0] * len(lines)
    at = 0
    for number, line in enumerate(lines):
        starts[number] = at
        at += len(line) + 1
    return lines, starts
