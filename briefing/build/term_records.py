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

from collections.abc import Iterable
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
from briefing.render.terms import appearances


@dataclass(frozen=True)
class TermRecord:
    """Where one term's definition is shown, and what its page lists."""

    linkers: tuple[str, ...]  # the articles whose pages carry its popover, by slug
    listed_on: tuple[str, ...]  # the listing pages that carry it, by path
    # What its page lists, in order: (a story?, its slug, the sentence).
    appearances: tuple[tuple[bool, str, str], ...]


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
                 paths: Iterable[str], said: tuple[Diagnostic, ...]) -> None:
    """Set every term's record and the glossary as shown (``said``: what loading
    it said); ``paths``: every file of the build (a listing page kept from the
    last build keeps its PAGE_TERMS row, which this reads: so it counts as used)."""
    linkers: dict[str, list[str]] = {slug: [] for slug in site.glossary.by_slug}
    for article in site.articles:
        entry = cache.entries.get(article.slug)
        for slug in (entry.shown or ()) if entry is not None else ():
            linkers[slug].append(article.slug)
    listed: dict[str, list[str]] = {slug: [] for slug in site.glossary.by_slug}
    for path in paths:
        terms = cache.value(PAGE_TERMS, path) if path.endswith(".html") else None
        for slug in terms or ():
            listed[slug].append(path)
    found = appearances(site.glossary, pages, site.stories.values(), cache.remember)
    for slug in site.glossary.by_slug:
        cache.put(TERM_PAGES, slug, TermRecord(
            tuple(linkers[slug]), tuple(listed[slug]),
            tuple((isinstance(item, Story), item.slug, sentence)
                  for item, sentence in found[slug])))
    cache.put(GLOSSARY_SHOWN, "", GlossaryShown(site.glossary.terms, said))
