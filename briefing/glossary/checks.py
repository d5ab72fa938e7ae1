"""Editorial checks on the glossary: terms nobody uses, and spellings that
probably mean a term ("Nakhichevan" for Nakhchivan) but do not match it.

Reported as warnings by ``briefing build`` and ``briefing check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from briefing.annotations.parsed import block_summaries
from briefing.annotations.textmap import normalise_text
from briefing.errors import Diagnostics
from briefing.glossary.matcher import Matcher
from briefing.glossary.model import Glossary
from briefing.merge import MergedPage
from briefing.structure.model import Site

NEAR_MISS_SCORE = 85.0  # rapidfuzz ratio, 0-100, of a word (or two) against a name
MIN_LENGTH = 5  # shorter words are too often near something
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]")


def check_glossary(glossary: Glossary, pages: Iterable[MergedPage], matcher: Matcher,
                   diagnostics: Diagnostics, other_texts: Iterable[str] = ()) -> None:
    """Warn about unused terms and near-miss spellings.

    ``other_texts``: Markdown that may mention terms but is not an article body
    (editorial notes, story summaries).
    """
    pages = list(pages)
    used = {m.slug for page in pages for m in page.mentions}
    used |= {m.slug for text in other_texts for m in matcher.find(normalise_text(text))}
    for term in glossary.terms:
        if term.slug not in used:
            diagnostics.warning(term.path, term.line, f"the term '{term.term}' is not "
                                "mentioned in any article, note or story",
                                "check its spelling or aliases, or remove it")
    _near_misses(glossary, pages, matcher, diagnostics)


def _near_misses(glossary: Glossary, pages: list[MergedPage], matcher: Matcher,
                 diagnostics: Diagnostics) -> None:
    names = {name: term for term in glossary.terms for name in term.names}
    folded = {name.casefold() for name in names}
    verdicts: dict[str, tuple[str, float] | None] = {}
    for page in pages:
        reported: set[str] = set()
        for line, candidate in _candidates(page, matcher):
            if candidate.casefold() in folded or candidate in reported:
                continue
            if candidate not in verdicts:
                best = process.extractOne(candidate, list(names), scorer=fuzz.ratio,
                                          score_cutoff=NEAR_MISS_SCORE)
                verdicts[candidate] = (best[0], best[1]) \
                    if best and not _derived(candidate, folded) else None
            verdict = verdicts[candidate]
            if verdict:
                reported.add(candidate)
                name, score = verdict
                diagnostics.warning(page.article.path, line, f"'{candidate}' looks like the "
                                    f"glossary term '{name}' ({score:.0f}% similar)",
                                    f"if it means the same, add '{candidate}' to the aliases "
                                    f"of '{names[name].term}' in glossary.yml")


def _candidates(page: MergedPage, matcher: Matcher) -> Iterable[tuple[int, str]]:
    """Words and word pairs outside any term match, with their line in the file."""
    for block in block_summaries(page.article.body):  # parsed once, by the merge stage
        text = block.norm
        matches = matcher.find(text)
        if matches:
            covered = bytearray(len(text))  # 1 where a term matched
            for m in matches:
                covered[m.start:m.end] = b"\x01" * (m.end - m.start)
            words = [w for w in _WORD.finditer(text) if not covered[w.start()]]
        else:
            words = list(_WORD.finditer(text))
        line = page.article.body_line + (block.line if block.line is not None else 0)
        last = len(words) - 1
        for index, word in enumerate(words):
            found = word.group()
            if not found[0].isupper():
                continue  # neither a name nor the first word of one
            if len(found) >= MIN_LENGTH:
                yield line, found
            if index < last and words[index + 1].start() == word.end() + 1:
                pair = f"{found} {words[index + 1].group()}"
                if len(pair) >= MIN_LENGTH + 3:
                    yield line, pair


def texts_beyond_articles(site: Site) -> list[str]:
    """Markdown besides article bodies where terms count as used."""
    texts = [note.body for notes in site.annotations.values() for note in notes]
    for story in site.stories.values():
        texts.extend((story.title, story.summary, story.why_it_matters or ""))
        texts.extend(story.key_points)
    return texts


def _derived(candidate: str, names: set[str]) -> bool:
    """A name with a short ending added ("Nakhchivani", "Karabakhis") is a derived
    word, not a misspelling."""
    word = candidate.casefold()
    return any(word.startswith(name) and len(word) - len(name) <= 3 for name in names)
