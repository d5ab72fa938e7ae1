"""Cleaning raw wire text and cutting it into paragraph units.

Wire copy arrives in every shape: one paragraph per line, blank-line separated
blocks, or hard-wrapped at 70-80 columns, with Windows line endings, a BOM or
non-breaking spaces. This module hides all of that behind :func:`split_units`,
so the headline and duplicate logic only ever sees clean one-line units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.core.typography import OTHER_SPACES, ZERO_WIDTH, ends_sentence

# Spaces that wire systems emit but that mean nothing more than " " in a paragraph
# (lines are already split, so only the horizontal ones are left).
_ODD_SPACES = re.compile("[" + re.escape(OTHER_SPACES) + "]")
# Zero-width characters and stray BOMs only break matching; a soft hyphen is
# kept, as a hyphenation hint the agency may mean.
_INVISIBLE = re.compile("[" + ZERO_WIDTH + "]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
# A line ending in a hyphen or dash glued to a word continues that word on the next line.
_GLUED_DASH = re.compile(r"\S[-\u2010\u2011\u2013\u2014]$")

WRAP_WIDTH = 100       # hard-wrapped lines are ~70-80 columns; allow some slack
WRAPPED_SHARE = 0.9    # share of lines in multi-line blocks that must fit WRAP_WIDTH
CONTINUED_SHARE = 0.6  # share of inner lines that must stop mid-sentence


@dataclass(frozen=True)
class Unit:
    """One paragraph candidate and the 1-based source line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class Units:
    """The units of a report and whether hard-wrapped lines were joined."""

    units: tuple[Unit, ...]
    hard_wrapped: bool


def clean_line(line: str) -> str:
    """Normalise one line's whitespace so equal text compares equal."""
    line = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", line))
    return _RUNS_OF_SPACES.sub(" ", line).strip()


def clean_lines(text: str) -> list[str]:
    """Split on any line ending (CRLF, CR, LF, U+2028 ...) and clean each line."""
    return [clean_line(line) for line in text.splitlines()]


def blocks_of(lines: Sequence[str]) -> list[list[Unit]]:
    """Group non-empty lines into blank-line separated blocks, keeping line numbers."""
    blocks: list[list[Unit]] = []
    current: list[Unit] = []
    for number, line in enumerate(lines, start=1):
        if line:
            current.append(Unit(line, number))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def looks_hard_wrapped(blocks: Sequence[Sequence[Unit]]) -> bool:
    """True when multi-line blocks read as wrapped paragraphs, not one line per paragraph.

    Wrapped lines are short, and the lines inside a block mostly stop
    mid-sentence; a file with one paragraph per line has long lines or lines
    that each end a sentence. The first block is left out when others can
    decide, as it often holds a stand-first and headline on separate lines.
    """
    multi = [block for block in blocks if len(block) > 1]
    if len(multi) > 1 and multi[0] is blocks[0]:
        multi = multi[1:]
    lines = [unit.text for block in multi for unit in block]
    inner = [unit.text for block in multi for unit in block[:-1]]
    if not inner:
        return False
    short = sum(len(line) <= WRAP_WIDTH for line in lines) / len(lines)
    continued = sum(not ends_sentence(line) for line in inner) / len(inner)
    return short >= WRAPPED_SHARE and continued >= CONTINUED_SHARE


def separate_lines(block: Sequence[Unit]) -> bool:
    """In a wrapped file, a block whose lines all end a sentence is not one paragraph.

    That is the shape of a stand-first above a headline, or of a list of
    one-sentence items; joining them would bury the headline in the stand-first.
    """
    return all(ends_sentence(unit.text) for unit in block[:-1])


def join_wrapped(block: Sequence[Unit]) -> Unit:
    """Join a wrapped block into one unit; a word split at a hyphen is glued back."""
    text = block[0].text
    for unit in block[1:]:
        glue = "" if _GLUED_DASH.search(text) else " "
        text = f"{text}{glue}{unit.text}"
    return Unit(text, block[0].line)


def split_units(text: str) -> Units:
    """Cut cleaned text into paragraph units, joining hard-wrapped blocks."""
    blocks = blocks_of(clean_lines(text))
    if not looks_hard_wrapped(blocks):
        return Units(tuple(unit for block in blocks for unit in block), False)
    units: list[Unit] = []
    for block in blocks:
        units.extend(block if separate_lines(block) else [join_wrapped(block)])
    return Units(tuple(units), True)
