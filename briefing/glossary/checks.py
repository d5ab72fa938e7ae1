"""Editorial checks on the glossary: terms nobody uses, and spellings that
probably mean a term ("Nakhichevan" for Nakhchivan) but do not match it.

Reported as warnings by ``briefing build`` and ``briefing check``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz, process

from briefing.core.errors import Diagnostics, excerpt
from briefing.core.hashing import key
from briefing.core.remembered import (
    TERMS_IN_TEXT,
    Keep,
    Remember,
    compute_now,
    keep_nothing,
)
from briefing.glossary.capitals import capitalised
from briefing.glossary.matcher import Matcher
from briefing.model.glossary import Glossary
from briefing.model.page import MergedPage
from briefing.model.site import Site
from briefing.text.normal import anchoring_text
from briefing.text.parsed import block_summaries

NEAR_MISS_SCORE = 85.0  # rapidfuzz ratio, 0-100, of a word (or two) against a name
MIN_LENGTH = 5  # shorter words are too often near something


def check_glossary(glossary: Glossary, pages: Iterable[MergedPage], matcher: Matcher,
                   diagnostics: Diagnostics, other_texts: Sequence[str] = (),
                   remember: Remember = compute_now, keep: Keep = keep_nothing) -> None:
    """Warn about unused terms.

    ``other_texts``: Markdown that may mention terms but is not an article body
    (editorial notes, story summaries). Once the articles and the texts so far
    mention every term, the rest are not searched, nor their remembered
    searches read (some 28,000 notes at 10,000 articles): ``keep`` keeps those
    for a build where a term goes unused. Near misses are checked per article,
    with its merge (:class:`NearMisses`: engine/jobs.py, merge/chain.merge_site).
    """
    pages = list(pages)
    unused = {term.slug for term in glossary.terms} - \
        {m.slug for page in pages for m in page.mentions}
    mentioned = term_mentions(glossary, matcher, remember)
    for text in dict.fromkeys(other_texts):  # each text once; a note edit costs one search
        if unused:
            unused -= mentioned(text)
        else:
            keep(TERMS_IN_TEXT, mentioned.key(text))
    for term in glossary.terms:
        if term.slug in unused:
            diagnostics.warning(term.path, term.line, f"the term '{excerpt(term.term)}' is not "
                                "mentioned in any article, note, story or page",
                                "check its spelling or aliases, or remove it")


class term_mentions:  # noqa: N801 - a function with one more question to answer
    """The slugs of the terms a text (a note's body, a story's summary) mentions,
    as the unused-term check counts them: remembered by the text and the
    glossary's names, so a note edit costs one search."""

    def __init__(self, glossary: Glossary, matcher: Matcher,
                 remember: Remember = compute_now) -> None:
        self._names = key(glossary.linking)
        self._matcher = matcher
        self._remember = remember

    def __call__(self, text: str) -> frozenset[str]:
        return self._remember(TERMS_IN_TEXT, self.key(text),
                              lambda: _mentioned(text, self._matcher))

    def key(self, text: str) -> str:
        """What the terms ``text`` mentions are remembered under."""
        return key(self._names, text)


def _mentioned(text: str, matcher: Matcher) -> frozenset[str]:
    return frozenset(m.slug for m in matcher.find(anchoring_text(text)))


class NearMisses:
    """Finds words that look like a glossary name but are not one ("Nakhichevan").

    Built once per build; remembers its verdict on each word, since the same
    names recur from article to article.
    """

    def __init__(self, glossary: Glossary, matcher: Matcher) -> None:
        self.matcher = matcher
        self.names = {name: term for term in glossary.terms for name in term.names}
        self.folded = {name.casefold() for name in self.names}
        self._choices = list(self.names)
        self._verdicts: dict[str, tuple[str, float] | None] = {}

    def report(self, page: MergedPage, diagnostics: Diagnostics) -> None:
        """One warning per near-miss spelling in the article's body."""
        reported: set[str] = set()
        for line, candidate in _candidates(page, self.matcher):
            if candidate.casefold() in self.folded or candidate in reported:
                continue
            verdict = self._verdict(candidate)
            if verdict:
                reported.add(candidate)
                name, score = verdict
                diagnostics.warning(page.article.path, line, f"'{candidate}' looks like the "
                                    f"glossary term '{name}' ({score:.0f}% similar)",
                                    f"if it means the same, add '{candidate}' to the aliases "
                                    f"of '{self.names[name].term}' in glossary.yml")

    def _verdict(self, candidate: str) -> tuple[str, float] | None:
        if candidate not in self._verdicts:
            best = process.extractOne(candidate, self._choices, scorer=fuzz.ratio,
                                      score_cutoff=NEAR_MISS_SCORE)
            self._verdicts[candidate] = (best[0], best[1]) \
                if best and not _derived(candidate, self.folded) else None
        return self._verdicts[candidate]


def _candidates(page: MergedPage, matcher: Matcher) -> Iterable[tuple[int, str]]:
    """Words and word pairs outside any term match, with their line in the file."""
    for block in block_summaries(page.article.body):  # parsed once, by the merge stage
        text = block.norm
        matches = matcher.find(text)
        covered = None
        if matches:
            covered = bytearray(len(text))  # 1 where a term matched
            for m in matches:
                covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        line = page.article.body_line + (block.line if block.line is not None else 0)
        for found in capitalised(text, covered, MIN_LENGTH):
            yield line, found


def texts_beyond_articles(site: Site) -> list[str]:
    """Markdown besides article bodies where terms count as used."""
    texts = [note.body for notes in site.annotations.values() for note in notes]
    for story in site.stories.values():
        texts.extend((story.title, story.summary, story.why_it_matters or ""))
        texts.extend(story.key_points)
    texts.extend(page.body for page in site.pages)  # plain pages (About, policies)
    return texts


def _derived(candidate: str, names: set[str]) -> bool:
    """A name with a short ending added ("Nakhchivani", "Karabakhis") is a derived
    word, not a misspelling."""
    word = candidate.casefold()
    return any(word.startswith(name) and len(word) - len(name) <= 3 for name in names)
