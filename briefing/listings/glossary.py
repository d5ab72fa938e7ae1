"""Rendering ``/glossary/``, each term's page ``/glossary/<slug>/`` and, for a
term mentioned more than :data:`TERM_NEWEST` times, a page of its mentions per
year, ``/glossary/<slug>/<yyyy>/``.

A term's page listed every report that mentions it: a megabyte for the most
mentioned term at 10,000 articles, rewritten whenever any report mentioning
it was added. Now it shows the first :data:`TERM_NEWEST` mentions and an
index of years, and each year's page is given only its own mentions, so a new
report rewrites the term's page and its year's. The index of terms shows
definitions alone, so no mention changes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from markupsafe import Markup

from briefing.render.jsonld.script import script_json
from briefing.render.jsonld.terms import defined_term, defined_term_set
from briefing.render.metadata import PageMeta
from briefing.render.terms import Appearance, TermView, letters

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.render.context import RenderContext
    from briefing.render.terms import TermContext

# Mentions on a term's page; past that, every one is on its year's page. A page
# of 100 is some 33 KB. At 20, nearly every term of a 1,000-article briefing
# (some 50 mentions each) had a page per year: 29 % more pages to build, and
# no reader needed them.
TERM_NEWEST = 100


@dataclass(frozen=True)
class TermYear:
    """A year of a term's mentions: its page lists those of reports and stories
    dated in it."""

    term_path: str  # the term's page: "glossary/nagorno-karabakh/"
    year: int

    @property
    def label(self) -> str:
        return str(self.year)

    @property
    def url_path(self) -> str:
        """The year's page: "glossary/nagorno-karabakh/2025/"."""
        return f"{self.term_path}{self.year}/"


@dataclass(frozen=True)
class TermYearCount(TermYear):
    """A year as a term's page lists it: its name and how many mentions."""

    count: int = 0


def render_glossary(context: RenderContext, terms: TermContext, definitions: TermContext
                    ) -> Iterator[OutputFile | KeptFile]:
    """The index of terms (``definitions``: each term's definition alone), then
    each term's pages (``terms``: with where each is mentioned), each made as
    it is asked for (see listings/site.py)."""
    if not terms.views:
        return
    yield glossary_index(context, definitions)
    for view in terms.views.values():
        yield from term_pages(context, view)


def glossary_index(context: RenderContext, definitions: TermContext
                   ) -> OutputFile | KeptFile:
    """The index of terms, A–Z: each with its definition alone."""
    views = list(definitions.views.values())
    return context.page(
        "glossary.html", "glossary/index.html", terms=views, letters=letters(views),
        structured_data=[Markup(script_json(  # noqa: S704 - JSON escaped for <script>
            defined_term_set(views, context.urls, context.site.config.title)))])


def term_pages(context: RenderContext, view: TermView) -> Iterator[OutputFile | KeptFile]:
    """The term's page, with its first mentions and, when it has more, the index
    of years; then each year's page, which links the years before and after it."""
    years = by_year(view) if len(view.appearances) > TERM_NEWEST else ()
    counts = tuple(TermYearCount(year.term_path, year.year, len(found))
                   for year, found in years)
    first = view.appearances[:TERM_NEWEST]
    for shown in (first, *(found for _, found in years)):
        # Known in one pass each (Fingerprints.know_pairs): hundreds of thousands
        # of (report, sentence) pairs in a large briefing, each walked otherwise.
        context.fingerprints.know_pairs(shown)
    yield context.page(
        "term.html", f"{view.term.url_path}index.html", term=replace(view, appearances=first),
        mentions=len(view.appearances), years=counts, year=None, newer=None, older=None,
        structured_data=[Markup(script_json(defined_term(view, context.urls)))])  # noqa: S704
    for index, (year, found) in enumerate(years):
        newer = years[index - 1][0] if index > 0 else None
        older = years[index + 1][0] if index + 1 < len(years) else None
        yield context.page(  # not searched: the term's page is, and its mentions
            "term.html", f"{year.url_path}index.html", term=replace(view, appearances=found),
            mentions=len(found), years=(), year=year, newer=newer, older=older,
            structured_data=[], meta=PageMeta(searchable=False))  # are in the reports


def by_year(view: TermView) -> tuple[tuple[TermYear, tuple[Appearance, ...]], ...]:
    """The term's mentions by the year of their report or story, newest year
    first, each year's in the order the term's page has them."""
    years: dict[int, list[Appearance]] = {}
    for appearance in view.appearances:
        years.setdefault(appearance[0].date.year, []).append(appearance)
    return tuple((TermYear(view.term.url_path, year), tuple(found))
                 for year, found in sorted(years.items(), reverse=True))
