"""Inserting Markdown syntax into a paragraph so that nothing beside it parses anew.

The merge stage writes glossary links (``[`` … ``](<url>)``) and note
references (``[^id]``) into an article's source, which is then parsed again.
Inserted syntax must not change how its neighbours parse, and CommonMark reads
several things from a character's neighbours:

- ``!`` right before ``[`` makes an image, ``^`` an inline footnote; an
  unescaped ``\\`` escapes the ``[`` after it;
- ``]`` of a shortcut reference (``[baz]``) or a literal ``]`` right before
  ``[`` makes a full reference (``[baz][^n1]``); ``[^n1]`` right before a
  literal ``(`` or ``[`` makes an inline or full reference link; an inserted
  ``)``, ``[`` or ``]`` can complete a literal ``](`` or ``][`` before it;
- whether a run of ``*``, ``_`` or ``~`` may open or close emphasis depends on
  the characters either side of it (left- and right-flanking);
- the typographer reads ``--`` at the edge of a text token (an insertion makes
  one) otherwise than between two characters.

:class:`Guard` decides, per insertion point and from the characters around
it, what keeps the parse: a backslash before a literal character (it renders
as the character alone), ``[]`` after a shortcut reference (the collapsed form
means the same), or, for a delimiter run whose flanking would change, escaping
the run when it was literal text. Where nothing can keep the parse (a run that
is part of emphasis would change, an escape would spoil a typographer symbol)
it answers None and the caller leaves the text alone. Where nothing is at risk it adds nothing, so the output is
byte-identical to plain insertion.

Offsets are in the ``content`` of one inline token (the text markdown-it
parses inline); ``literal`` tells which of its characters the original parse
showed as text (:func:`literal_chars`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.rules_core.replacements import (
    EM_DASH_RE,
    EN_DASH_INDENT_RE,
    EN_DASH_RE,
)
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from briefing.text.markdown import markdown_parser
from briefing.text.source_runs import ESCAPABLE, escaped, source_end
from briefing.text.sourcemap import InlineMap

Edit = tuple[int, int, str]  # replace content[start:end] with the text
DELIMITERS = {"*": True, "_": False, "~": True}  # marker -> may split a word (markdown-it)
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENDS_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});$")
_SYMBOLS = ("(c)", "(r)", "(tm)")  # what the typographer makes symbols of
RUNS = frozenset([*DELIMITERS, "-"])  # runs whose reading depends on their neighbours


@dataclass(frozen=True)
class Plan:
    points: list[int]  # where the texts go
    edits: list[Edit]  # guard edits not made by an earlier plan
    inserted: dict[int, str]  # every insertion so far, with these


def literal_chars(mapped: InlineMap, children: list[Token], content: str) -> frozenset[int]:
    """Content offsets of the characters the parse showed as plain text (all of
    "--" or "&amp;" where one character shows). An autolink's text is no such
    text: a backslash in ``<...>`` is part of its address, so none may go there."""
    found: set[int] = set()
    autolinked = _in_autolinks(children)
    for child, offsets in mapped.offsets.items():
        if children[child].type != "text" or child in autolinked:
            continue
        if isinstance(offsets, range):  # copied verbatim
            found.update(offsets)
            continue
        for char, offset in zip(children[child].content, offsets, strict=False):
            if offset is not None:
                found.update(range(offset, source_end(content, offset, char)))
    return frozenset(found)


def _in_autolinks(children: list[Token]) -> frozenset[int]:
    """Indices of the children between an autolink's opening and closing tokens."""
    inside, found = False, set()
    for index, child in enumerate(children):
        if child.type in ("link_open", "link_close") and child.markup == "autolink":
            inside = child.type == "link_open"
        elif inside:
            found.add(index)
    return frozenset(found)


