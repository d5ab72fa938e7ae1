"""markdown-it's link-destination parser with a fast path for ``<…>`` destinations.

The merge stage writes every glossary link as ``[name](<url>)`` (the angle
brackets keep any URL in one piece), so an article holds dozens of them, and
markdown-it reads each destination one character at a time in Python: about a
tenth of a job's parsing here. A bracketed destination without a backslash is
found with one regular-expression search instead; everything else (a
backslash inside the brackets, a destination without brackets) goes to
markdown-it's own function, so the result is always the one it gives.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import unescapeAll

# The characters that end (or complicate) a bracketed destination, as
# markdown-it's loop treats them: newline and "<" fail, ">" closes, "\" escapes.
_STOP = re.compile(r"[\n<>\\]")


class _Result:
    """The shape of markdown-it's result: ``ok``, ``pos`` after it, ``str``."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self, ok: bool = False, pos: int = 0, text: str = "") -> None:
        self.ok = ok
        self.pos = pos
        self.str = text


def parse_link_destination(string: str, pos: int, maximum: int) -> object:
    """``helpers.parseLinkDestination``, answered by one search when it can be."""
    if not string.startswith("<", pos) or pos >= maximum:
        return helpers.parseLinkDestination(string, pos, maximum)
    stop = _STOP.search(string, pos + 1, maximum)
    if stop is None or stop.group() in "\n<":
        return _Result()
    if stop.group() == "\\":
        return helpers.parseLinkDestination(string, pos, maximum)
    return _Result(True, stop.end(), unescapeAll(string[pos + 1:stop.start()]))


def use_fast_link_destinations(md: MarkdownIt) -> None:
    """Give this parser (only this one) the fast destination parser."""
    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=helpers.parseLinkLabel,
        parseLinkDestination=parse_link_destination,
        parseLinkTitle=helpers.parseLinkTitle)
