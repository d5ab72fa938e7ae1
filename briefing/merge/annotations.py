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
from briefing.annotations.markdown import footnote, unplaced_section
from briefing.glossary.linker import ParsedSource
from briefing.merge.context import MergeContext, PageDraft
from briefing.model.annotation import Anchor, AnchorProblem, Annotation
from briefing.text.markdown import markdown_parser
from briefing.text.sourcemap import (
    InlineMap,
    body_offset,
    insertion_offset,
    map_inline,
)
from briefing.text.textmap import Block, blocks


def annotate(draft: PageDraft, context: MergeContext) -> PageDraft:
    notes = context.site.annotations.get(draft.article.slug, ())
    if not notes:
        return draft
    source = _parsed_body(draft)
    tokens, found = source.tokens, source.blocks
    anchors, unplaced = [], []
    for note in notes:
        note = replace(note, body=context.link_terms(note.body).markdown)
        result = _anchor(note, found, draft.body, context)
        if isinstance(result, Anchor):
            anchors.append(result)
        elif result is not None:
            unplaced.append(result)
    anchors = sorted((_with_text_span(a, found) for a in anchors),
                     key=lambda a: (a.block, a.end, a.start))
    body = _insert_references(draft.body, source, anchors, context)
    return replace(draft, body=_append_notes(body, anchors, unplaced),
                   anchors=tuple(anchors), unplaced=tuple(unplaced),
                   text="\n".join(block.norm.text for block in found), parsed=None)


def _parsed_body(draft: PageDraft) -> ParsedSource:
    """The body's blocks: from the glossary rule's parse of the text before it
    added links (the same blocks, one parse fewer), or parsed here."""
    if draft.parsed is not None and draft.parsed.describes(draft.body):
        return draft.parsed
    tokens = markdown_parser().parse(draft.body)
    return ParsedSource(draft.body, tokens, blocks(tokens), (), draft.body)


def _with_text_span(anchor: Anchor, found: list[Block]) -> Anchor:
    """Add the anchor's span in the whole article text (blocks joined by newlines)."""
    offset = sum(len(block.norm.text) + 1 for block in found[:anchor.block])
    return replace(anchor, text_start=offset + anchor.start, text_end=offset + anchor.end)


def _anchor(note: Annotation, found: list[Block], body: str,
            context: MergeContext) -> Anchor | Annotation | None:
    """An anchor; the note itself if it is to be listed unplaced; None after an error."""
    diag = context.diagnostics
    if re.search(rf"^\[\^{re.escape(note.id)}\]:", body, re.M):
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
                       context: MergeContext) -> str:
    """Put ``[^id]`` after each quote, working backwards so offsets stay valid."""
    places, maps = [], {}
    for anchor in anchors:
        offset = _source_offset(source.markdown, source.tokens,
                                source.blocks[anchor.block], anchor, maps)
        offset = None if offset is None else source.linked_offset(offset)
        if offset is None:
            note = anchor.annotation
            context.diagnostics.error(note.path, note.quote_line, f"annotation '{note.id}': "
                                      "cannot place a note after this quote in the Markdown "
                                      "source", "quote a slightly longer or shorter passage")
            continue
        places.append((offset, anchor.annotation.id))
    for offset, ident in sorted(places, reverse=True):
        body = body[:offset] + f"[^{ident}]" + body[offset:]
    return body


def _source_offset(body: str, tokens: list, block: Block, anchor: Anchor,
                   maps: dict[int, InlineMap]) -> int | None:
    """Where the note's reference goes in the body; ``maps`` keeps each block's
    source map for the next note in it (a map costs the whole paragraph)."""
    inline = tokens[block.token_index]
    children = inline.children or []
    child, offset = block.positions[block.norm.origin[anchor.end - 1]]
    mapped = maps.get(block.token_index)
    if mapped is None:
        mapped = maps[block.token_index] = map_inline(children, inline.content)
    at = insertion_offset(mapped, children, child, offset, inline.content)
    return None if at is None else body_offset(body, inline, at)


def _append_notes(body: str, anchors: list[Anchor], unplaced: list[Annotation]) -> str:
    parts = [body.rstrip("\n")]
    parts.extend(footnote(anchor.annotation) for anchor in anchors)
    if unplaced:
        parts.append(unplaced_section(tuple(unplaced)))
    return "\n\n".join(parts) + "\n"
