"""Linking glossary terms in Markdown, so the merged page carries the links.

Terms are found in the text a reader sees (one block at a time, like
annotations) and linked in the Markdown source with an ordinary link to the
term's page. Never linked: headings, text already inside a link, code, image
alt text, a match that crosses emphasis or other markup, or a term inside
another (matches never overlap). Which mentions get a link follows the link
policy: ``first`` (the first eligible mention of each term in the text),
``all``, or ``none``; a term's own ``link:`` overrides the site's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from briefing.core.typography import sentence_breaks
from briefing.glossary.matcher import Match, Matcher
from briefing.model.glossary import Glossary, Mention
from briefing.text.guard import Edit, Guard, literal_chars
from briefing.text.markdown import markdown_parser
from briefing.text.parsed import parse_blocks
from briefing.text.body_offsets import body_offset
from briefing.text.sourcemap import (
    insertion_offset,
    map_inline,
)
from briefing.text.splice import Splice
from briefing.text.textmap import Block


@dataclass(frozen=True)
class Linked:
    markdown: str
    mentions: tuple[Mention, ...]  # every mention, linked or not, in reading order
    source: ParsedSource | None = None  # the text before linking, as parsed to link it


@dataclass(frozen=True)
class ParsedSource:
    """Markdown as parsed before links were added to it, and where they went.

    Linking wraps spans of the text in ``[`` … ``](<url>)`` and changes no
    visible character, so the blocks of this parse are those of the linked
    text; a later merge rule can use them (parsing is the dearest step) and
    carry its own source offsets over with :meth:`linked_offset`.
    """

    markdown: str
    tokens: list[Token]
    blocks: list[Block]
    # (start, end, characters added), in order: each link, and each guard edit
    # (text/guard.py) that keeps the parse of the characters beside a link
    wrapped: tuple[tuple[int, int, int], ...]
    linked: str = ""  # the text with the links
    links: tuple[Splice, ...] = ()  # each link, as tokens to put into ``tokens``

    def describes(self, text: str) -> bool:
        """Whether ``text`` is the very text linking made (no rule changed it since)."""
        return text is self.linked

    def linked_offset(self, at: int) -> int:
        """Where text inserted at ``at`` in the source goes in the linked text: a
        point inside a linked name moves after its link, as it would had the
        linked text been parsed (see sourcemap.insertion_offset)."""
        moved = at
        for start, end, added in self.wrapped:
            if at <= start:
                break
            moved += added + max(0, end - at)
        return moved


def link_terms(markdown: str, glossary: Glossary, matcher: Matcher, url_for) -> Linked:
    """Add term links to ``markdown``; ``url_for(term)`` gives a link's URL."""
    if not glossary.terms:
        return Linked(markdown, ())
    tokens, found = parse_blocks(markdown)
    edits: list[tuple[int, int, str]] = []
    guards: list[Edit] = []
    taken: set[int] = set()
    splices: list[Splice] = []
    mentions: list[Mention] = []
    linked: set[str] = set()
    sentences: dict[str, str] = {}  # one string per sentence, however many terms it has
    for block in found:
        matches = matcher.find(block.norm.text)
        if not matches:
            continue
        maps: list = []  # the block's source map and guard, made once when first needed
        ends = _sentence_ends(block.text)
        spans: dict[tuple[int, int], str] = {}  # each sentence of the block, tidied once
        for match in matches:
            sentence = _sentence(block, match, ends, spans)
            mentions.append(Mention(match.slug, sentences.setdefault(sentence, sentence)))
            term = glossary.by_slug[match.slug]
            policy = glossary.policy_for(term)
            if policy == "none" or (policy == "first" and term.slug in linked):
                continue  # no link wanted: no need to find the mention in the source
            url = url_for(term)
            span = _source_span(markdown, tokens, block, match, maps, url, taken)
            if span is None:
                continue
            linked.add(term.slug)
            edits.append((*span[:2], url))
            guards.extend(span[2])
            splices.append(_link_splice(block, match, url))
    source, edits = markdown, sorted(edits)
    markdown = _wrap(source, edits, guards)
    wrapped = tuple(sorted([*((start, end, len(f"[](<{url}>)")) for start, end, url in edits),
                            *((start, end, len(text) - (end - start))
                              for start, end, text in guards)]))
    return Linked(markdown, tuple(mentions),
                  ParsedSource(source, tokens, found, wrapped, markdown, tuple(splices)))


def _link_splice(block: Block, match: Match, url: str) -> Splice:
    """The link's tokens, for the render (text/splice.py): around the name in
    its one text child, with the ``href`` markdown-it makes of ``<url>``."""
    first_char, last_char = block.visible_span(match.start, match.end)
    (child, start), (_, end) = block.positions[first_char], block.positions[last_char - 1]
    href = markdown_parser().normalizeLink(unescapeAll(url))
    return Splice(block.token_index, child, start, end + 1, href=href)


