"""The merged page's tokens, made from the one parse merging read.

The merge stage parses an article's body once, to find glossary terms and
anchor notes, and writes the links and note references it decides on into the
Markdown text (``index.md``). Parsing that text again to render the page would
pay for a second parse and, should an insertion change how its neighbours
parse, show a page other than the one merging read. So the merge also says
where each insertion goes in its own parse, as a :class:`Splice`, and the render
stage puts the tokens those insertions stand for (``link_open`` … ``link_close``
around a term, ``footnote_ref`` for a note) into that parse's token stream.

The tokens are those markdown-it makes of the merged text: a link's are its
``link_open`` with the normalised ``href``, the name's text and ``link_close``;
a reference is a ``footnote_ref`` with its label, which the annotations render
rule reads. tests/test_one_parse.py proves the HTML the same as re-parsing the
merged text, for generated bodies; text/guard.py is what keeps that so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from markdown_it.token import Token


@dataclass(frozen=True)
class Splice:
    """Tokens to put into the children of one ``inline`` token.

    A link wraps ``[start, end)`` of the text child ``child``; note references
    (``labels``, in order) go before ``child``, split at ``start`` when it is
    inside the child's text (``start == end``).
    """

    inline: int  # index of the inline token in the stream
    child: int
    start: int
    end: int
    href: str = ""  # a link's destination, as markdown-it normalises it
    labels: tuple[str, ...] = ()  # the footnote labels placed here

    @property
    def is_link(self) -> bool:
        return not self.labels


@dataclass(frozen=True)
class OneParse:
    """A body's tokens as merging parsed them, and what merging puts into them.

    ``tokens`` are markdown-it's, so mutable: they belong to the one page
    being made, whose render may change them (the render rules do).
    """

    tokens: list[Token]
    splices: tuple[Splice, ...]


@dataclass(frozen=True)
class Parses:
    """The parses merging read for one article, for its render: the body's
    (None: the render parses the merged text) and each note body's, by the
    note's linked text."""

    body: OneParse | None = None
    notes: Mapping[str, OneParse] = field(default_factory=dict)


def spliced(parse: OneParse) -> list[Token]:
    """The token stream of the merged text: ``parse.tokens`` with every splice made
    (in place: the tokens are not read again once the page is rendered)."""
    by_inline: dict[int, list[Splice]] = {}
    for splice in parse.splices:
        by_inline.setdefault(splice.inline, []).append(splice)
    for index, splices in by_inline.items():
        inline = parse.tokens[index]
        inline.children = _spliced_children(inline.children or [], splices)
    return parse.tokens


def _spliced_children(children: list[Token], splices: list[Splice]) -> list[Token]:
    """``children`` with the splices made, each child split where they fall."""
    by_child: dict[int, list[Splice]] = {}
    for splice in splices:
        by_child.setdefault(splice.child, []).append(splice)
    result: list[Token] = []
    for index, child in enumerate(children):
        here = by_child.get(index, [])
        for splice in here:  # references before the child (after a link or code span)
            if not splice.is_link and splice.start == 0:
                result.extend(_references(splice.labels))
        inside = [s for s in here if s.is_link or s.start > 0]
        result.extend(_split_child(child, inside) if inside else (child,))
    for splice in by_child.get(len(children), ()):  # references after the last child
        result.extend(_references(splice.labels))
    return result


def _split_child(child: Token, splices: list[Splice]) -> list[Token]:
    """One child with its splices: references at a point, links around spans.

    A reference at a link's start goes before it; one inside a linked name or
    at its end goes after it, as in the merged text (sourcemap's
    ``insertion_offset`` and ``ParsedSource.linked_offset`` put it there).
    References that end up at one point are one run, in the order the notes
    are numbered (the order of the splices), as merging writes them there.
    """
    links = [(s.start, s.end) for s in splices if s.is_link]
    points: dict[int, list[str]] = {}
    for splice in splices:
        if not splice.is_link:
            points.setdefault(_past_links(splice.start, links), []).extend(splice.labels)
    items = sorted([*((s.start, 1, s) for s in splices if s.is_link),
                    *((point, 0, tuple(labels)) for point, labels in points.items())],
                   key=lambda item: item[:2])
    pieces: list[Token] = []
    at = 0
    for point, _kind, what in items:
        pieces += _text(child, at, point)
        if isinstance(what, Splice):
            pieces += _link(child, what)
            at = what.end
        else:
            pieces += _references(what)
            at = max(at, point)
    return [*pieces, *_text(child, at, len(child.content))]


def _past_links(point: int, links: list[tuple[int, int]]) -> int:
    """``point``, moved to the end of a link it falls inside."""
    for start, end in links:
        if start < point < end:
            return end
    return point


def _text(child: Token, start: int, end: int) -> list[Token]:
    """The child's content from ``start`` to ``end``, if any (markdown-it makes no
    empty text tokens, and a highlight would wrap one)."""
    if start >= end:
        return []
    if end - start == len(child.content):
        return [child]
    part = child.copy()
    part.content = child.content[start:end]
    return [part]


def _link(child: Token, splice: Splice) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrs = {"href": splice.href}
    opening.level = child.level
    closing = Token("link_close", "a", -1)
    closing.level = child.level
    inside = child.copy()
    inside.content = child.content[splice.start:splice.end]
    inside.level = child.level + 1
    return [opening, inside, closing]


def _references(labels: tuple[str, ...]) -> list[Token]:
    found = []
    for label in labels:
        token = Token("footnote_ref", "", 0)
        token.meta = {"label": label}
        found.append(token)
    return found
