"""Glossary output: term links in HTML, definition popovers, and the glossary pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from briefing.core.hashing import key
from briefing.core.remembered import STORY_MENTIONS, Remember, compute_now
from briefing.core.urls import Urls
from briefing.glossary.linker import link_terms
from briefing.glossary.matcher import compiled
from briefing.glossary.render_rule import TermLinks
from briefing.model.glossary import Glossary, Term
from briefing.model.page import MergedPage
from briefing.model.site import Article
from briefing.model.story import Story
from briefing.render.markdown import render_markdown


def term_links(glossary: Glossary, urls: Urls) -> TermLinks:
    """A fresh per-page record for the term rule (it notes which terms a page uses)."""
    return TermLinks(urls.absolute("glossary/"), urls.url("glossary/"),
                     frozenset(glossary.by_slug))


@dataclass(frozen=True)
class TermView:
    term: Term
    definition_html: Markup
    # (article or story, sentence), one per article, then one per story
    appearances: tuple[tuple[Article | Story, str], ...] = ()

    @property
    def slug(self) -> str:
        return self.term.slug

    @property
    def letter(self) -> str:
        first = self.term.term[:1].upper()
        return first if first.isalpha() else "#"


def term_views(glossary: Glossary, pages: tuple[MergedPage, ...],
               stories: Iterable[Story] = (), remember: Remember = compute_now
               ) -> dict[str, TermView]:
    """Every term with its rendered definition and where it appears, A–Z.

    The terms a story's summary mentions are remembered by the summary and the
    glossary's names: finding them means linking the summary, and a large
    briefing has a thousand stories, nearly all unchanged in any one build.
    """
    seen: dict[str, dict[str, tuple[Article | Story, str]]] = {t.slug: {} for t in glossary.terms}
    for page in pages:
        for mention in page.mentions:
            seen[mention.slug].setdefault(page.article.slug, (page.article, mention.sentence))
    matcher = compiled(glossary)
    names = key(glossary.linking) if matcher else ""
    for story in stories if matcher else ():
        found = remember(STORY_MENTIONS, key(names, story.summary), lambda story=story:

                         link_terms(story.summary, glossary, matcher, lambda t: "").mentions)
        for mention in found:
            seen[mention.slug].setdefault(f"story:{story.slug}", (story, mention.sentence))
    return {term.slug: TermView(term, Markup(render_markdown(term.definition)),  # noqa: S704
                                tuple(seen[term.slug].values()))
            for term in glossary.terms}


def letters(views: list[TermView]) -> list[tuple[str, bool]]:
    """The A–Z jump bar: each letter and whether any term starts with it."""
    used = {v.letter for v in views}
    alphabet = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    return [(letter, letter in used) for letter in alphabet + sorted(used - set(alphabet))]


def defined_term_set(views: list[TermView], urls: Urls, site_title: str) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "DefinedTermSet",
            "@id": urls.absolute("glossary/"), "name": f"{site_title}: glossary",
            "url": urls.absolute("glossary/"),
            "hasDefinedTerm": [_defined_term(v, urls, in_set=False) for v in views]}


def _defined_term(view: TermView, urls: Urls, in_set: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "DefinedTerm", "name": view.term.term,
                            "description": " ".join(view.term.definition.split()),
                            "url": urls.absolute(view.term.url_path)}
    if view.term.aliases:
        data["alternateName"] = list(view.term.aliases)
    if in_set:
        data = {"@context": "https://schema.org", **data,
                "inDefinedTermSet": urls.absolute("glossary/")}
    return data


def defined_term(view: TermView, urls: Urls) -> dict[str, Any]:
    return _defined_term(view, urls)
