"""Mapping a position in rendered text back to the Markdown source.

The merge stage writes a footnote reference into the Markdown right after an
anchored quote, so it must know where in the source the quote ends. markdown-it
keeps the source of each inline run (``token.content``) and its lines
(``token.map``) but not the offset of each child token, so the characters a
reader sees are aligned with the source greedily, child by child, skipping the
syntax of links, code spans, emphasis markers, line breaks and footnote
references. Typographer output (curly quotes, dashes, ellipses, "©" of "(c)")
and entities are folded back to what the source holds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.token import Token

from briefing.text.markdown import markdown_parser
from briefing.text.source_runs import ESCAPABLE, REPLACED, entity_at, escaped, source_end

_FOLD = {**{c: "'" for c in "\u2018\u2019"}, **{c: '"' for c in "\u201c\u201d"},
         "\u2013": "-", "\u2014": "-", "\u2026": "."}


def _fold(char: str) -> str:
    return " " if char.isspace() else _FOLD.get(char, char)


@lru_cache(maxsize=256)
def _folding_to(target: str) -> re.Pattern[str]:
    """A pattern for the characters :func:`_fold` turns into ``target`` (itself folded)."""
    if target == " ":
        return re.compile(r"\s")  # the same characters as str.isspace
    return re.compile("[" + re.escape(target + "".join(
        char for char, folded in _FOLD.items() if folded == target)) + "]")


@dataclass
class _Cursor:
    content: str
    at: int = 0
    # folded character -> (where a search began, what it found): the cursor only
    # moves forward, so a search is never made twice over the same stretch.
    found: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    parens: _Parens | None = None  # made when a destination is long (see close_paren)

    def find_char(self, char: str) -> int | None:
        """The next character of the content that folds to the same as ``char``.

        A character the typographer made that the source lacks (© for ``(c)``)
        is never found; searching the rest of a long paragraph for each of them
        took time growing with the square of its length, so a search's answer
        is kept for the next one from the same place on or after it.
        """
        if self.at < len(self.content) and self.content[self.at] == char:  # the usual case
            self.at += 1
            return self.at - 1
        target = _fold(char)
        began, j = self.found.get(target, (len(self.content) + 1, None))
        if began > self.at or (j is not None and j < self.at):
            match = _folding_to(target).search(self.content, self.at)
            began, j = self.at, match.start() if match else None
            self.found[target] = (began, j)
        if j is None:
            return None
        self.at = j + 1
        return j

    def skip_past(self, text: str) -> None:
        j = self.content.find(text, self.at)
        if j != -1:
            self.at = j + len(text)

    def skip_link_destination(self, href: str | None = None) -> bool:
        """After link text: skip ``](dest "title")`` or ``][ref]`` or ``>``;
        whether it was a shortcut reference (``]`` alone). A "(" after a
        shortcut reference whose parentheses hold no destination ``href`` is
        text (``[baz](bop bop)``)."""
        j = self.content.find("]", self.at)
        if j == -1:
            return False
        self.at = j + 1
        if self.content.startswith("(", self.at):
            closed = self.close_paren(self.at)
            if closed is not None and _destination(self.content[self.at + 1:closed - 1],
                                                   href):
                self.at = closed
            else:
                return True
        elif self.content.startswith("[", self.at):
            self.skip_past("]")
        else:
            return True
        return False

    def close_paren(self, start: int) -> int | None:
        """Just after the ``)`` balancing the ``(`` at ``start``; None if none does.

        Looked for nearby first (a destination is short); beyond that in an index
        of the content's parentheses, made once: an unbalanced ``(`` used to send
        a scan to the end of the paragraph for each link after it.
        """
        content, depth = self.content, 0
        near = min(len(content), start + _NEAR)
        for k in range(start, near):
            depth += {"(": 1, ")": -1}.get(content[k], 0)
            if depth == 0:
                return k + 1
        if near == len(content):
            return None
        if self.parens is None:
            self.parens = _Parens.of(content)
        return self.parens.close(start)


# Shown characters whose source may be more than themselves (see source_end):
# every other shown character equal to the source's next one is that one.
_NOT_VERBATIM = re.compile("[" + re.escape("".join(REPLACED) + "\\&,\u2013\u2014\u2026") + "]")
_EMPHASIS = frozenset(["*", "**", "_", "__", "~~"])  # markup of em, strong, s tokens
def _destination(inside: str, href: str | None) -> bool:
    """Whether the text in a link's parentheses is the destination it links to
    (None: not known, so taken to be)."""
    if href is None:
        return True
    words = inside.split()
    destination = words[0] if words else ""
    if destination.startswith("<"):
        destination = inside.strip()[1:].split(">", 1)[0]
    return _normalize(destination) == href


def _normalize(url: str) -> str:
    return markdown_parser().normalizeLink(url)


_NEAR = 256  # characters scanned for a closing parenthesis before the index is used
_PAREN = re.compile(r"[()]")


@dataclass(frozen=True)
class _Parens:
    """Every parenthesis of a text, with the depth before it (``(`` adds one)."""

    positions: list[int]
    depths: list[int]
    closing: dict[int, list[int]]  # depth before a ")" -> where such ")" are, in order

    @classmethod
    def of(cls, text: str) -> _Parens:
        positions, depths, closing, depth = [], [], {}, 0
        for match in _PAREN.finditer(text):
            positions.append(match.start())
            depths.append(depth)
            if match.group() == "(":
                depth += 1
            else:
                closing.setdefault(depth, []).append(match.start())
                depth -= 1
        return cls(positions, depths, closing)

    def close(self, start: int) -> int | None:
        """After the first ")" past the "(" at ``start`` that brings the depth back."""
        depth = self.depths[bisect_left(self.positions, start)] + 1
        after = self.closing.get(depth, [])
        index = bisect_right(after, start)
        return after[index] + 1 if index < len(after) else None


@dataclass(frozen=True)
class InlineMap:
    """Source offset (in ``token.content``) of each child's characters and ends."""

    offsets: dict[int, Sequence[int | None]]  # child -> content offset of each character
    link_end: dict[int, int]  # child index inside a link -> offset after the link
    in_link: frozenset[int] = frozenset()  # children after more link_opens than link_closes
    shortcuts: frozenset[int] = frozenset()  # content offsets after a shortcut ``[text]``

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
    in_link: set[int] = set()
    shortcuts: set[int] = set()
    hrefs: list = []  # of the links open
    for index, child in enumerate(children):
        if open_link:
            in_link.add(index)
        if child.type == "link_open":
            open_link.append(index)
            hrefs.append(child.attrs.get("href"))
            if child.markup != "autolink":
                cursor.skip_past("[")
        elif child.type == "link_close":
            if child.markup == "autolink":
                cursor.skip_past(">")
            elif cursor.skip_link_destination(hrefs.pop() if hrefs else None):
                shortcuts.add(cursor.at)
            start = open_link.pop() if open_link else index
            for inside in range(start, index + 1):
                link_end[inside] = cursor.at
        elif child.type == "code_inline":
            cursor.skip_past(child.markup)
            offsets[index] = _map_chars(cursor, child.content, code=True)
            cursor.skip_past(child.markup)
            link_end[index] = cursor.at  # never end inside a code span
        elif child.type == "text":
            offsets[index] = _map_chars(cursor, child.content)
        elif child.type == "image" and cursor.skip_link_destination(child.attrs.get("src")):
            shortcuts.add(cursor.at)
        elif child.type in ("softbreak", "hardbreak"):
            end = cursor.content.find("\n", cursor.at)
            if end != -1 and not cursor.content[cursor.at:end].strip(" \t\\"):
                cursor.at = end + 1  # "\" of a hard break is no shown "\"
        elif child.type == "footnote_ref":
            cursor.skip_past("]")  # [^label]: no "]" inside
        elif child.markup in _EMPHASIS and cursor.content.startswith(child.markup, cursor.at):
            cursor.at += len(child.markup)  # "*" of "*a*&#42;" is no shown "*"
    return InlineMap(offsets, link_end, frozenset(in_link), frozenset(shortcuts))


def _map_chars(cursor: _Cursor, text: str, code: bool = False) -> Sequence[int | None]:
    """Align ``text`` with the source from the cursor on, one character at a time.

    Most text runs are copied verbatim from the source, so they are recognised
    whole and mapped as a ``range`` (no per-character work); otherwise runs of
    characters that are the source's own are taken whole (:func:`_verbatim_run`),
    the others one at a time, and only those the source lacks go through
    :meth:`_Cursor.find_char`, which folds typographer output.
    """
    content, at = cursor.content, cursor.at
    # Text with a backslash may hold an escaped backslash (two in the source, one
    # shown); in a code span every backslash is the source's own.
    if content.startswith(text, at) and (code or "\\" not in text):
        cursor.at = at + len(text)
        return range(at, at + len(text))
    if code:
        return _map_code(cursor, text)
    mapped: list[int | None] = []
    size = len(content)
    index = 0
    while index < len(text):
        run = _verbatim_run(text, index, content, at)
        if run:  # characters that are the source's own, one for one
            mapped.extend(range(at, at + run))
            index, at = index + run, at + run
            if index == len(text):
                break
        char = text[index]
        index += 1
        made = REPLACED.get(char)
        if made is not None and content[at:at + len(made)].lower() == made:
            mapped.append(at)  # the typographer made "©" of "(c)": after ")" comes next
            at += len(made)
            continue
        entity = entity_at(content, at, char)
        if entity is not None:  # "&amp;" shows as "&": the next character is after ";"
            mapped.append(entity[0])
            at = entity[1]
            continue
        if at < size and content[at] == char:
            mapped.append(at)
            at = source_end(content, at, char)
            continue
        cursor.at = at
        found = cursor.find_char(char)
        mapped.append(found)
        at = cursor.at if found is None else source_end(content, found, char)
    cursor.at = at
    return mapped


def _verbatim_run(text: str, index: int, content: str, at: int) -> int:
    """How many characters of ``text`` from ``index`` are the source's from ``at``,
    one for one: none of them one the source may write otherwise (an entity,
    an escape, what the typographer makes of several characters), all equal.
    Found by halving (``startswith`` in C), not character by character: a
    paragraph with one curly apostrophe the source writes straight would
    otherwise be walked whole in Python."""
    special = _NOT_VERBATIM.search(text, index)
    longest = (special.start() if special else len(text)) - index
    if content.startswith(text[index:index + longest], at):
        return longest
    low, high = 0, longest - 1  # content holds the first ``low``; not all ``high + 1``
    while low < high:
        middle = (low + high + 1) // 2
        if content.startswith(text[index:index + middle], at):
            low = middle
        else:
            high = middle - 1
    return low


def _map_code(cursor: _Cursor, text: str) -> list[int | None]:
    """A code span's text against its source: each character is its own (no
    entity, escape or typographer in code), but a line ending shows as a space
    and a space at each end may have been taken off."""
    content, at = cursor.content, cursor.at
    mapped: list[int | None] = []
    for char in text:
        while at < len(content) and content[at] != char and \
                not (char == " " and content[at] == "\n"):
            at += 1
        mapped.append(at if at < len(content) else None)
        at = min(at + 1, len(content))
    cursor.at = at
    return mapped


def insertion_offset(inline: InlineMap, children: list[Token], child: int, offset: int,
                     content: str) -> int | None:
    """Where in ``content`` text may be inserted right after the given character."""
    if child in inline.link_end and (children[child].type == "code_inline"
                                     or child in inline.in_link):
        return inline.link_end[child]
    at = inline.char(child, offset)
    if at is None:
        return None
    char = children[child].content[offset]
    if content[at] == "&" and char != "&":  # an entity (&eacute;) showing one character
        semicolon = content.find(";", at)
        if 0 < semicolon - at <= 10:
            return semicolon + 1
    return source_end(content, at, char)  # past "--", "...", "(c)", "!..." and the like


def token_point(inline: InlineMap, children: list[Token], child: int, offset: int,
                at: int, content: str) -> tuple[int, int] | None:
    """Where text inserted at ``at`` in ``content`` (as :func:`insertion_offset`
    gives it for the character ``offset`` of ``child``) stands among the
    children: ``(child, offset)``, the text going before that character of that
    child (``offset`` 0: before the child itself, as after a link or code
    span). A point between a backslash and the character it escapes goes after
    the character, as text/guard.py moves it. None where the map cannot tell."""
    if child in inline.link_end and (children[child].type == "code_inline"
                                     or child in inline.in_link):
        return (_after_closing(children, child), 0) if at == inline.link_end[child] else None
    if 0 < at < len(content) and content[at] in ESCAPABLE and content[at - 1] == "\\" \
            and not escaped(content, at - 1):
        at += 1
    mapped = inline.offsets.get(child)
    if mapped is None or not 0 <= offset < len(mapped):
        return None
    while offset >= 0 and mapped[offset] is not None and mapped[offset] >= at:
        offset -= 1  # a point the guard moved off an escape, back before it
    if offset < 0 or mapped[offset] is None:
        return None
    while offset + 1 < len(mapped) and mapped[offset + 1] is not None and \
            mapped[offset + 1] < at:
        offset += 1  # past a run the typographer shortened or an entity
    if offset + 1 < len(mapped) and mapped[offset + 1] is None:
        return None
    following = inline.offsets.get(child + 1)
    if offset + 1 == len(mapped) and following and following[0] is not None and \
            following[0] < at:
        return None  # the point is further on, in a later child
    return child, offset + 1


def _after_closing(children: list[Token], child: int) -> int:
    """The index after the code span ``child`` or the link holding it."""
    if children[child].type == "code_inline":
        return child + 1
    depth = 0
    for index in range(child + 1, len(children)):
        kind = children[index].type
        depth += kind == "link_open"
        if kind == "link_close":
            if depth == 0:
                return index + 1
            depth -= 1
    return len(children)
