"""Who published and who wrote a page, as schema.org ``Organization`` / ``Person``."""

from __future__ import annotations

from typing import Any

from briefing.config.site import SiteConfig
from briefing.model.site import Article


def organisation(config: SiteConfig) -> dict[str, Any]:
    """The publisher: the configured one, else the site under its own title."""
    publisher = config.publisher
    data: dict[str, Any] = {"@type": "Organization",
                            "name": publisher.name if publisher else config.title}
    if publisher and publisher.url:
        data["url"] = publisher.url
    return data


def author(article: Article, config: SiteConfig) -> list[dict[str, Any]] | dict[str, Any]:
    """schema.org ``author``: the named authors, else the source, else the publisher."""
    if article.authors:
        return [{"@type": "Person", "name": name} for name in article.authors]
    if article.source and article.source.name:
        return {"@type": "Organization", "name": article.source.name}
    return organisation(config)