def _wrap(source: str, edits: list[tuple[int, int, str]], guards: list[Edit] = ()) -> str:
    """``source`` with each span of the disjoint ``edits`` made a link and the
    ``guards`` applied: built in one pass (editing the string once per link
    copied it once per link)."""
    return apply_edits(source, [*guards, *((start, start, "[") for start, _, _ in edits),
                                *((end, end, f"](<{url}>)") for _, end, url in edits)])


def apply_edits(source: str, edits: list[Edit]) -> str:
    """``source`` with each disjoint ``(start, end, text)`` replacement made; of
    insertions at one point, a link's end comes first and its start last (a
    guard such as ``[]`` goes between)."""
    def order(edit: Edit) -> tuple[int, int, int]:
        start, end, text = edit
        return start, end, 0 if text.startswith("]") else 2 if text == "[" else 1
    pieces, at = [], 0
    for start, end, text in sorted(edits, key=order):
        pieces += (source[at:start], text)
        at = end
    pieces.append(source[at:])
    return "".join(pieces)


def _eligible(tokens: list[Token], block: Block, child: int) -> bool:
    """A plain text token of a non-heading block (whether it is inside a link,
    the block's :class:`InlineMap` knows)."""
    if tokens[block.token_index - 1].type == "heading_open":
        return False
    children = tokens[block.token_index].children or []
    return children[child].type == "text"


def _source_span(markdown: str, tokens: list[Token], block: Block, match: Match,
                 maps: list, url: str, taken: set[int]) -> tuple[int, int, list[Edit]] | None:
    """Start and end of the match in the Markdown source, if it may be linked, and
    the guard edits (source offsets) that keep the parse of its neighbours;
    ``taken``: the source offsets earlier links and their guards cover."""
    first_char, last_char = block.visible_span(match.start, match.end)
    (child, start), (last_child, end) = block.positions[first_char], \
        block.positions[last_char - 1]
    if child != last_child or not _eligible(tokens, block, child):
        return None
    inline = tokens[block.token_index]
    children = inline.children or []
    if not maps:
        maps.append(map_inline(children, inline.content))
        maps.append(Guard(inline.content, lambda: literal_chars(maps[0], children, inline.content),
                          maps[0].shortcuts))
    mapped, guard = maps
    if child in mapped.in_link:
        return None
    begin = mapped.char(child, start)
    finish = insertion_offset(mapped, children, child, end, inline.content)
    if begin is None or finish is None or "\n" in inline.content[begin:finish]:
        return None  # a name broken over two lines: leave it rather than join them
    plan = guard.plan([(begin, "["), (finish, f"](<{url}>)")])
    if plan is None:
        return None  # linking here would change how the text beside it parses
    offsets = [body_offset(markdown, inline, at) for at in
               (*plan.points, *(at for start, end, _ in plan.edits for at in (start, end)))]
    if None in offsets or offsets[1] <= offsets[0] or not taken.isdisjoint(
            range(min(offsets), max(offsets) + 1)):
        return None  # a table cell whose text an earlier cell of its row holds
    taken.update(range(min(offsets), max(offsets) + 1))
    guard.accept(plan)
    return offsets[0], offsets[1], [(offsets[2 + 2 * k], offsets[3 + 2 * k], text)
                                    for k, (_, _, text) in enumerate(plan.edits)]


def sentence_around(block: Block, match: Match) -> str:
    """The sentence of the block's visible text that holds the match."""
    return _sentence(block, match, _sentence_ends(block.text), {})


def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Start and end of each sentence break in ``text``, found once per block
    rather than once per mention."""
    found = sentence_breaks(text)
    return [start for start, _ in found], [end for _, end in found]


def _sentence(block: Block, match: Match, ends: tuple[list[int], list[int]],
              spans: dict[tuple[int, int], str]) -> str:
    """The sentence around the match: from the last break ending at or before it
    to the first break starting at or after its end (breaks never overlap, so
    both lists are sorted). ``spans`` remembers each sentence of the block once
    tidied: a paragraph with no sentence break is one long sentence, which must
    not be copied again for each of its mentions."""
    text = block.text
    starts, stops = ends
    start, end = block.visible_span(match.start, match.end)
    before = bisect_right(stops, start)
    left = stops[before - 1] if before else 0
    after = bisect_left(starts, end, lo=before)
    right = starts[after] if after < len(starts) else len(text)
    sentence = spans.get((left, right))
    if sentence is None:
        sentence = spans[left, right] = " ".join(text[left:right].split())
    return sentence
