"""The stories index, ``/stories/``: every story, newest first, in pages of
``topic_pages: per_page`` (site.yml), ``/stories/page/2/`` the next.

Each entry is what the index shows of a story: the story itself (title, date,
status) and its reports, counted. Not its comparison, notes or summary: an
edit to a report's text changes the story's page, never the index; only a
changed story file or a report joining or leaving a story rewrites the one
page that lists it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.listings.paging import paginate

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.listings.stories import StoryEntry
    from briefing.model.story import Story
    from briefing.render.context import RenderContext

STORIES_PATH = "stories/"


@dataclass(frozen=True)
class ListedStory:
    """A story as the index lists it; ``sources`` are its reports' slugs, so
    templates count them as they count a story view's sources."""

    story: Story
    sources: tuple[str, ...]


def render_story_index(context: RenderContext, stories: Sequence[StoryEntry]
                       ) -> Iterator[OutputFile | KeptFile]:
    """Every page of the stories index (none when there are no stories)."""
    if not stories:
        return
    listed = tuple(ListedStory(entry.story, tuple(article.slug for article in entry.articles))
                   for entry in stories)
    size = context.site.config.topic_page_size
    for pagination, shown in paginate(STORIES_PATH, listed, size):
        yield context.page("stories.html", f"{pagination.url_path}index.html", stories=shown,
                           count=len(listed), pagination=pagination)
