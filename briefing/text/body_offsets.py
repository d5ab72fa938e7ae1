"""Offsets in a whole Markdown body of offsets in one inline token's content.

An inline token's content lacks what the block structure took off each line
(indentation, ``>`` and list markers), and a table cell's lacks the backslash
of each ``\\|``; the edits the merge stage makes are offsets into the body, so
each content offset is found again in its line of the body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from markdown_it.token import Token


def body_offset(body: str, inline_token: Token, content_offset: int) -> int | None:
    """Offset in the whole Markdown body of an offset in an inline token's content."""
    if inline_token.map is None:
        return None
    content = inline_token.content
    line_starts = _line_starts(content)
    line_number = bisect_right(line_starts, content_offset) - 1
    column = content_offset - line_starts[line_number]
    source_number = inline_token.map[0] + line_number
    # A "|" in a cell was written "\|": the escaped form first, since the bare
    # one may be found where the row's markup happens to read alike ("_ |" of
    # "_em_ | _ \|"), and found once, at the wrong place.
    found = _line_in_source(body, _escaped_pipes(content), source_number, line_number) \
        if "|" in content else None
    if found is not None:
        column += content.count("|", line_starts[line_number], content_offset)
    else:
        found = _line_in_source(body, content, source_number, line_number)
        if found is None:
            return None
    return _lines(body)[1][source_number] + found + column


@lru_cache(maxsize=8)
def _escaped_pipes(content: str) -> str:
    """A table cell's content as its row writes it: every ``|`` in a cell was
    written ``\\|`` (an unescaped one ends the cell), and the table rule takes
    the backslashes out before the cell is parsed."""
    return content.replace("|", "\\|")


@lru_cache(maxsize=8)
def _line_starts(content: str) -> list[int]:
    """Where each line of an inline token's content starts: once per token, not
    once per term or note in it (a long paragraph holds thousands). Callers must
    not change the list."""
    return [0, *(match.end() for match in re.finditer("\n", content))]


@lru_cache(maxsize=1024)
def _line_in_source(body: str, content: str, source_number: int, line_number: int
                    ) -> int | None:
    """Where a line of an inline token's content starts in its line of the body
    (after the indentation, ``>`` and list markers the content lacks); None when
    it is not there, or there twice (table cells of one row share a line).
    Remembered: searching a long line for each mention in it
    would take time growing with the square of its length."""
    starts = _line_starts(content)
    end = starts[line_number + 1] - 1 if line_number + 1 < len(starts) else len(content)
    line_text = content[starts[line_number]:end]
    source_line = _lines(body)[0][source_number]
    found = source_line.find(line_text) if line_text else len(source_line)
    if found != -1 and line_text and source_line.find(line_text, found + 1) != -1:
        return None  # a table cell whose text another cell of the row holds: which one?
    return None if found == -1 else found


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
