"""The types merge rules share: what they may read, and the page they build."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.errors import Diagnostics
from briefing.core.urls import Urls
from briefing.glossary.linker import Linked, ParsedSource, link_terms
from briefing.glossary.matcher import Matcher
from briefing.model.annotation import Anchor, Annotation, RetiredNote
from briefing.model.glossary import Mention
from briefing.model.site import Article, Site
from briefing.text.splice import OneParse


@dataclass(frozen=True)
class MergeContext:
    site: Site
    urls: Urls
    diagnostics: Diagnostics
    matcher: Matcher | None = None  # compiled once per build from the site's glossary

    def link_terms(self, markdown: str) -> Linked:
        """Glossary links for any Markdown (article body, note body, story summary)."""
        if self.matcher is None:
            return Linked(markdown, ())
        return link_terms(markdown, self.site.glossary, self.matcher,
                          lambda term: self.urls.absolute(term.url_path))


@dataclass(frozen=True)
class PageDraft:
    """An article's body on its way through the merge rules."""

    article: Article
    body: str
    anchors: tuple[Anchor, ...] = ()  # placed notes, in reading order
    unplaced: tuple[Annotation, ...] = ()  # notes whose quote was not found (strict: false)
    retired: tuple[RetiredNote, ...] = ()  # notes on words a revision removed (retired_in:)
    text: str = ""  # the article's normalised text, for annotation selectors
    mentions: tuple[Mention, ...] = ()  # each glossary term's first mention in the body
    parsed: ParsedSource | None = None  # how the last rule parsed the body it changed
    # The body's one parse with what merging adds to it, for the render stage
    # (text/splice.py); None: the render parses the merged text instead.
    one_parse: OneParse | None = None
    # Each note body's parse with its links, by its linked text (the same use).
    note_parses: tuple[tuple[str, OneParse], ...] = ()
