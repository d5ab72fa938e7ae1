"""What a build of the whole site records for a build of edited definitions.

A glossary definition is shown in the popovers of every page that links its
term, on its term's pages and in the index of terms; nothing else of a page
reads it (build/definitions.py checks the theme for that). So when only
definitions change, those pages are all that change, and each article page
or listing page changes only in its block of popovers. To find them without
reading every article, a build of the whole site leaves, for each term, a
:class:`TermRecord` (``TERM_PAGES``), and the terms as it showed them
(``GLOSSARY_SHOWN``). Which terms a page carries, in order, is kept with it:
an article's in its entry (``ArticleEntry.shown``), a listing page's in
``PAGE_TERMS``, set as it is rendered (RenderContext.shows_terms).

None of these changes without a build of the whole site: which terms an
article links is part of its face (engine/faces.py), so an edit that changes
it is never built alone (build/narrow.py), and neither are edits of stories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefing.config.layout import GLOSSARY_FILE
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.remembered import GLOSSARY_SHOWN, PAGE_TERMS, TERM_PAGES
from briefing.engine.incremental import BuildCache
from briefing.model.glossary import Term
from briefing.model.page import MergedPage
from briefing.model.site import Site
from briefing.model.story import Story
from briefing.render.terms import Appearance, TermView, appearances


@dataclass(frozen=True)
class TermRecord:
    """Where one term's definition is shown, and what its page lists."""

    linkers: tuple[str, ...]  # the articles whose pages carry its popover, by slug
    listed_on: tuple[str, ...]  # the listing pages that carry it, by path
    # The articles its page lists that are not linkers (mentioned in a heading
    # only, say): its page lists those of both that mention it, newest first,
    # each with the sentence its entry holds.
    mentioned: tuple[str, ...]
    stories: tuple[tuple[str, str], ...]  # the stories its page lists: (slug, sentence)


@dataclass(frozen=True)
class GlossaryShown:
    """The glossary's terms as the output shows them, and what loading its file
    said (the last build's other warnings about it are the checks', at terms'
    lines)."""

    terms: tuple[Term, ...]
    said: tuple[Diagnostic, ...]


def glossary_warnings(config: SiteConfig, diagnostics: Diagnostics) -> tuple[Diagnostic, ...]:
    """What has been said of glossary.yml so far (by loading it, when asked then)."""
    shown = diagnostics.display(config.root / config.content_dir / GLOSSARY_FILE)
    return tuple(item for item in diagnostics.items if item.path == shown)


def record_terms(cache: BuildCache, site: Site, pages: tuple[MergedPage, ...],
                 paths: Iterable[str], said: tuple[Diagnostic, ...],
                 views: Mapping[str, TermView] | None = None) -> None:
    """Set every term's record and the glossary as shown (``said``: what loading
    it said); ``pages``: every article's merged page, in the site's order;
    ``paths``: every file of the build (a listing page kept from the last build
    keeps its PAGE_TERMS row, which this reads: so it counts as used);
    ``views``: the terms' views with their appearances, if the listing pages
    made them (else they are found again, for their stories)."""
    linkers, mentioned = _articles(cache, site, pages)
    listed: dict[str, list[str]] = {slug: [] for slug in site.glossary.by_slug}
    for path in paths:  # an article page's terms are in its entry
        if path.endswith(".html") and not path.startswith("articles/"):
            for slug in cache.value(PAGE_TERMS, path) or ():
                listed[slug].append(path)
    found = {slug: view.appearances for slug, view in views.items()} if views is not None \
        else appearances(site.glossary, (), site.stories.values(), cache.remember)
    for slug in site.glossary.by_slug:
        cache.put(TERM_PAGES, slug, TermRecord(
            tuple(linkers[slug]), tuple(listed[slug]), tuple(mentioned[slug]),
            _stories(found[slug])))
    cache.put(GLOSSARY_SHOWN, "", GlossaryShown(site.glossary.terms, said))


Slugs = dict[str, list[str]]  # term slug → article slugs, in the site's order


def _articles(cache: BuildCache, site: Site, pages: tuple[MergedPage, ...]
              ) -> tuple[Slugs, Slugs]:
    """For each term, the articles whose pages carry it, and those that mention
    it without carrying it (in a heading only, say)."""
    linkers: Slugs = {slug: [] for slug in site.glossary.by_slug}
    mentioned: Slugs = {slug: [] for slug in site.glossary.by_slug}
    for page in pages:
        slug = page.article.slug
        entry = cache.entries.get(slug)
        shown = entry.shown or () if entry is not None else ()
        for term in shown:
            linkers[term].append(slug)
        for mention in page.mentions:
            if mention.slug not in shown:
                mentioned[mention.slug].append(slug)
    return linkers, mentioned


def _stories(found: tuple[Appearance, ...]) -> tuple[tuple[str, str], ...]:
    """The stories among a term's appearances, which follow its articles."""
    at = len(found)
    while at and isinstance(found[at - 1][0], Story):
        at -= 1
    return tuple((item.slug, sentence) for item, sentence in found[at:])
