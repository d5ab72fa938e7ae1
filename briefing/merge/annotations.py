"""The merge rule that anchors editorial notes and writes them into the page.

Each placed note gets a footnote reference ``[^id]`` right after its quote and a
footnote definition at the end of the body; the render stage turns those into
``<mark>`` highlights and margin notes. Anchoring problems are errors, or with
``annotations: {strict: false}`` warnings that move the note to "Unplaced notes".
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefing.annotations.anchor import find_anchor
from briefing.annotations.markdown import (
    RatingLinks,
    footnote,
    rating_links,
    retired_section,
    unplaced_section,
)
from briefing.glossary.linker import ParsedSource, apply_edits
from briefing.merge.context import MergeContext, PageDraft
from briefing.merge.glossary import first_mentions
from briefing.merge.retired import retire
from briefing.model.annotation import Anchor, AnchorProblem, Annotation, RetiredNote
from briefing.model.glossary import Mention
from briefing.model.site import Article
from briefing.text.fences import closing_fence
from briefing.text.guard import DELIMITERS, Edit, Guard, literal_chars
from briefing.text.markdown import markdown_parser
from briefing.text.body_offsets import body_offset
from briefing.text.sourcemap import (
    InlineMap,
    insertion_offset,
    map_inline,
    token_point,
)
from briefing.text.splice import OneParse, Splice
from briefing.text.textmap import Block, blocks, counted


def annotate(draft: PageDraft, context: MergeContext) -> PageDraft:
    notes = context.site.annotations.get(draft.article.slug, ())
    if not notes:
        return draft
    source = _parsed_body(draft)
    found = source.blocks
    anchors, unplaced, retired = [], [], []
    parses: dict[str, OneParse] = {}
    mentioned: dict[str, tuple[Mention, ...]] = {}
    for note in notes:
        linked = context.link_terms(note.body)
        note = replace(note, body=linked.markdown)
        mentioned[note.id] = linked.mentions
        if linked.source is not None:
            parses[linked.markdown] = OneParse(linked.source.tokens, linked.source.links)
        if note.retired_in is not None:
            gone = retire(note, draft.article, found, context)
            retired.extend([gone] if gone else [])
            continue
        result = _anchor(note, found, draft.body, context, _retire_hint(draft.article))
        if isinstance(result, Anchor):
            anchors.append(result)
        elif result is not None:
            unplaced.append(result)
    # Reading order, which numbers the notes; notes ending at one point in the
    # order of their ids. Notes whose references stand together (at one point,
    # or one inside a link and one at its end: both go after the link) have them
    # in this order (_places, _token_references), so the numbers read 4, 5 there.
    anchors = sorted((_with_text_span(a, found) for a in anchors),
                     key=lambda a: (a.block, a.end, a.annotation.id))
    body, references = _insert_references(draft.body, source, anchors, context)
    # what is appended must not end up in a fence left open
    fence = closing_fence(source.tokens, source.markdown) if anchors or unplaced or retired \
        else ""
    body = _closed_fence(body, fence)
    one = None if references is None or unplaced or retired else \
        OneParse(source.tokens, (*source.links, *references))
    ratings = rating_links(context.site.config.ratings, context.urls.absolute)
    shown = (*(a.annotation for a in anchors), *unplaced, *(gone.annotation for gone in retired))
    mentions = first_mentions((*draft.mentions, *(m for n in shown for m in mentioned[n.id])))
    return replace(draft, body=_append_notes(body, anchors, unplaced, retired, ratings),
                   anchors=tuple(anchors), unplaced=tuple(unplaced), retired=tuple(retired),
                   mentions=mentions,
                   text="\n".join(block.norm.text for block in found if counted(block)),
                   parsed=None, one_parse=one, note_parses=tuple(parses.items()))


def _parsed_body(draft: PageDraft) -> ParsedSource:
    """The body's blocks: from the glossary rule's parse of the text before it
    added links (the same blocks, one parse fewer), or parsed here."""
    if draft.parsed is not None and draft.parsed.describes(draft.body):
        return draft.parsed
    tokens = markdown_parser().parse(draft.body)
    return ParsedSource(draft.body, tokens, blocks(tokens), (), draft.body)


def _with_text_span(anchor: Anchor, found: list[Block]) -> Anchor:
    """Add the anchor's span in the whole article text (blocks joined by newlines)."""
    offset = sum(len(block.norm.text) + 1 for block in found[:anchor.block] if counted(block))
    return replace(anchor, text_start=offset + anchor.start, text_end=offset + anchor.end)


