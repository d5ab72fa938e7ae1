"""Closing a fenced code block that a text leaves open at its end.

CommonMark lets a fence run to the end of the document when it is never
closed, so anything written after such a body (the merge stage appends the
notes' footnote definitions and the unplaced notes) would become code. The
fix is the line that closes it: the code block keeps exactly the lines it had,
and what follows is read as Markdown again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token


def closing_fence(tokens: Sequence[Token], text: str) -> str:
    """The line that closes the top-level fence ``text`` (parsed as ``tokens``)
    leaves open at its end, or "" when it leaves none open. A fence inside a
    list, block quote or footnote ends with its container at the next blank
    line and unindented text, so only a top-level one can swallow what follows."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()  # as markdown-it counts lines: the last newline ends one
    for token in reversed(tokens):
        if token.level != 0 or token.map is None:
            continue
        if token.type != "fence" or token.map[1] < len(lines):
            return ""
        start, end = token.map
        if end - 1 > start and _closes(lines[end - 1], token.markup):
            return ""
        return token.markup
    return ""


def _closes(line: str, opening: str) -> bool:
    """Whether ``line`` closes a fence opened with ``opening`` (CommonMark 4.5):
    up to three spaces, the same character at least as many times, then blanks."""
    char = re.escape(opening[0])
    return re.fullmatch(rf" {{0,3}}{char}{{{len(opening)},}}[ \t]*", line) is not None
