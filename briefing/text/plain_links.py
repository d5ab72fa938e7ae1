"""A fast path for the links the merge stage writes: ``[plain text](<url>)``.

Every glossary link is written ``[name](<url>)``, so a merged article holds
dozens of them and each note a few, and markdown-it's link rule reads each one
slowly: it scans the label token by token, then tokenizes it again as the
link's text (about 13 µs a link here, a fifth of parsing a merged article).

This rule runs just before markdown-it's ``link`` and takes only a link whose
text no inline rule could act on (none of ``[ ] \\ ` < & * _ ~ ! ^`` nor a
line break: markdown-it would append every character of it to the pending
text, exactly as the label stands) and whose destination is in angle brackets
with nothing markdown-it would unescape differently (no backslash), directly
followed by ``)``. For such a link it pushes the tokens markdown-it's rule
pushes (``link_open`` with the normalised ``href``, the text, ``link_close``)
and moves on; anything else, or a destination markdown-it would refuse
(``validateLink``), is left to markdown-it's rule, so the tokens are always the
ones it gives (tests/test_plain_links.py compares them).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_inline import StateInline

_LINK = re.compile(r"\[([^\[\]\\`<&*_~!^\n]+)\]\(<([^\n<>\\]*)>\)")


def plain_link(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``link`` rule for ``[plain text](<url>)`` (see the module)."""
    if state.src[state.pos] != "[":
        return False
    found = _LINK.match(state.src, state.pos, state.posMax)
    if found is None:
        return False
    href = state.md.normalizeLink(unescapeAll(found.group(2)))
    if not state.md.validateLink(href):
        return False  # markdown-it's rule then reads it as something else, or text
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        state.pending += found.group(1)
        state.push("link_close", "a", -1)
    state.pos = found.end()
    return True


def use_plain_links(md: MarkdownIt) -> None:
    """Put the fast path before this parser's ``link`` rule."""
    md.inline.ruler.before("link", "plain_link", plain_link)
