"""Writing plain text as Markdown that renders exactly as the text reads.

Wire copy and the fields of an annotation (title, author, rating, a source's
title) are plain text: a paragraph that starts "1. " or "# ", or a word in
*asterisks*, must not turn into a list, heading or emphasis. This is the one
escaper for both; it escapes only what would start Markdown syntax, so the
Markdown stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Inline characters that open emphasis, code, links, strikethrough or escapes.
_INLINE = re.compile(r"([\\*_`\[\]~])")
# "<" before a letter could open an autolink (<https://...>, <name@host>), and
# before a letter, "/", "?" or "!" raw HTML (</em>, <?php, <!--) wherever the
# Markdown is read with HTML on (index.md, read by other tools).
_AUTOLINK = re.compile(r"<(?=[A-Za-z/?!])")
# "&" that starts an entity reference (&amp; &#169;) would be decoded.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Markers that make a block when they open a line.
_HEADING = re.compile(r"#{1,6}(?=\s|$)")
_QUOTE_OR_BULLET = re.compile(r"(?:>|[-+*](?=\s|$))")
_THEMATIC_BREAK = re.compile(r"([-_*])(?:\s*\1){2,}\s*$")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
# A line of "=" under a paragraph line would make it a heading, and a line of
# "-", ":" and "|" under one with a "|" would make a table.
_UNDERLINE = re.compile(r"=+[ \t]*$|[-:|][-:| \t]*$")
_LINE_END = re.compile(r"\r\n|\r|\n")


def escape_inline(text: str) -> str:
    """Backslash-escape characters that would start inline Markdown syntax.

    Safe inside emphasis, link text or a footnote, where the text does not
    start a line.
    """
    text = _INLINE.sub(r"\\\1", text)
    text = _AUTOLINK.sub(r"\\<", text)
    return _ENTITY.sub(r"\\&", text)


def escape_block_start(text: str) -> str:
    """Escape a heading, quote, bullet, rule or list number at the start of a paragraph."""
    if _HEADING.match(text) or _QUOTE_OR_BULLET.match(text) or _THEMATIC_BREAK.match(text):
        return "\\" + text
    ordered = _ORDERED.match(text)
    if ordered:
        return f"{ordered.group(1)}\\{text[ordered.end(1):]}"
    return text


def escape_paragraph(text: str) -> str:
    """One paragraph of plain text as Markdown that renders as that same text.

    Each line's start is escaped, as a later line could open a block too.
    """
    lines = _LINE_END.split(escape_inline(text))
    return "\n".join(_escape_line_start(line, later) for later, line in
                     enumerate(lines))


def _escape_line_start(line: str, later: int) -> str:
    """Inline escaping already made "*", "_" and "~" literal; the start still needs care.

    Spaces that start a line are dropped: a reader never sees them, and four
    would make the paragraph a code block.
    """
    line = line.lstrip(" \t")
    if later and _UNDERLINE.match(line):
        return "\\" + line
    return line if line.startswith("\\") else escape_block_start(line)


def markdown_body(paragraphs: Iterable[str]) -> str:
    """Paragraphs separated by one blank line, ending with exactly one newline."""
    return "\n\n".join(escape_paragraph(p) for p in paragraphs) + "\n"
