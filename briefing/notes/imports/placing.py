"""Finding an imported note's passage in its article, or the closest one.

The W3C export's offsets count code points in the article's anchoring text
with blocks joined by newlines (notes/article_text.py), so a
``TextPositionSelector`` that still points at the quoted words is taken as it
is. Otherwise every occurrence of the quote is a candidate, and the one whose
surroundings agree with the selector's ``prefix`` and ``suffix`` (spaces
ignored) wins; a tie is refused, naming the paragraphs, as the build refuses
a quote it finds more than once. A quote found nowhere is reported with the
closest passage, as the build reports a quote it cannot find.
"""

from __future__ import annotations

import re

from briefing.annotations.anchor import best_passage
from briefing.notes.article_text import ArticleText
from briefing.notes.desk import Place
from briefing.notes.imports.documents import ForeignNote
from briefing.text.normal import anchoring_text
from briefing.text.textmap import counted

_SPACES = re.compile(r"\s+")


def place(article: ArticleText, note: ForeignNote) -> Place | str:
    """Where the note goes, or why it cannot go anywhere."""
    if not note.exact or not note.exact.strip():
        return "it has no TextQuoteSelector, so no quoted words to find"
    quote = anchoring_text(note.exact)
    text = article.text
    if note.position and text[note.position[0]:note.position[1]] == quote:
        return _in_block(article, note.position[0], len(quote))
    starts = _occurrences(text, quote)
    if not starts:
        return _closest(article, quote)
    scores = {at: _agrees(text, at, at + len(quote), note) for at in starts}
    best = [at for at in starts if scores[at] == max(scores.values())]
    if len(best) > 1:
        return _ambiguous(article, quote, best)
    return _in_block(article, best[0], len(quote))


def _ambiguous(article: ArticleText, quote: str, starts: list[int]) -> str:
    """Why a quote found in several places, none told from the others by the
    selector's prefix and suffix, is not placed: a guess would attach the note
    to words its author may not have meant."""
    paragraphs = sorted({_in_block(article, at, len(quote)).block + 1 for at in starts})
    return (f"the quote “{quote}” occurs {len(starts)} times in the article (paragraph"
            f"{'s' * (len(paragraphs) > 1)} {', '.join(map(str, paragraphs))}) and the "
            "selector's prefix and suffix do not tell which; export the note with its "
            "TextPositionSelector, or with more of the surrounding words")


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _squashed(text: str) -> str:
    return _SPACES.sub("", anchoring_text(text)) if text else ""


def _agrees(text: str, start: int, end: int, note: ForeignNote) -> int:
    before, after = _squashed(note.prefix), _squashed(note.suffix)
    here_before = _SPACES.sub("", text[max(0, start - 4 * len(note.prefix) - 8):start])
    here_after = _SPACES.sub("", text[end:end + 4 * len(note.suffix) + 8])
    return int(bool(before) and here_before.endswith(before)) + \
        int(bool(after) and here_after.startswith(after))


def _in_block(article: ArticleText, start: int, length: int) -> Place:
    offset = 0
    for number, block in enumerate(article.blocks):
        if not counted(block):  # a figure: not in the text the export counts in
            continue
        size = len(block.norm.text)
        if start <= offset + size:
            return Place(number, start - offset, start - offset + length)
        offset += size + 1
    raise AssertionError("an offset found in the text is in one of its blocks")


def _closest(article: ArticleText, quote: str) -> str:
    best = best_passage(quote, article.blocks)
    if best is None:
        return "the quote is not in the article, which has no text"
    score, number, start, end = best
    passage = article.blocks[number].norm.text[start:end]
    return (f"the quote “{quote}” is not in the article; the closest passage "
            f"(paragraph {number + 1}, {score:.0f}% similar) is “{passage}”")
