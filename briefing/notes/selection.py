"""Where a passage selected in the browser is in the article's anchoring text.

The browser sends what it can see: the text of the paragraph (or list item,
heading, table cell) the selection is in, without the note numbers the page
adds; the text before the selection in it; the selected text; and the
paragraph's position among the article's blocks. The rendered text is the
blocks' visible text (typography included), so the paragraph is found by its
anchoring form, the position used only to tell identical paragraphs apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from briefing.notes.refusal import NoteRefused
from briefing.text.normal import anchoring_text, for_anchoring
from briefing.text.textmap import Block

ONE_PARAGRAPH = ("a note's quote must lie within one paragraph: select a passage that "
                 "does not cross into the next paragraph, list item or heading")
NOT_FOUND = ("the selected passage is not in the article's text as the build reads it "
             "(the article may have changed since the page was loaded): reload the page "
             "and select it again")


@dataclass(frozen=True)
class Selection:
    block: int  # the paragraph's position among the article's blocks, as the page counts
    text: str  # the paragraph's text
    before: str  # its text before the selection
    exact: str  # the selected text


def locate(found: list[Block], selection: Selection) -> tuple[int, int, int]:
    """(block, start, end) of the selection in the blocks' anchoring text."""
    paragraph, quote = anchoring_text(selection.text), anchoring_text(selection.exact)
    if "\n\n" in selection.exact.strip() or not quote or quote not in paragraph:
        raise NoteRefused("invalid", ONE_PARAGRAPH)  # it reaches out of its paragraph
    numbers = [n for n, block in enumerate(found) if block.norm.text.strip() == paragraph]
    if not numbers:
        raise NoteRefused("invalid", NOT_FOUND)
    number = min(numbers, key=lambda n: abs(n - selection.block))
    text = found[number].norm.text
    near = len(for_anchoring(unicodedata.normalize("NFC", selection.before)).text.lstrip())
    starts = [at for at in _occurrences(text, quote)]
    if not starts:
        raise NoteRefused("invalid", NOT_FOUND)
    start = min(starts, key=lambda at: abs(at - near))
    return number, start, start + len(quote)


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found
