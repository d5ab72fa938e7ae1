"""A markdown-it core rule that turns annotation footnotes into margin notes.

The merged Markdown carries each note as a footnote (``[^id]`` after the quote).
For the HTML page this rule, run after every other core rule, rewrites the token
stream: the quote before each annotation reference is wrapped in ``<mark>``
(one per contiguous run of text, so highlights nest correctly inside emphasis
and links), the reference becomes a numbered link to the note, the note's
``<aside>`` (pre-rendered by the theme) goes with the top-level block holding
the quote, before it, both in a ``<div class="noted">``: wide screens float
the notes into the margin from the top of their block, down the margin past
earlier ones, and never hold the text back (no JavaScript); phones show them
after the block (CSS order). The annotation footnotes leave the footnote list,
whose remaining entries are renumbered.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import escape

from briefing.text.normal import for_anchoring
from briefing.text.textmap import visible_text

ENV_KEY = "annotations"
# The ratings page's URL, absolute and root-relative: the merged Markdown links
# a rating absolutely, as every link of index.md is (the unplaced and retired
# notes' labels, markdown.rating_links); a page links it root-relative, as it
# links everything of the site.
RATINGS_KEY = "annotation_ratings"


@dataclass(frozen=True)
class PlacedNote:
    """What the rule needs of a note: its number, anchored text and aside HTML."""

    id: str
    number: int
    exact: str  # normalised anchored text
    aside_html: str
    label: str


def annotations_plugin(md: MarkdownIt) -> None:
    """Run last: after the footnote list is built and the typographer and text
    joining have produced the text a reader sees, which anchors were made on."""
    md.core.ruler.push("annotations", _rule)
    md.core.ruler.push("annotation_ratings", _ratings_rule)


def _rule(state: StateCore) -> None:
    notes: dict[str, PlacedNote] = state.env.get(ENV_KEY) or {}
    if not notes:
        return
    tokens = state.tokens
    _drop_annotation_footnotes(tokens, notes)
    groups: dict[int, list[PlacedNote]] = {}
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        placed = _rewrite_inline(token, notes)
        if placed:
            groups.setdefault(_block_end(tokens, index), []).extend(placed)
    for end in sorted(groups, reverse=True):
        opening = Token("html_block", "", 0)
        opening.content = ('<div class="noted">\n<div class="annotation-group">\n'
                           + "".join(n.aside_html for n in groups[end]) + "</div>\n")
        closing = Token("html_block", "", 0)
        closing.content = "</div>\n"
        tokens.insert(end + 1, closing)
        tokens.insert(_block_start(tokens, end), opening)


def _ratings_rule(state: StateCore) -> None:
    """Links to the ratings page made root-relative (see :data:`RATINGS_KEY`)."""
    page: tuple[str, str] | None = state.env.get(RATINGS_KEY)
    if page is None:
        return
    absolute, relative = page
    for token in state.tokens:
        for child in token.children or ():
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href.startswith(absolute):
                child.attrs["href"] = relative + href[len(absolute):]


def _block_start(tokens: list[Token], end: int) -> int:
    """Index of the opening token of the top-level block that ``end`` closes."""
    depth = 0
    for earlier in range(end, -1, -1):
        if tokens[earlier].level == 0:
            depth += tokens[earlier].nesting
            if depth == 0:
                return earlier
    return 0


def _block_end(tokens: list[Token], index: int) -> int:
    """Index of the closing token of the top-level block holding token ``index``."""
    for later in range(index, len(tokens)):
        if tokens[later].level == 0 and tokens[later].nesting == -1:
            return later
    return len(tokens) - 1


def _rewrite_inline(inline: Token, notes: dict[str, PlacedNote]) -> list[PlacedNote]:
    placed = []
    children = inline.children or []
    index = 0
    while index < len(children):
        child = children[index]
        label = child.meta.get("label") if child.type == "footnote_ref" else None
        if label in notes:
            note = notes[label]
            index = _mark_quote(children, index, note)
            children[index] = _reference(note)
            placed.append(note)
        index += 1
    return placed


def _reference(note: PlacedNote) -> Token:
    """The numbered link to a note, as raw HTML: markdown-it writes html_inline
    content as it is, so every value from content is escaped here (a rating is
    free text and may hold ``<`` or ``"``)."""
    ident, label = escape(note.id), escape(note.label)
    token = Token("html_inline", "", 0)
    token.content = (f'<sup class="annotation-ref"><a href="#annotation-{ident}" '
                     f'id="annotation-ref-{ident}"><span class="visually-hidden">'
                     f'{label} </span>{int(note.number)}</a></sup>')
    return token


def _mark_quote(children: list[Token], ref: int, note: PlacedNote) -> int:
    """Wrap the anchored text before ``children[ref]`` in marks; returns the ref's new index.

    The reference usually follows the quote directly; when the quote ends inside
    a link (a glossary term, say) the reference follows the link instead, so the
    quote is the last occurrence of the anchored text before the reference.
    """
    text, positions = visible_text(children[:ref])
    norm = for_anchoring(text)
    start = norm.text.rfind(note.exact) if note.exact else -1
    if start < 0:
        return ref  # the text changed under us; show the note unhighlighted
    first = positions[norm.origin[start]]
    last_child, last_offset = positions[norm.origin[start + len(note.exact) - 1]]
    stop = last_child + 1
    if last_offset + 1 < len(children[last_child].content):  # the quote ends mid-token
        children[last_child:stop] = _split(children[last_child], last_offset + 1)
        ref += 1
    child, offset = first
    if offset:
        children[child:child + 1] = _split(children[child], offset)
        child, stop, ref = child + 1, stop + 1, ref + 1
    return ref + _wrap_runs(children, child, stop, note)


def _split(token: Token, offset: int) -> list[Token]:
    head, tail = token.copy(), token.copy()
    head.content, tail.content = token.content[:offset], token.content[offset:]
    return [head, tail]


def _wrap_runs(children: list[Token], start: int, stop: int, note: PlacedNote) -> int:
    """Put mark_open/mark_close around each run of leaf tokens in [start, stop);
    returns how many tokens were inserted."""
    index, run_start, inserted = start, None, 0
    while index <= stop:
        leaf = index < stop and children[index].nesting == 0
        if leaf and run_start is None:
            run_start = index
        elif not leaf and run_start is not None:
            children.insert(index, Token("mark_close", "mark", -1))
            children.insert(run_start, _mark_open(note))
            index, stop, run_start, inserted = index + 2, stop + 2, None, inserted + 2
            continue
        index += 1
    return inserted


def _mark_open(note: PlacedNote) -> Token:
    token = Token("mark_open", "mark", 1)
    token.attrs = {"class": "annotated", "data-annotation": note.id,
                   "aria-details": f"annotation-{note.id}"}
    return token


def _drop_annotation_footnotes(tokens: list[Token], notes: dict[str, PlacedNote]) -> None:
    """Remove notes from the footnote list; renumber the author's own footnotes."""
    keep: list[Token] = []
    skipping = False
    for token in tokens:
        if token.type == "footnote_open" and token.meta.get("label") in notes:
            skipping = True
        elif token.type == "footnote_close" and skipping:
            skipping = False
            continue
        if not skipping:
            keep.append(token)
    if not any(t.type == "footnote_open" for t in keep):
        keep = [t for t in keep if t.type not in ("footnote_block_open", "footnote_block_close")]
    tokens[:] = keep
    _renumber(tokens, notes)


def _renumber(tokens: list[Token], notes: dict[str, PlacedNote]) -> None:
    mapping: dict[int, int] = {}
    inline_refs = [c for t in tokens if t.type == "inline" for c in t.children or []
                   if c.type == "footnote_ref" and c.meta.get("label") not in notes]
    for token in inline_refs + [t for t in tokens if t.type in ("footnote_open",
                                                                 "footnote_anchor")]:
        old = token.meta["id"]
        token.meta["id"] = mapping.setdefault(old, len(mapping))
