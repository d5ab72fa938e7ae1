"""Finding every term in a text with one compiled pattern per build.

All names (terms and aliases) are folded into a trie and the trie written out
as a single regular expression, so matching costs about the same with 10 or
1,000 terms: at each position the regex engine walks one trie path instead of
trying each name in turn. Case-insensitive names get a second trie compiled
with ``re.IGNORECASE``; the longest match wins where the two overlap.

Names are matched in *normalised* text (see ``briefing.text.normal.for_anchoring``:
straight quotes, ``-`` for every dash, single spaces), on Unicode word
boundaries, and a hyphen or a space inside a name matches either, so
"Nagorno-Karabakh" also finds "Nagorno Karabakh" and "Nagorno–Karabakh".
A possessive ("Azerbaijan's") matches its name; a longer word
("Nakhchivani") does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.core.memos import forget_in_workers
from briefing.model.glossary import Glossary
from briefing.text.normal import for_glossary

FOUND_CAPACITY = 50_000  # texts whose matches a matcher remembers


@dataclass(frozen=True)
class Match:
    slug: str
    start: int
    end: int


def _trie_pattern(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _atom(char: str) -> str:
    return "[- ]" if char in "- " else re.escape(char)


def _node_pattern(node: dict) -> str:
    ends = "" in node
    branches = [_atom(c) + _node_pattern(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def _first_char_guard(names: list[str]) -> str:
    """A lookahead for the characters a name can start with, or "" if a name is empty.

    Changes no match (every match starts with such a character, read with the
    pattern's own case rule), but at the many positions where no name can start
    the regex engine stops at one character class instead of trying every branch
    of the trie.
    """
    if not all(names):
        return ""
    firsts = {name[0] for name in names}
    if firsts & set("- "):
        firsts |= set("- ")  # as _atom: either one matches both
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


class Matcher:
    """Compiled once per build from the glossary."""

    def __init__(self, glossary: Glossary):
        self._owner: dict[str, str] = {}
        self._found: dict[str, tuple[Match, ...]] = {}  # text -> its matches (see find)
        self._patterns: list[re.Pattern[str]] = []
        for sensitive in (True, False):
            names = []
            for term in glossary.terms:
                if term.case_sensitive != sensitive:
                    continue
                for name in term.names:
                    key = self._key(for_glossary(name), sensitive)
                    self._owner.setdefault(key, term.slug)
                    names.append(for_glossary(name))
            if names:
                flags = 0 if sensitive else re.IGNORECASE
                self._patterns.append(re.compile(
                    _first_char_guard(names) + r"(?<!\w)" + _trie_pattern(sorted(set(names)))
                    + r"(?!\w)", flags))
        self._sensitive = {self._key(for_glossary(n), True) for t in glossary.terms
                           if t.case_sensitive for n in t.names}
        forget_in_workers(self.forget)  # a worker's texts: see core/memos.py

    def forget(self) -> None:
        """Let go of the matches remembered (see :meth:`find`)."""
        self._found.clear()

    @staticmethod
    def _key(name: str, sensitive: bool) -> str:
        return (name if sensitive else name.casefold()).replace("-", " ")

    def _slug(self, text: str) -> str | None:
        exact = self._key(text, True)
        if exact in self._sensitive:
            return self._owner[exact]
        return self._owner.get(self._key(text, False))

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in normalised ``text``, leftmost-longest first.

        Remembered per text: the glossary checks look again at every block the
        merge stage linked. A fresh list each time, so callers may change it.
        """
        known = self._found.get(text)
        if known is None:
            known = self._find(text)
            if len(self._found) >= FOUND_CAPACITY:
                self._found.clear()  # a long-running preview: start over, never grow
            self._found[text] = known
        return list(known)

    def _find(self, text: str) -> tuple[Match, ...]:
        found = []
        for pattern in self._patterns:
            for m in pattern.finditer(text):
                slug = self._slug(m.group())
                if slug is not None:
                    found.append(Match(slug, m.start(), m.end()))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Match] = []
        for match in found:
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return tuple(chosen)


@lru_cache(maxsize=4)
def compiled(glossary: Glossary) -> Matcher | None:
    """The glossary's matcher, compiled once however many stages ask for it."""
    return Matcher(glossary) if glossary.terms else None