def _retire_hint(article: Article) -> str:
    """What else an editor can do when a revision took a note's words away."""
    if len(article.revisions) < 2:
        return ""
    newest = article.revisions[-1]
    return (f"; or, if revision {newest.number} ({newest.label}) removed the words, "
            f"add 'retired_in: {newest.number}' to show the note with the words as "
            "they stood")


def _anchor(note: Annotation, found: list[Block], body: str,
            context: MergeContext, retire_hint: str = "") -> Anchor | Annotation | None:
    """An anchor; the note itself if it is to be listed unplaced; None after an error."""
    diag = context.diagnostics
    if re.search(rf"^\[\^{re.escape(note.id)}\]:", body, re.MULTILINE):
        diag.error(note.path, note.line, f"annotation id '{note.id}' is also a footnote "
                   "label in the article", "rename the annotation")
        return None
    result = find_anchor(note, found)
    if isinstance(result, Anchor):
        if result.fuzzy:
            diag.warning(note.path, note.quote_line, f"annotation '{note.id}': quote not found "
                         f"exactly; anchored to “{result.exact}” "
                         f"({result.score:.0f}% similar, paragraph {result.block + 1})")
        return result
    if retire_hint:
        result = replace(result, hint=(result.hint or "fix the quote") + retire_hint)
    return _problem(result, context)


def _problem(problem: AnchorProblem, context: MergeContext) -> Annotation | None:
    note = problem.annotation
    if context.site.config.annotations_strict:
        context.diagnostics.error(note.path, note.quote_line, problem.message, problem.hint)
        return None
    context.diagnostics.warning(note.path, note.quote_line,
                                problem.message + " (listed under Unplaced notes)", problem.hint)
    return note


def _insert_references(body: str, source: ParsedSource, anchors: list[Anchor],
                       context: MergeContext) -> tuple[str, tuple[Splice, ...] | None]:
    """Put ``[^id]`` after each quote, with the guard edits (text/guard.py) that
    keep the parse of the characters beside it. Judged on the parse of the text
    before terms were linked, unless a note is beside a link: then on the
    linked text's own parse. Also where each reference goes in ``source``'s
    tokens (text/splice.py); None if that parse was not the one used, or a
    point could not be found in it."""
    placed = _places(body, source, anchors)
    if placed is None:
        tokens = markdown_parser().parse(body)
        placed = _places(body, ParsedSource(body, tokens, blocks(tokens), (), body), anchors)
    edits, failed = placed or ([], [])
    for note in failed:
        context.diagnostics.error(note.path, note.quote_line, f"annotation '{note.id}': "
                                  "cannot place a note after this quote in the Markdown "
                                  "source", "quote a slightly longer or shorter passage")
    return apply_edits(body, edits), None if failed else _token_references(source, anchors)


def _places(body: str, source: ParsedSource, anchors: list[Anchor]
            ) -> tuple[list[Edit], list[Annotation]] | None:
    """The edits placing every note, and the notes that cannot be placed; None
    if a note is beside text the glossary rule added (``source`` is the text
    before it)."""
    points: dict[tuple[int, int], list[Annotation]] = {}
    failed, maps, guards = [], {}, {}
    for anchor in anchors:
        found = _content_offset(source, anchor, maps)
        if found is None:
            failed.append(anchor.annotation)
        else:
            points.setdefault((anchor.block, found[0]), []).append(anchor.annotation)
    edits: list[Edit] = []
    for (index, at), notes in points.items():
        inline = source.tokens[source.blocks[index].token_index]
        guard = guards.get(index) or guards.setdefault(index, Guard(
            inline.content, lambda inline=inline, index=index: literal_chars(
                maps[index], inline.children or [], inline.content), maps[index].shortcuts))
        text = "".join(f"[^{note.id}]" for note in notes)  # in the order they are numbered
        plan = guard.plan([(at, text)])
        offsets = None if plan is None else [body_offset(source.markdown, inline, k) for k in
                                             (*plan.points, *(k for s, e, _ in plan.edits
                                                              for k in (s, e)))]
        if offsets is None or None in offsets:
            failed.extend(notes)
            continue
        if _beside_links(source, offsets):
            return None
        guard.accept(plan)
        moved = [source.linked_offset(k) for k in offsets]
        edits += [(moved[1 + 2 * k], moved[2 + 2 * k], text)
                  for k, (_, _, text) in enumerate(plan.edits)]
        edits.append((moved[0], moved[0], text))
    return edits, failed


