"""Output files of the story, topic and archive pages, and the front page's stories.

Called by :func:`briefing.listings.site.render_listing_pages` with its
:class:`~briefing.render.context.RenderContext`; every page goes through
``context.page`` so it gets the same canonical URL and template globals as
article pages, and is kept when what it is given is unchanged. Listings that
grow with the archive are split (months, pages of a topic, a bounded front
page), so each is given only the reports it shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.listings.archive import render_archive
from briefing.listings.front import FrontPage, front_page
from briefing.listings.stories import StoryEntry, story_entries, story_renderers
from briefing.listings.story_index import render_story_index
from briefing.listings.topics import render_topics
from briefing.listings.views import Month, Tag, by_month, collect_tags
from briefing.model.site import Site

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.model.page import MergedPage
    from briefing.render.context import RenderContext
    from briefing.render.terms import TermContext


@dataclass(frozen=True)
class Listings:
    files: Iterator[OutputFile | KeptFile]  # made as they are asked for
    front: FrontPage
    tags: tuple[Tag, ...]
    months: tuple[Month, ...]


def render_listings(site: Site, pages: Sequence[MergedPage], context: RenderContext,
                    terms: TermContext) -> Listings:
    """Story pages, the stories index, topic pages and the archive; and what the
    front page shows."""
    stories = story_entries(site, pages, context.urls, lambda: story_renderers(context, terms),
                            context.later, context.remember, context.key)
    tags = collect_tags(site.articles)
    months = by_month(site.articles)
    files = chain(story_pages(context, terms, stories),
                  render_story_index(context, stories),  # linked only when there are stories
                  render_topics(context, tags), render_archive(context, months))
    return Listings(files, front_page(stories, site.articles, site.config), tags, months)


def story_pages(context: RenderContext, terms: TermContext, stories: Sequence[StoryEntry]
                ) -> Iterator[OutputFile | KeptFile]:
    """Each story's page, with the definitions of the terms it links (``terms``
    holds the definitions alone, as in a build of edited reports alone,
    build/narrow.py, which makes their stories' pages the same way)."""
    for entry in stories:
        yield context.page("story.html", f"{entry.story.url_path}index.html", view=entry.view,
                           definitions=terms.definitions(entry.terms))
