"""Keeping an editor's hand edits when a new version of the wire copy comes in.

A three-way merge by paragraph, as ``diff3`` merges lines: *base* is the
body the last import wrote, *ours* the body as the editor left it, *theirs*
the new version. Every change the editor made and every change the wire
made are applied together when no two of them touch the same paragraphs or
meet at the same place; anything else is ambiguous, and the caller refuses
rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

Change = tuple[int, int, list[str]]  # base paragraphs [start, end) replaced by these
_BLANK_LINE = re.compile(r"\n[ \t]*\n+")


def paragraphs(body: str) -> list[str]:
    """A body's blocks, split at blank lines (trailing spaces of lines kept)."""
    text = body.strip("\n")
    return [p for p in _BLANK_LINE.split(text) if p.strip()] if text.strip() else []


def changes(base: Sequence[str], other: Sequence[str]) -> list[Change]:
    matcher = SequenceMatcher(None, list(base), list(other), autojunk=False)
    return [(a1, a2, list(other[b1:b2]))
            for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal"]


def _touch(first: Change, second: Change) -> bool:
    """Whether two changes overlap or meet (adjacent changes count: ambiguous)."""
    return max(first[0], second[0]) <= min(first[1], second[1])


def merge(base: str, ours: str, theirs: str) -> tuple[str, list[int]] | None:
    """The merged body and the (1-based) paragraphs of ``ours`` the editor changed,
    or None when an editor's change and the wire's touch the same place."""
    old, mine_text, new = paragraphs(base), paragraphs(ours), paragraphs(theirs)
    mine, wire = changes(old, mine_text), changes(old, new)
    if any(_touch(m, w) for m in mine for w in wire):
        return None
    merged = list(old)
    for start, end, replacement in sorted(mine + wire, key=lambda c: (c[0], c[1]),
                                          reverse=True):
        merged[start:end] = replacement
    edited = _edited(old, mine_text)
    return "\n\n".join(merged) + "\n", edited


def _edited(old: list[str], ours: list[str]) -> list[int]:
    matcher = SequenceMatcher(None, old, ours, autojunk=False)
    return [index + 1 for tag, _, _, b1, b2 in matcher.get_opcodes() if tag != "equal"
            for index in range(b1, b2)]
