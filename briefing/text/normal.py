"""Normal forms of text, one per purpose, all built on :mod:`briefing.core.typography`.

Each purpose forgives different differences, so each has its own form; but
all of them read quotes, dashes, invisible characters and spaces from the one
table, so two forms never disagree about what a quote mark is.

* :func:`merge_body`: the merge stage's tidying of a Markdown body (NFC,
  blank lines, trailing spaces); changes nothing a reader sees.
* :func:`for_anchoring`: the text a note's quote is found in; keeps length
  information (``origin``) so a match maps back to the visible text.
* :func:`anchoring_text` and :func:`for_glossary`: a quote, prefix or term
  name in that same form, so it can be searched for in anchored text.
* :func:`for_comparing`: casefolded words only, for comparing two desks'
  wordings of one quotation.
* :func:`for_repeats`: casefolded, punctuation kept, for telling whether a
  paragraph repeats another (:mod:`briefing.text.repeats`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.core.typography import EXPANSIONS, INVISIBLE, OTHER_SPACES, STRAIGHTEN


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: Sequence[int]  # for each character, the index of the source character


_INVISIBLE_CLASS = re.escape("".join(sorted(INVISIBLE)))
_EXPANDED = "".join(EXPANSIONS)
_LENGTH_CHANGES = re.compile(f"[{_EXPANDED}{_INVISIBLE_CLASS}]|[^\\S ]|  ")
# _LENGTH_CHANGES but for the double space, as one character class: much
# faster to search for than three alternatives tried at every position.
_LENGTH_CHANGING_CHAR = re.compile(
    "[" + re.escape(_EXPANDED + "".join(sorted(INVISIBLE)) + OTHER_SPACES) + "]")
# What for_anchoring() shortens or lengthens: a run of spaces (invisibles inside
# or after it included, as they are dropped anyway), invisibles, an ellipsis.
_LENGTH_CHANGING_RUN = re.compile(
    rf"\s[\s{_INVISIBLE_CLASS}]*|[{_INVISIBLE_CLASS}]+|[{_EXPANDED}]")
_REPLACEMENTS = tuple((chr(old), new) for old, new in STRAIGHTEN.items())
_ASCII_REPLACEMENTS = tuple((old, new) for old, new in _REPLACEMENTS if old.isascii())


def _changes_length(text: str) -> bool:
    """Whether normalising drops or adds characters (same as ``_LENGTH_CHANGES.search``)."""
    return "  " in text or _LENGTH_CHANGING_CHAR.search(text) is not None


def _replace_one_for_one(text: str) -> str:
    """``text.translate(STRAIGHTEN)``, faster: CPython's translate looks every
    character up in the table, while most texts hold none or a few of its keys.
    Replacing one key after another gives the same text because no replacement
    (a straight quote or a hyphen) is itself a key."""
    for old, new in _ASCII_REPLACEMENTS if text.isascii() else _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def for_anchoring(text: str) -> Normalised:
    """One space for any whitespace run; straight quotes and hyphens; no invisibles.

    ``text`` should already be NFC (article bodies are, after :func:`merge_body`),
    so that ``origin`` indexes it directly.
    """
    if not _changes_length(text):  # the usual case: only 1:1 replacements
        return Normalised(_replace_one_for_one(text), range(len(text)))
    pieces: list[str] = []
    origin: list[int] = []
    at = 0
    for found in _LENGTH_CHANGING_RUN.finditer(text):
        start = found.start()
        if start > at:
            pieces.append(text[at:start])
            origin.extend(range(at, start))
        first = text[start]
        if first in EXPANSIONS:
            pieces.append(EXPANSIONS[first])
            origin.extend([start] * len(EXPANSIONS[first]))
        elif first.isspace():  # the run's first space stands for all of it
            pieces.append(" ")
            origin.append(start)
        at = found.end()  # invisibles (and the rest of a run of spaces) are dropped
    pieces.append(text[at:])
    origin.extend(range(at, len(text)))
    # The 1:1 replacements last: none of them touches " " or ".", all this adds.
    return Normalised(_replace_one_for_one("".join(pieces)), tuple(origin))


def anchoring_text(text: str) -> str:
    """The anchoring form alone, NFC and trimmed: for quotes, prefixes and suffixes."""
    return for_anchoring(unicodedata.normalize("NFC", text)).text.strip()


def for_glossary(name: str) -> str:
    """A term's name as it is searched for: the anchoring form, because names
    are found in the anchoring form of each block (see :mod:`briefing.glossary.matcher`)."""
    return anchoring_text(name)


_DASH_RUN = re.compile(r"-+")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE_RUN = re.compile(r"\s+")
_WORD = re.compile(r"\S*\w\S*")
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))


def _marks_unified(text: str) -> str:
    """One quote and one dash character for all their variants, no invisibles, NFKC.

    Straightened before NFKC, which would turn U+00B4 into a space and a
    combining accent (and U+2033 into two primes).
    """
    return unicodedata.normalize("NFKC", text.translate(STRAIGHTEN).translate(_DROP_INVISIBLE))


def for_comparing(text: str) -> str:
    """Casefolded words only: marks unified, dashes split words, other punctuation removed.

    Two desks quoting one sentence differ in things a reader does not notice. A
    dash separates words ("area—a territory" is two words), while an
    apostrophe inside a word is dropped ("It's" → "its"), so both spellings of
    a contraction compare equal.
    """
    text = _PUNCTUATION.sub("", _DASH_RUN.sub(" ", _marks_unified(text)))
    return _SPACE_RUN.sub(" ", text).strip().casefold()


def for_repeats(text: str) -> str:
    """Fold what a resent paragraph changes: case, spacing, quote and dash styles.

    Punctuation stays (a changed mark is a small change, not none).
    """
    return _SPACE_RUN.sub(" ", _marks_unified(text)).strip().casefold()


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding at least one letter or digit.

    A lone dash or ellipsis is not a word; "long-standing" is one, as a reader
    would count it.
    """
    return len(_WORD.findall(text))