def _token_references(source: ParsedSource, anchors: list[Anchor]
                      ) -> tuple[Splice, ...] | None:
    """Where each note's reference goes among the tokens of ``source``, the parse
    of the text before links were added (text/splice.py); None if a point is
    not found there. The links' own splices say where each link goes."""
    maps: dict[int, InlineMap] = {}
    points: dict[tuple[int, int, int], list[str]] = {}
    for anchor in anchors:
        found = _content_offset(source, anchor, maps)
        block = source.blocks[anchor.block] if found is not None else None
        inline = None if block is None else source.tokens[block.token_index]
        point = None if inline is None else token_point(
            maps[anchor.block], inline.children or [], *found[1], found[0], inline.content)
        if point is None:
            return None
        points.setdefault((block.token_index, *point), []).append(anchor.annotation.id)
    return tuple(Splice(index, child, offset, offset, labels=tuple(ids))  # numbered so
                 for (index, child, offset), ids in points.items())


def _beside_links(source: ParsedSource, offsets: list[int]) -> bool:
    """Whether text the glossary rule added is within reach of a note's point or
    guard edits: its neighbours in the linked text are not those of ``source``."""
    text = source.markdown
    low = high = offsets[0]
    while low > 0 and text[low - 1] in DELIMITERS:
        low -= 1
    while high < len(text) and text[high] in DELIMITERS:
        high += 1
    low, high = min(low, *offsets) - 1, max(high, *offsets) + 1
    return any(start <= high and end >= low for start, end, _ in source.wrapped)


def _content_offset(source: ParsedSource, anchor: Anchor, maps: dict[int, InlineMap]
                    ) -> tuple[int, tuple[int, int]] | None:
    """Where the note's reference goes in its block's inline content, and the
    (child, offset) of the character it follows; ``maps`` keeps each block's
    source map for the next note in it (a map costs the whole paragraph)."""
    if anchor.block >= len(source.blocks) or \
            anchor.end > len(source.blocks[anchor.block].norm.origin):
        return None  # the linked text reads otherwise (never, if linking kept its meaning)
    block = source.blocks[anchor.block]
    inline = source.tokens[block.token_index]
    children = inline.children or []
    child, offset = block.positions[block.norm.origin[anchor.end - 1]]
    mapped = maps.get(anchor.block)
    if mapped is None:
        mapped = maps[anchor.block] = map_inline(children, inline.content)
    at = insertion_offset(mapped, children, child, offset, inline.content)
    return None if at is None else (at, (child, offset))


def _closed_fence(body: str, fence: str) -> str:
    """``body`` with ``fence`` after it; its blank lines at the end stay in the code."""
    if not fence:
        return body
    return f"{body if body.endswith(chr(10)) else body + chr(10)}{fence}\n"


def _append_notes(body: str, anchors: list[Anchor], unplaced: list[Annotation],
                  retired: list[RetiredNote], ratings: RatingLinks) -> str:
    parts = [body.rstrip("\n")]
    parts.extend(footnote(anchor.annotation, ratings) for anchor in anchors)
    if unplaced:
        parts.append(unplaced_section(tuple(unplaced), ratings))
    if retired:
        parts.append(retired_section(tuple(retired), ratings))
    return "\n\n".join(parts) + "\n"
