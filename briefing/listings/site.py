"""Every page that lists articles, rendered after the article pages: glossary,
stories, topics, archive, the front page, 404 and .nojekyll."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from markupsafe import Markup

from briefing.core.outputs import KeptFile, OutputFile
from briefing.listings.corrections import render_corrections
from briefing.listings.glossary import render_glossary
from briefing.listings.pages import render_listings
from briefing.listings.plain_pages import render_plain_pages
from briefing.listings.ratings import has_claim_reviews, render_ratings
from briefing.model.page import MergedPage
from briefing.render.context import RenderContext
from briefing.render.jsonld.parties import front_page_publisher
from briefing.render.jsonld.script import script_json
from briefing.render.terms import TermView, term_context


def render_listing_pages(context: RenderContext, pages: Sequence[MergedPage],
                         told: Callable[[Mapping[str, TermView]], None] | None = None
                         ) -> Iterator[OutputFile | KeptFile]:
    """Every page that lists articles: glossary, stories, topics, archive, front
    page; and 404 and .nojekyll. (The search page is the search package's.)
    ``told``, if given, is told every term's view with its appearances.

    Each file is made as the caller asks for it, so the writer has it on disk
    before the next is rendered: a list of them all held some 150 MB at
    10,000 articles, at the end of a cold build, its peak of memory."""
    site = context.site
    glossary = term_context(site.glossary, context.urls, tuple(pages), site.stories.values(),
                            context.remember)  # with each term's appearances
    if told is not None:
        told(glossary.views)
    # Every other page shows a term's definition alone (its popover, the index of
    # terms): given the term's appearances too, each such page was known by every
    # report that mentions the term, and rendered again when one was added.
    terms = term_context(site.glossary, context.urls)
    yield from render_glossary(context, glossary, terms)
    listings = render_listings(site, pages, context, terms)  # stories, tags, archive
    yield from listings.files
    yield from render_corrections(context, terms, pages)  # the corrections log
    yield from render_ratings(context, pages)  # /methodology/ratings/, with ratings:
    yield from render_plain_pages(context, terms)  # content/pages/: /<slug>/
    # The front page is given only what it shows (listings/front.py), not every article.
    yield context.page("index.html", "index.html",
                       claim_reviews=has_claim_reviews(pages),  # its <link>
                       front=listings.front, definitions=terms.definitions(
                           slug for view in listings.front.stories for slug in view.terms),
                       structured_data=[Markup(script_json(data))  # noqa: S704
                                        for data in front_page_publisher(site.config)])
    yield context.page("404.html", "404.html", canonical=None, articles=site.articles[:5])
    yield OutputFile(".nojekyll", b"")