_SPACE = " \t"
# A line that may belong to a code block: a fence, or four columns of indent.
_MAYBE_CODE = re.compile(r"```|~~~|^(?: {4}|\t)", re.MULTILINE)
_TRAILING_BLANK = re.compile(r"\S[ \t]+\n")  # a line with text that ends in blanks


def merge_body(text: str) -> str:
    """NFC, no trailing spaces, one blank line between blocks, one final newline.

    Two or more trailing spaces before a following line (a Markdown hard break)
    become exactly two, so the meaning survives; lines of code blocks (fenced
    or indented, at any depth of lists and quotes) are left exactly as written,
    and so are the trailing blanks of a body whose code span runs over a line
    end (inside one, a line end and the blanks before it read as spaces).
    """
    text = unicodedata.normalize("NFC", text)
    code = code_lines(text) if _MAYBE_CODE.search(text) else frozenset()
    tidied = _tidied(text, code, strip=True)
    if "`" in text and _TRAILING_BLANK.search(text) and _code_spans(tidied) != _code_spans(text):
        return _tidied(text, code, strip=False)
    return tidied


def _tidied(text: str, code: frozenset[int], strip: bool) -> str:
    out: list[str] = []
    in_code: list[bool] = []  # whether each line of ``out`` is a code block's
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index in code:
            out.append(line)
            in_code.append(True)
            continue
        stripped = line.rstrip(_SPACE)  # only ASCII blanks: a no-break space is content
        if not stripped and out and not out[-1]:
            continue  # one blank line separates blocks; more add nothing
        continues = index + 1 < len(lines) and lines[index + 1].strip(_SPACE)
        if (not strip or stripped.endswith("--")) and stripped:
            stripped = line  # a blank after "--" keeps the typographer from a dash
        elif line.endswith("  ") and stripped and continues:
            stripped += "  "  # a hard break: keep exactly the two spaces that make it
        out.append(stripped)
        in_code.append(False)
    while out and not out[-1] and not in_code[len(out) - 1]:
        out.pop()  # blank lines at the end, unless a fence left open holds them
    body = "\n".join(out).lstrip("\n")
    if in_code and in_code[-1] and not text.endswith("\n"):
        return body  # a fence left open at the very end: a newline would be code
    return body + "\n" if body else ""


def _code_spans(text: str) -> list[str]:
    """The text of every code span, in order (for bodies with a backtick only)."""
    from briefing.text.markdown import markdown_parser

    return [child.content for token in markdown_parser().parse(text) if token.children
            for child in token.children if child.type == "code_inline"]


def code_lines(text: str) -> frozenset[int]:
    """The lines of ``text`` (counted from 0) that code blocks hold, found by
    CommonMark's own reading: a hand-made fence tracker misses fences in lists
    and quotes, indented code, and fences that an info string keeps open."""
    from briefing.text.markdown import markdown_parser  # only for bodies with code

    return frozenset(line for token in markdown_parser().parse(text)
                     if token.type in ("fence", "code_block") and token.map
                     for line in range(*token.map))
