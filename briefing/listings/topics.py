"""Topic pages: every tag's reports, newest first, in pages of ``topic_pages:
per_page`` (site.yml); ``/tags/<tag>/`` is the first and ``/tags/<tag>/page/2/``
the next. And the index of topics at ``/tags/``.

Each page is given only the reports it shows and the topic's name and count,
the index only names and counts: an edit to one report rewrites the page
that shows it, not the topic's other pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from briefing.listings.paging import paginate
from briefing.listings.views import Tag

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.render.context import RenderContext


def render_topics(context: RenderContext, tags: Sequence[Tag]
                  ) -> Iterator[OutputFile | KeptFile]:
    """Every page of every topic, then the index of topics."""
    size = context.site.config.topic_page_size
    for tag in tags:
        summary = tag.summary
        for pagination, articles in paginate(tag.url_path, tag.articles, size):
            yield context.page("tag.html", f"{pagination.url_path}index.html", tag=summary,
                               articles=articles, pagination=pagination)
    yield context.page("tags.html", "tags/index.html", tags=tuple(tag.summary for tag in tags))
