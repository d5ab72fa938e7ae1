"""The listing keys of site.yml: how much the front page shows (``front_page:``)
and how many reports a topic page holds (``topic_pages:``).

Listings that grew with the archive were pages no reader could use, and every
edit rewrote them whole; these numbers bound them (see briefing/listings/).
"""

from __future__ import annotations

from typing import Any

from briefing.core import schema
from briefing.core.schema import Field, Invalid, Where

FRONT_PAGE_STORIES = 10
FRONT_PAGE_REPORTS = 20
TOPIC_PAGE_SIZE = 20


def count(value: Any, where: Where) -> int:
    """A number of items to show, 0 for none."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"expected a whole number from 0 up, got {schema.describe(value)}")
    return value


def page_size(value: Any, where: Where) -> int:
    """How many items a page holds: at least one, or pages would never end."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"expected a whole number from 1 up (the reports on each page), "
                      f"got {schema.describe(value)}")
    return value


FRONT_PAGE_FIELDS = (Field("stories", count, default=FRONT_PAGE_STORIES),
                     Field("reports", count, default=FRONT_PAGE_REPORTS))
TOPIC_PAGE_FIELDS = (Field("per_page", page_size, default=TOPIC_PAGE_SIZE),)
LISTING_FIELDS = (
    Field("front_page", schema.mapping(FRONT_PAGE_FIELDS, "front_page"), default={}),
    Field("topic_pages", schema.mapping(TOPIC_PAGE_FIELDS, "topic_pages"), default={}),
)


def listing_settings(values: dict[str, Any]) -> dict[str, int]:
    """SiteConfig's listing fields from the checked ``front_page`` and ``topic_pages``
    mappings, which this removes from ``values``."""
    front = values.pop("front_page")
    topics = values.pop("topic_pages")
    return {"front_page_stories": front.get("stories", FRONT_PAGE_STORIES),
            "front_page_reports": front.get("reports", FRONT_PAGE_REPORTS),
            "topic_page_size": topics.get("per_page", TOPIC_PAGE_SIZE)}
