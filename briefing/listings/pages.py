"""Output files of the story, topic and archive pages, and the front page's stories.

Called by :func:`briefing.listings.site.render_listing_pages` with its
:class:`~briefing.render.context.RenderContext`; every page goes through
``context.page`` so it gets the same canonical URL and template globals as
article pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.listings.stories import StoryView, story_renderers, story_views
from briefing.listings.views import Month, Tag, by_month, collect_tags
from briefing.model.site import Article, Site

if TYPE_CHECKING:
    from briefing.core.outputs import OutputFile
    from briefing.model.page import MergedPage
    from briefing.render.context import RenderContext
    from briefing.render.terms import TermContext


@dataclass(frozen=True)
class FrontPage:
    """The briefing: stories newest first, then the articles no story holds."""

    stories: tuple[StoryView, ...]
    others: tuple[Article, ...]


@dataclass(frozen=True)
class Listings:
    files: list[OutputFile]
    front: FrontPage
    tags: tuple[Tag, ...]
    months: tuple[Month, ...]


def render_listings(site: Site, pages: Sequence[MergedPage], context: RenderContext,
                    terms: TermContext) -> Listings:
    """Story pages, the stories index, topic pages and the archive."""
    stories = story_views(site, pages, context.urls, lambda: story_renderers(context, terms),
                          context.remember, context.key)
    tags = collect_tags(site.articles)
    months = by_month(site.articles)
    files = [context.page("story.html", f"{view.story.url_path}index.html", view=view,
                          definitions=terms.definitions(view.terms))
             for view in stories]
    if stories:  # linked only when there are stories
        files.append(context.page("stories.html", "stories/index.html", stories=stories))
    files += [context.page("tag.html", f"{tag.url_path}index.html", tag=tag) for tag in tags]
    files.append(context.page("tags.html", "tags/index.html", tags=tags))
    files.append(context.page("archive.html", "archive/index.html", months=months))
    others = tuple(article for article in site.articles if not article.story)
    return Listings(files, FrontPage(stories, others), tags, months)
