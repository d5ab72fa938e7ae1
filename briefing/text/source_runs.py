"""How far the source of one shown character reaches.

Most characters a reader sees are one character of the Markdown source, but
some stand for more: an entity (``&amp;``), an escaped backslash, what the
typographer made one character of (``--``, ``...``, ``(c)``, ``,,``) and the
runs it shortened (``!...`` shown as ``!..``, ``!!!!`` as ``!!!``). Text the
merge stage inserts after a character must go after all of its source, or it
would cut what the parser reads as one thing (sourcemap.py, guard.py).
"""

from __future__ import annotations

import html
import re

ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # what a backslash escapes
ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
REPLACED = {"\u00a9": "(c)", "\u00ae": "(r)", "\u2122": "(tm)", "\u00b1": "+-"}


def source_end(content: str, found: int, char: str) -> int:
    """Where the source of the character after ``char`` (found at ``found``)
    starts: past an entity, or past the "--", "---", dots, commas or "(c)" the
    typographer made one character of; right after it when a backslash escapes
    it (``\\&amp;`` shows "&amp;": its "&" is no entity's)."""
    if escaped(content, found):
        return found + 1
    made = REPLACED.get(char)
    if made is not None and content[found:found + len(made)].lower() == made:
        return found + len(made)
    if char == "\\" and content.startswith("\\\\", found):  # "\\" shows as one "\"
        return found + 2
    if char == "&":
        entity = ENTITY.match(content, found)
        if entity is not None and html.unescape(entity.group()) == char:
            return entity.end()
    if char in "\u2013\u2014" and content[found] == "-":
        size = 2 if char == "\u2013" else 3
        if content[found:found + size] == "-" * size:
            return found + size
    if (char == "\u2026" and content[found] == ".") or char == ",":  # ",," shows as ","
        end = found
        while end < len(content) and content[end] == content[found]:
            end += 1
        return end
    return replaced_run_end(content, found, char) or found + 1


def escaped(content: str, at: int) -> bool:
    """Whether the character at ``at`` follows a backslash that escapes it (an
    odd run of backslashes: ``\\\\`` is an escaped backslash)."""
    start = at
    while start > 0 and content[start - 1] == "\\":
        start -= 1
    return (at - start) % 2 == 1


def replaced_run_end(content: str, at: int, char: str) -> int | None:
    """The end of a run the typographer shortened that the character shown at
    ``at`` belongs to, else None: "!..." shows as "!.." (dots after "?" or "!",
    two or more, show as two) and "!!!!" as "!!!" (four or more of "?" and "!"
    show as three). Text inserted inside such a run would cut it in two, and
    each part would show otherwise."""
    if char == "." == content[at:at + 1] and "." in (content[at - 1:at], content[at + 1:at + 2]):
        end = at
        while end < len(content) and content[end] == ".":
            end += 1
        return end
    if char in "?!":
        start, end = at, at
        while start > 0 and content[start - 1] in "?!":
            start -= 1
        while end < len(content) and content[end] in "?!":
            end += 1
        dots = content.startswith("..", end)  # "!.." is made of "!" and the dots
        if end - start < 4 and not (dots and at == end - 1):
            return None
        while dots and end < len(content) and content[end] == ".":
            end += 1
        return end
    return None


def entity_at(content: str, at: int, char: str) -> tuple[int, int] | None:
    """Start and end of an entity showing ``char`` at ``at`` (or after the line
    break and spaces there, which the text's own break token stands for)."""
    while at < len(content) and content[at] in " \t\n" and not char.isspace():
        at += 1
    if not content.startswith("&", at):
        return None
    entity = ENTITY.match(content, at)
    if entity is None or html.unescape(entity.group()) != char:
        return None
    return at, entity.end()
