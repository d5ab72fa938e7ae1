"""Editorial notes for a generated article: quotes that occur exactly once, varied kinds.

Quotes are chosen from the visible text of the article's blocks and checked the
way briefing finds them (normalised, on word boundaries, within one block), so
every note is placed by an exact match.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.prose import Block, Cast, fill

KINDS = ("context", "fact-check", "correction", "analysis", "quote-check", "note")
KIND_WEIGHTS = (30, 20, 10, 15, 10, 15)
RATINGS = ("False", "Misleading", "Missing context", "Accurate", "Unproven")
NOTE_SENTENCES = (
    "Figures from the {org} for {year} put the number at {count}, not the total given here.",
    "{place} and {place} first discussed the {concept} in {year}, without result.",
    "The text published by the {org} does not use these words.",
    "{person} made a similar promise in {month} {year}; it was not kept.",
    "Independent estimates for {topic} in {place} are about {pct} percent lower.",
    "The {concept} was last raised at talks in {place} in {month}.",
    "Reporters in {place} could not confirm the number independently.",
)
TITLES = ("What the figures show", "An older promise", "Not in the text", "The record so far",
          "Who counts", "Earlier talks", "The missing context")
_NORMALISE = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                            "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Note:
    id: str
    kind: str
    quote: str
    title: str | None
    body: str
    rating: str | None = None
    date: str | None = None
    sources: tuple[tuple[str, str], ...] = ()


def normalise(text: str) -> str:
    """Text as briefing compares it: straight quotes, ``-`` for dashes, single spaces."""
    return _SPACES.sub(" ", text.translate(_NORMALISE)).strip()


def occurrences(quote: str, texts: Sequence[str]) -> int:
    """How often ``quote`` occurs in ``texts`` on word boundaries, never across two texts."""
    needle = normalise(quote)
    # A lookahead counts overlapping matches too, as briefing's search does.
    pattern = re.compile(r"(?<![^\W_])(?=" + re.escape(needle) + r"(?![^\W_]))")
    return sum(len(pattern.findall(normalise(text))) for text in texts)


_SENTENCE_END = re.compile(r"(?<=[.!?”])\s+")


def candidate_quote(rng: random.Random, text: str) -> str | None:
    """A run of 4 to 12 whole words of one sentence of ``text`` that starts and ends
    with a letter or digit."""
    words = rng.choice(_SENTENCE_END.split(text)).split()
    if len(words) < 4:
        return None
    length = rng.randrange(4, min(12, len(words)) + 1)
    start = rng.randrange(0, len(words) - length + 1)
    quote = " ".join(words[start:start + length]).strip("“”\"'.,;:!?()$ ")
    return quote if len(quote.split()) >= 3 else None


def splits_phrase(quote: str, text: str, phrases: Sequence[str]) -> bool:
    """Whether ``quote`` starts or ends inside one of ``phrases`` (a name, a link's text).

    Editors quote whole names; and briefing does not highlight a quote that
    ends inside a link (the reference goes after the link, the ``<mark>`` is lost).
    """
    found = re.search(r"(?<![^\W_])" + re.escape(quote) + r"(?![^\W_])", text)
    if found is None:
        return True
    start, end = found.span()
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            if match.start() < start < match.end() or match.start() < end < match.end():
                return True
    return False


def choose_quotes(rng: random.Random, blocks: Sequence[Block], count: int,
                  names: Sequence[str] = ()) -> list[str]:
    """``count`` quotes from different blocks, each occurring exactly once in the article
    and cutting no name (of ``names``) or link text in two."""
    texts = [text for block in blocks for text in block.texts]
    eligible = [(text, (*block.labels, *names)) for block in blocks if block.kind != "heading"
                for text in block.texts]
    chosen: list[str] = []
    for text, phrases in rng.sample(eligible, len(eligible)):
        for _ in range(8):
            quote = candidate_quote(rng, text)
            if quote and occurrences(quote, texts) == 1 \
                    and not splits_phrase(quote, text, phrases):
                chosen.append(quote)
                break
        if len(chosen) == count:
            return chosen
    raise ValueError("no unique passages left in the article")  # 25+ varied blocks: never


def make_notes(rng: random.Random, blocks: Sequence[Block], cast: Cast,
               published: dt.date, count: int = 3) -> list[Note]:
    terms = (*cast.places, *cast.persons, *cast.organisations, *cast.concepts)
    names = [name for term in terms for name in term.names if " " in name]
    notes = []
    for number, quote in enumerate(choose_quotes(rng, blocks, count, names), start=1):
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        rating = rng.choice(RATINGS) if kind == "fact-check" or \
            (kind == "quote-check" and rng.random() < 0.5) else None
        date = (published + dt.timedelta(days=rng.randrange(1, 6))).isoformat() \
            if kind == "correction" or rng.random() < 0.3 else None
        body = "\n\n".join(" ".join(fill(rng.choice(NOTE_SENTENCES), cast)
                                    for _ in range(rng.choice((1, 2))))
                           for _ in range(rng.choice((1, 2))))
        sources = ((f"Report of the {cast.organisation()}",
                    f"https://example.org/reports/{rng.randrange(10**6)}"),) \
            if rng.random() < 0.5 else ()
        title = rng.choice(TITLES) if rng.random() < 0.7 else None
        notes.append(Note(f"{kind}-{number}", kind, quote, title, body, rating, date, sources))
    return notes
