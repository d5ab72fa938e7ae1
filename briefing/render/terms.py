"""The glossary's side of the render stage: term links in HTML, definition
popovers, the views the glossary pages show, and :class:`TermContext`, which
hands all of it to the pages that need it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from briefing.core.hashing import key
from briefing.core.html_links import resolved_links
from briefing.core.remembered import STORY_MENTIONS, Remember, compute_now
from briefing.core.urls import Urls
from briefing.glossary.linker import link_terms
from briefing.glossary.matcher import compiled
from briefing.glossary.render_rule import ENV_KEY as GLOSSARY_KEY
from briefing.glossary.render_rule import TermLinks
from briefing.model.glossary import Glossary, Term
from briefing.model.page import MergedPage
from briefing.model.site import Article
from briefing.model.story import Story
from briefing.render.markdown import render_markdown


def term_links(glossary: Glossary, urls: Urls) -> TermLinks:
    """A fresh per-page record for the term rule (it notes which terms a page uses)."""
    return TermLinks(urls.absolute("glossary/"), urls.url("glossary/"),
                     glossary.slugs)


Appearance = tuple[Article | Story, str]  # a report or story that mentions a term, and where


@dataclass(frozen=True)
class TermView:
    term: Term
    definition_html: Markup
    # one per article (newest first), then one per story
    appearances: tuple[Appearance, ...] = ()

    @property
    def slug(self) -> str:
        return self.term.slug

    @property
    def letter(self) -> str:
        first = self.term.term[:1].upper()
        return first if first.isalpha() else "#"


def definition_html(term: Term, urls: Urls) -> Markup:
    """A term's definition as every page shows it: written for the term's page,
    so its relative links are resolved against that page (core/html_links.py)."""
    return Markup(resolved_links(render_markdown(term.definition),  # noqa: S704 - escaped
                                 urls.url(term.url_path)))


def term_views(glossary: Glossary, urls: Urls, pages: tuple[MergedPage, ...],
               stories: Iterable[Story] = (), remember: Remember = compute_now
               ) -> dict[str, TermView]:
    """Every term with its rendered definition and where it appears, A–Z."""
    seen = appearances(glossary, pages, stories, remember)
    return {term.slug: TermView(term, definition_html(term, urls), seen[term.slug])
            for term in glossary.terms}


def appearances(glossary: Glossary, pages: Iterable[MergedPage],
                stories: Iterable[Story] = (), remember: Remember = compute_now
                ) -> dict[str, tuple[Appearance, ...]]:
    """Where each term appears, by slug: one appearance per article (in the
    order of ``pages``, newest first), then one per story.

    The terms a story's summary mentions are remembered by the summary and the
    glossary's names: finding them means linking the summary, and a large
    briefing has a thousand stories, nearly all unchanged in any one build.
    """
    seen: dict[str, dict[str, Appearance]] = {t.slug: {} for t in glossary.terms}
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
    return {slug: tuple(found.values()) for slug, found in seen.items()}


class DefinitionViews(Mapping[str, TermView]):
    """Every term's view, its definition rendered the first time it is asked
    for: an article page carries the definitions of the few terms it links,
    and a build of one article (build/narrow.py) need not render them all."""

    def __init__(self, glossary: Glossary, urls: Urls) -> None:
        self._terms = {term.slug: term for term in glossary.terms}
        self._urls = urls
        self._made: dict[str, TermView] = {}

    def __getitem__(self, slug: str) -> TermView:
        view = self._made.get(slug)
        if view is None:
            term = self._terms[slug]
            view = self._made[slug] = TermView(term, definition_html(term, self._urls))
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


def letters(views: list[TermView]) -> list[tuple[str, bool]]:
    """The A–Z jump bar: each letter and whether any term starts with it."""
    used = {v.letter for v in views}
    alphabet = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    return [(letter, letter in used) for letter in alphabet + sorted(used - set(alphabet))]


@dataclass(frozen=True)
class TermContext:
    """What pages need of the glossary, owned by the glossary's side of the render
    stage and handed to whatever renders a page with term links: the views of
    the terms (definitions; on listing pages, appearances too), a fresh record
    of a page's term links, and linking for Markdown the merge stage never saw.
    The render context itself knows no feature."""

    glossary: Glossary
    urls: Urls
    views: Mapping[str, TermView]

    def links(self) -> TermLinks | None:
        """A per-page record of term links, or None when the site has no glossary."""
        return term_links(self.glossary, self.urls) if self.views else None

    def env(self, links: TermLinks | None) -> dict[str, Any]:
        """What the term rule reads from markdown-it's ``env``."""
        return {GLOSSARY_KEY: links} if links is not None else {}

    def definitions(self, slugs: Iterable[str]) -> list[TermView]:
        """The glossary entries a page must carry for the term links it shows."""
        return [self.views[slug] for slug in dict.fromkeys(slugs)]

    def link(self, text: str) -> str:
        """Markdown the merge stage never saw (story summaries) with glossary terms
        linked, first mention only."""
        matcher = compiled(self.glossary)
        if matcher is None:
            return text
        return link_terms(text, self.glossary, matcher,
                          lambda term: self.urls.absolute(term.url_path)).markdown


def term_context(glossary: Glossary, urls: Urls, pages: tuple[MergedPage, ...] = (),
                 stories: Iterable[Story] = (), remember: Remember = compute_now
                 ) -> TermContext:
    """The glossary's context for pages: article pages get definitions only (no
    appearances, so an article depends on no other article), each rendered when
    a page first needs it; listing pages get where each term appears in
    ``pages`` and ``stories``."""
    if not pages and not stories:
        return TermContext(glossary, urls, DefinitionViews(glossary, urls))
    return TermContext(glossary, urls, term_views(glossary, urls, pages, stories, remember))