class Guard:
    """Insertions into one inline content, and the edits that keep its parse.

    Each call to :meth:`insert` sees the insertions accepted before it, so a
    delimiter run between two insertions is judged with both neighbours new.
    """

    def __init__(self, content: str, literal: Callable[[], frozenset[int]],
                 shortcuts: frozenset[int] = frozenset()):
        self.content = content
        self.shortcuts = shortcuts  # offsets after a shortcut reference (InlineMap)
        self._literal = literal
        self._known: frozenset[int] | None = None
        self.inserted: dict[int, str] = {}
        self._parens: list[int] | None = None  # each literal "(" or "[" right after "]"
        self.edits: dict[tuple[int, int], str] = {}

    def literal(self, at: int) -> bool:
        if self._known is None:
            self._known = self._literal()
        return at in self._known

    def plan(self, points: list[tuple[int, str]]) -> Plan | None:
        """What inserting text at each point (in order) takes: the points (one
        between a backslash and the character it escapes moves off it) and the
        edits they need; None if they cannot be made safe.
        Nothing is recorded until the plan is :meth:`accept`-ed."""
        points = [(self._off_escape(at, text), text) for at, text in points]
        trial = dict(self.inserted)
        trial.update(points)
        edits: dict[tuple[int, int], str] = {}
        for at, text in points:
            found = self._guard(at, text, trial)
            if found is None:
                return None
            edits.update(found)
        new = [(start, end, text) for (start, end), text in edits.items()
               if (start, end) not in self.edits]
        return Plan([at for at, _ in points], new, trial)

    def accept(self, plan: Plan) -> None:
        self.inserted = plan.inserted
        self.edits.update(((start, end), text) for start, end, text in plan.edits)

    def _off_escape(self, at: int, text: str) -> int:
        """A point between a backslash and the character it escapes: before the
        backslash for a link's start, after the character for anything else."""
        content = self.content
        if 0 < at < len(content) and content[at] in ESCAPABLE | {"\n"} \
                and self._unescaped(at - 1, "\\"):
            return at - 1 if text == "[" else at + (content[at] != "\n")
        return at

    def _unescaped(self, at: int, char: str) -> bool:
        """Whether ``content[at]`` is ``char`` and not escaped by a backslash."""
        content = self.content
        return 0 <= at < len(content) and content[at] == char and not escaped(content, at)

    def _guard(self, at: int, text: str, trial: dict[int, str]) -> dict | None:
        edits: dict[tuple[int, int], str] = {}
        left, right = self._left(at, text), self._right(at, text)
        if left is None or right is None:
            return None
        edits.update(left)
        edits.update(right)
        for start, end in self._runs(at):
            run = self._run(start, end, trial) if self.content[start] in DELIMITERS \
                else self._dashes(start, end, trial)
            if run is None:
                return None
            edits.update(run)
        opened = self._open_destinations(at, text)
        if opened is None:
            return None
        edits.update(opened)
        return self._beside_escapes(edits, trial)

    def _open_destinations(self, at: int, text: str) -> dict | None:
        """A literal "(" or "[" right after "]" before the point: an inserted ")"
        could close it into an inline link (``[baz](`` … ``[term](<url>)``), an
        inserted "[" be read as the label of ``[baz](<`` (markdown-it goes on
        from where the failed destination stopped), an inserted "]" close the
        label of ``[baz][``; escaped.
        Found once per content; each is escaped once, by the first insertion
        after it."""
        if self._parens is None:
            self._parens = [match.start() + 1 for match in re.finditer(r"\][(\[]", self.content)
                            if self.literal(match.start() + 1)
                            and self._unescaped(match.start(), "]")]
        while self._parens and (self._parens[0], self._parens[0] + 1) in self.edits:
            self._parens.pop(0)
        edits = {}
        for paren in self._parens[:bisect_left(self._parens, at)]:
            if self.content[paren:paren + 4].lower().startswith(_SYMBOLS):
                return None
            if self.content[paren] == "[" and self.literal(paren - 1):
                # "[baz][^f1]" is text when "^f1" is no label; "[baz]\\[" would be
                # the shortcut reference "[baz]", a link if "baz" is defined
                return None
            edits[paren, paren + 1] = "\\" + self.content[paren]
            if self.content[paren] == "[":
                continue  # "![alt][" with no label is the image "![alt]" still
            bang = self._opening(paren - 1) - 1
            if self._unescaped(bang, "!"):  # "![alt](" failed; "![alt]\\(" would be an image
                if not self.literal(bang) or self.content[bang - 1:bang] in ("!", "?"):
                    return None
                edits[bang, bang + 1] = "\\!"
        return edits

    def _edge_before(self, at: int) -> bool:
        """Whether a text token for the typographer starts at ``at``: markdown-it
        makes a token of its own of syntax, of "\\" with the character after it,
        and of an entity."""
        content = self.content
        if at == 0 or not self.literal(at - 1) or self._unescaped(at - 2, "\\"):
            return True
        return content[at - 1] == ";" and _ENDS_ENTITY.search(content, max(0, at - 34), at) \
            is not None

    def _edge_after(self, at: int) -> bool:
        """Whether a text token for the typographer ends at ``at`` (see above)."""
        content = self.content
        if at >= len(content) or not self.literal(at):
            return True
        if content[at] == "\\":  # an escape is a token; a "\\" ending the paragraph is text
            return at + 1 < len(content)
        return content[at] == "&" and _ENTITY.match(content, at) is not None

    def _beside_escapes(self, edits: dict, trial: dict[int, str]) -> dict | None:
        """A backslash escape ends a text token for the typographer as an
        insertion does: the dashes beside one are judged as beside an insertion."""
        edges = {**trial, **{at: "\\" for start, end in edits if end > start
                             for at in (start, end)}}
        for start, end in list(edits):
            for at in {start, end} if end > start else ():
                for run in self._runs(at):
                    if self.content[run[0]] != "-" or run == (start, end):
                        continue
                    found = self._dashes(*run, edges)
                    if found is None:
                        return None
                    edits.update(found)
        return edits

    def _left(self, at: int, text: str) -> dict | None:
        """The character before the point, against the inserted text's first."""
        if text[0] != "[" or at in self.inserted:
            return {}  # text inserted earlier is the neighbour
        if self._unescaped(at - 1, "\\"):
            # a literal backslash would escape the "["; escaped itself, it frees the
            # character after it from markdown-it's "\\x" token, so a "--" after
            # that would be read by the typographer from another edge; so would a
            # "--" before it, which the escape's token then ends
            if "-" in (self.content[at + 1:at + 2], self.content[at - 2:at - 1]):
                return None
            return {(at - 1, at): "\\\\"}
        if self.content[at - 1:at] in ("!", "^") and self._unescaped(at - 1, self.content[at - 1]):
            # "![" opens an image, "^[" an inline footnote; an escape would end
            # the typographer's "!!!!" (shown "!!!") early
            if not self.literal(at - 1) or self.content[at - 2:at - 1] in ("!", "?"):
                return None
            return {(at - 1, at): "\\" + self.content[at - 1]}
        if not self._unescaped(at - 1, "]"):
            return {}
        if self.literal(at - 1):
            return {(at - 1, at): "\\]"}
        return self._after_reference(at, text)

    def _after_reference(self, at: int, text: str) -> dict | None:
        """After the ``]`` of a link, image or footnote reference: a shortcut
        reference becomes a collapsed one; a full or collapsed one needs nothing."""
        content, opening = self.content, self._opening(at - 1)
        if opening < 0:
            return None
        if content.startswith("^", opening + 1):
            # [^f1][name] reads as a link when "name" is a defined label; [^f1][^n] never
            return {} if text.startswith("[^") else None
        if at not in self.shortcuts:
            return {}  # [text][label] or [text][]: complete
        if not (self._unescaped(opening - 1, "!") and self.literal(opening - 1)):
            return {(at, at): "[]"}
        if self.content[opening - 2:opening - 1] in ("!", "?"):
            return None  # escaping the "!" would end the typographer's "!!!!" early
        # "![baz](" that failed left "!" and a link; "![baz][]" would be an image
        return {(at, at): "[]", (opening - 1, opening): "\\!"}

    def _opening(self, closing: int) -> int:
        """The "[" that the "]" at ``closing`` closes; -1 if none."""
        depth, opening = 0, closing
        while opening >= 0:
            if self._unescaped(opening, "]"):
                depth += 1
            elif self._unescaped(opening, "["):
                depth -= 1
                if depth == 0:
                    break
            opening -= 1
        return opening

    def _right(self, at: int, text: str) -> dict | None:
        """The character after the point, against the inserted text's last."""
        if text[-1] != "]" or at >= len(self.content):
            return {}
        char = self.content[at]
        if char not in "([" or not self._unescaped(at, char):
            return {}
        if not self.literal(at) or self.content[at:at + 4].lower().startswith(_SYMBOLS):
            return None  # an escape would keep the typographer from making "(c)" "©"
        return {(at, at + 1): "\\" + char}

    def _runs(self, at: int) -> Iterable[tuple[int, int]]:
        """The delimiter and dash runs that end or start at the point."""
        content = self.content
        if at > 0 and content[at - 1] in RUNS:
            start = at - 1
            while start > 0 and content[start - 1] == content[at - 1]:
                start -= 1
            if not self._unescaped(start, content[start]):
                start += 1
            if start < at:
                yield start, at
        if at < len(content) and content[at] in RUNS and self._unescaped(at, content[at]):
            end = at + 1
            while end < len(content) and content[end] == content[at]:
                end += 1
            yield at, end

    def _run(self, start: int, end: int, trial: dict[int, str]) -> dict | None:
        """Nothing if the run's flanking is as before; else the run escaped if the
        parse showed it as text; None if it was emphasis."""
        if (start, end) in self.edits:
            return {}  # escaped already
        content = self.content
        before = content[start - 1] if start > 0 else " "
        after = content[end] if end < len(content) else " "
        now_before = trial[start][-1] if trial.get(start) else before
        now_after = trial[end][0] if trial.get(end) else after
        run = content[start:end]
        if _flags(before, run, after) == _flags(now_before, run, now_after):
            return {}
        if not all(self.literal(at) for at in range(start, end)):
            return None
        return {(start, end): "".join("\\" + char for char in run)}

    def _dashes(self, start: int, end: int, trial: dict[int, str]) -> dict | None:
        """Nothing if the typographer makes of the run what it made before; else
        the run escaped if it made nothing of it; None if it made a dash. (It
        reads ``--`` at the start or end of a text token differently, and an
        insertion starts or ends one.)"""
        if (start, end) in self.edits or end - start < 2:
            return {}
        content = self.content
        before = "" if self._edge_before(start) else content[start - 1]
        after = "" if self._edge_after(end) else content[end]
        run = content[start:end]
        was = _typeset(before, run, after)
        if was == _typeset("" if start in trial else before, run, "" if end in trial else after):
            return {}
        if was != run or not all(self.literal(at) for at in range(start, end)):
            return None
        return {(start, end): "\\-" * len(run)}


def _typeset(before: str, run: str, after: str) -> str:
    """What markdown-it's typographer makes of a run of dashes between two
    characters of its text token ("" for the token's edge); the rules keep the
    characters either side, which are no dashes."""
    text = EM_DASH_RE.sub("\\1\u2014", before + run + after)
    text = EN_DASH_INDENT_RE.sub("\\1\u2013", EN_DASH_RE.sub("\\1\u2013", text))
    return text[len(before):len(text) - len(after)]


@lru_cache(maxsize=4096)
def _flags(before: str, run: str, after: str) -> tuple[bool, bool]:
    """Whether a delimiter run between these characters may open and close,
    as markdown-it's own scanner decides."""
    state = StateInline(before + run + after, markdown_parser(), {}, [])
    scanned = state.scanDelims(1, DELIMITERS[run[0]])
    return scanned.can_open, scanned.can_close
