"""Markdown nested deeper than the parser goes, found so it is not lost without a word.

markdown-it stops at ``maxNesting`` levels (20 in the CommonMark preset briefing
uses) and drops whatever lies deeper: block quotes 20 deep, lists 10 deep (a list
item is two levels: the list and the item). That limit protects the parser from
runaway recursion and stays; but an editor must be told that text is missing.

Parsing is the dearest step of a build, so a scan of line prefixes comes first:
a level costs at least one column of a line's prefix (``>``) and a list two
(marker and space, or indentation), so a text no line of which has at least
half the limit in prefix columns cannot reach it, and is not parsed here.
Only texts with such a line are parsed, and the tokens then say exactly what
was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.core.errors import Diagnostics
from briefing.core.schema import Invalid, Where, text
from briefing.core.controls import CONTROL, control_name, one_line_end
from briefing.text.markdown import markdown_parser

MAX_NESTING = 20  # markdown-it's CommonMark preset (tests check it is the parser's)
_PREFIX = r"(?:[ \t>]|[-*+](?=\s)|\d{1,9}[.)](?=\s)|\[\^[^\]\n]*\]:)"
_DEEP_LINE = re.compile(rf"^{_PREFIX}{{{MAX_NESTING // 2},}}", re.MULTILINE)
_MARKERS = re.compile(rf"^{_PREFIX}*")
_CONTAINERS = {"blockquote_open": "block quote", "list_item_open": "list item"}
SHOWN = 40  # characters of the dropped text quoted in the warning


@dataclass(frozen=True)
class TooDeep:
    """The first container whose content the parser dropped."""

    line: int  # from 0, in the text
    what: str  # "block quote" or "list item"
    dropped: str  # the start of the text left out

    def message(self) -> str:
        return (f"Markdown nested too deeply: what this {self.what} holds "
                f"(“{self.dropped}”) is left out of the page, since it is {MAX_NESTING} "
                f"levels deep and at most {MAX_NESTING - 1} are shown (a block quote counts "
                "one level, a list two)")


def too_deep(text: str) -> TooDeep | None:
    """What the parser leaves out of ``text`` for nesting too deeply, if anything."""
    scanned = text.replace("\t", "    ") if "\t" in text else text  # a tab: up to 4 columns
    if not _DEEP_LINE.search(scanned):
        return None
    from briefing.text.markdown import (
        markdown_parser,  # only now: most texts never get here
    )

    parser = markdown_parser()
    deepest = parser.options.maxNesting - 1
    lines = text.splitlines()
    for token in parser.parse(text):
        if token.nesting == 1 and token.level >= deepest and token.type in _CONTAINERS \
                and token.map:
            start, end = token.map
            dropped = next((plain for plain in (_MARKERS.sub("", line, count=1).strip()
                                                for line in lines[start:end]) if plain), "")
            if dropped:
                shown = dropped if len(dropped) <= SHOWN else dropped[:SHOWN - 1] + "…"
                return TooDeep(start, _CONTAINERS[token.type], shown)
    return None


def warn_too_deep(text: str, path: Path, line: int, diagnostics: Diagnostics) -> None:
    """A warning at the line where ``text`` (starting on ``line`` of ``path``) loses
    content for nesting too deeply; nothing when it does not."""
    found = too_deep(text)
    if found is not None:
        diagnostics.warning(path, line + found.line, found.message(),
                            "flatten the quotes or lists")


def markdown_text(value: Any, where: Where) -> str:
    """Text rendered as Markdown (a note's body, a definition, a story's summary): as
    :func:`text`, with a warning where the Markdown nests too deeply to be shown.
    A value ending in a newline is taken to be a block scalar (``|``), whose text
    starts on the line after the key."""
    result = one_line_end(text(value, where))
    found = CONTROL.search(result)
    if found is not None:
        raise Invalid(f"{control_name(found.group())}: Markdown cannot show it; delete it "
                      "(in a quoted value, an escape such as \\0 or \\a writes one)")
    if isinstance(value, str):
        warn_too_deep(value, where.path, where.line + value.endswith("\n"), where.diagnostics)
    if "![" in result and isinstance(value, str):
        _check_pictures(result)  # parsed only when it may hold one
    return result


def _check_pictures(markdown: str) -> None:
    """No picture: these texts are shown on several pages, as text. (Their
    relative links are resolved against the page each was written for when
    rendered, core/html_links.py, so they lead to one place from every page.)"""
    children = [child for token in markdown_parser().parse(markdown)
                for child in token.children or ()]
    if any(child.type == "image" for child in children):
        raise Invalid("a picture in this text would not be shown (it is shown on several "
                      "pages, as text): put the picture in an article's body or make it "
                      "the lead image (image:), and link to it here if need be")


def first_picture_line(markdown: str) -> int | None:
    """The line (from 0) of the first Markdown picture in ``markdown``, if any:
    for texts that do not show pictures (a plain page's body)."""
    if "![" not in markdown:
        return None
    for token in markdown_parser().parse(markdown):
        if any(child.type == "image" for child in token.children or ()):
            return token.map[0] if token.map else 0
    return None
