"""What the front page shows: the newest stories, then the newest reports none
of those stories holds; as many of each as site.yml's ``front_page:`` says.

A front page listing everything grew with the archive and was rewritten by
any edit; bounded, it changes only when something it shows does. Older
stories are on ``/stories/``, older reports in the archive, and the page
says so when it leaves any out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.config.site import SiteConfig
from briefing.listings.stories import StoryEntry, StoryView
from briefing.model.site import Article


@dataclass(frozen=True)
class FrontPage:
    """The briefing: stories newest first, then the reports they do not hold."""

    stories: tuple[StoryView, ...]
    others: tuple[Article, ...]  # newest first
    more_stories: bool = False  # older stories left out (they are on /stories/)
    more_reports: bool = False  # older reports left out (they are in the archive)


def front_page(stories: Sequence[StoryEntry], articles: Sequence[Article],
               config: SiteConfig) -> FrontPage:
    """``stories`` and ``articles`` newest first. A report of a story too old for
    the front page is shown among the reports, with its story named. Only the
    views of the stories shown are read."""
    shown = tuple(entry.view.get() for entry in stories[:config.front_page_stories])
    held = {view.story.slug for view in shown}
    others = [article for article in articles if article.story not in held]
    limit = config.front_page_reports
    return FrontPage(shown, tuple(others[:limit]), len(stories) > len(shown),
                     len(others) > limit)
