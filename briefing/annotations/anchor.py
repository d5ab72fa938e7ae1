"""Finding each annotation's quote in the article's rendered text.

Order of preference (documented in docs/content-format.md):

1. the quote occurs exactly once (after normalisation), on word boundaries;
2. it occurs several times and ``prefix``/``suffix``/``occurrence`` pick one;
3. it occurs nowhere: the best fuzzy match, if its score is at least
   :data:`FUZZY_THRESHOLD`, is accepted with a warning giving score and text.

Anything else is a :class:`AnchorProblem` the caller reports (an error, or a
warning with ``annotations: {strict: false}``).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from briefing.model.annotation import Anchor, AnchorProblem, Annotation
from briefing.text.normal import anchoring_text
from briefing.text.textmap import Block

FUZZY_THRESHOLD = 90.0  # rapidfuzz partial_ratio (0-100) of quote vs passage
CONTEXT_CHARS = 32  # of text shown around a place in messages


def is_word(char: str) -> bool:
    return char.isalnum()


def _on_boundaries(text: str, start: int, end: int) -> bool:
    """The match does not start or end in the middle of a word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (is_word(text[start]) and is_word(before)) and \
        not (is_word(text[end - 1]) and is_word(after))


def exact_matches(quote: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """(block, start) of every occurrence of the normalised quote, in reading order."""
    found = []
    for number, block in enumerate(blocks):
        text = block.norm.text
        start = text.find(quote)
        while start != -1:
            if _on_boundaries(text, start, start + len(quote)):
                found.append((number, start))
            start = text.find(quote, start + 1)
    return found


def _fits_context(note: Annotation, block: Block, start: int, end: int) -> bool:
    text = block.norm.text
    if note.prefix and not text[:start].rstrip().endswith(anchoring_text(note.prefix)):
        return False
    return not (note.suffix and
                not text[end:].lstrip().startswith(anchoring_text(note.suffix)))


def place(block: Block, start: int, end: int) -> str:
    """A short excerpt around a span, for messages: '…before [match] after…'."""
    text = block.norm.text
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    return f"…{left}[{text[start:end]}]{right}…"


def find_anchor(note: Annotation, blocks: list[Block]) -> Anchor | AnchorProblem:
    quote = anchoring_text(note.quote)
    matches = exact_matches(quote, blocks)
    if not matches:
        return _fuzzy(note, quote, blocks)
    chosen = [m for m in matches if _fits_context(note, blocks[m[0]], m[1], m[1] + len(quote))]
    if not chosen:
        return _context_mismatch(note, quote, blocks, matches)
    if note.occurrence is not None:
        if note.occurrence > len(chosen):
            return AnchorProblem(note, f"annotation '{note.id}': occurrence {note.occurrence} "
                                 f"asked for, but the quote is found only {len(chosen)} "
                                 f"time{'s' * (len(chosen) != 1)}")
        chosen = [chosen[note.occurrence - 1]]
    if len(chosen) > 1:
        return _ambiguous(note, quote, blocks, chosen)
    number, start = chosen[0]
    return Anchor(note, number, start, start + len(quote), quote, 100.0)


def _ambiguous(note: Annotation, quote: str, blocks: list[Block],
               matches: list[tuple[int, int]]) -> AnchorProblem:
    places = "; ".join(f"{i}: paragraph {b + 1} {place(blocks[b], s, s + len(quote))}"
                       for i, (b, s) in enumerate(matches, start=1))
    return AnchorProblem(
        note, f"annotation '{note.id}': the quote matches {len(matches)} places ({places})",
        "add 'prefix:' or 'suffix:' with the words just before or after it, or "
        "'occurrence: N' to choose the Nth")


def _context_mismatch(note: Annotation, quote: str, blocks: list[Block],
                      matches: list[tuple[int, int]]) -> AnchorProblem:
    places = "; ".join(f"paragraph {b + 1} {place(blocks[b], s, s + len(quote))}"
                       for b, s in matches)
    return AnchorProblem(note, f"annotation '{note.id}': the quote is found, but not with "
                         f"the given prefix/suffix (found at: {places})",
                         "correct or remove 'prefix:'/'suffix:'")


def best_passage(quote: str, blocks: list[Block]) -> tuple[float, int, int, int] | None:
    """(score, block, start, end) of the passage most like the quote, widened to words."""
    best = None
    for number, block in enumerate(blocks):
        text = block.norm.text
        if not text:
            continue
        folded = text.casefold()
        if len(folded) != len(text):  # folding changed lengths; offsets would drift
            folded = text
        result = fuzz.partial_ratio_alignment(quote.casefold(), folded)
        if result is None:
            continue
        if best is None or result.score > best[0]:
            start, end = widen_to_words(text, result.dest_start, result.dest_end)
            best = (result.score, number, start, end)
    return best


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to whole words, and drop spaces at its edges."""
    while start > 0 and is_word(text[start - 1]) and is_word(text[start]):
        start -= 1
    while end < len(text) and is_word(text[end - 1]) and is_word(text[end]):
        end += 1
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def _fuzzy(note: Annotation, quote: str, blocks: list[Block]) -> Anchor | AnchorProblem:
    best = best_passage(quote, blocks)
    if best is None:
        return AnchorProblem(note, f"annotation '{note.id}': the quote is not in the article, "
                             "which has no text")
    score, number, start, end = best
    passage = blocks[number].norm.text[start:end]
    if score >= FUZZY_THRESHOLD and end > start:
        return Anchor(note, number, start, end, passage, score, fuzzy=True)
    return AnchorProblem(
        note, f"annotation '{note.id}': the quote is not in the article; the closest "
        f"passage (paragraph {number + 1}, {score:.0f}% similar) is “{passage}”",
        "copy the words exactly as the article has them")
