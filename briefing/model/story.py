"""What a story is: the editors' account of one event that several reports cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefing.model.picture import ImageRef, Picture

STATUSES = ("developing", "settled")
STATUS_LABELS = {"developing": "Developing", "settled": "Settled"}


@dataclass(frozen=True)
class Story:
    """One ``content/stories/<slug>.yml`` file, checked."""

    slug: str
    title: str
    date: dt.datetime  # time-zone aware, in the site's time zone
    has_time: bool
    summary: str  # Markdown
    path: Path
    line: int = 1  # line of the top-level mapping (for warnings about the whole story)
    why_it_matters: str | None = None  # Markdown
    key_points: tuple[str, ...] = ()  # Markdown, one point each
    status: str | None = None  # one of STATUSES
    image: ImageRef | None = None  # the lead image of the story page
    pictures: tuple[Picture, ...] = ()  # the file behind it (load/pictures.py)

    @property
    def url_path(self) -> str:
        """Site-relative URL path, for the ``url()`` helper."""
        return f"stories/{self.slug}/"

    @property
    def status_label(self) -> str | None:
        return STATUS_LABELS.get(self.status) if self.status else None


def newest_stories(stories: list[Story] | tuple[Story, ...]) -> tuple[Story, ...]:
    """Newest first; ties broken by slug, like articles."""
    return tuple(sorted(stories, key=lambda s: (-s.date.timestamp(), s.slug)))
