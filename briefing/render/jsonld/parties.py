"""Who published and who wrote a page, as schema.org ``Organization`` / ``Person``."""

from __future__ import annotations

from typing import Any

from briefing.config.policies import POLICY_PROPERTIES, PRINCIPLES, PolicyLink, policies
from briefing.config.site import SiteConfig
from briefing.core.urls import Urls
from briefing.model.site import Article


def organisation(config: SiteConfig) -> dict[str, Any]:
    """The publisher: the configured one, else the site under its own title; a
    ``NewsMediaOrganization`` with its policies when site.yml names any."""
    publisher = config.publisher
    configured = policies(publisher)
    data: dict[str, Any] = {"@type": "NewsMediaOrganization" if configured else "Organization",
                            "name": publisher.name if publisher else config.title}
    if publisher and publisher.url:
        data["url"] = publisher.url
    if configured:
        urls = Urls(config.base_url)
        links = {name: policy_url(link, urls) for name, link in configured}
        data.update((prop, links[name]) for name, prop in POLICY_PROPERTIES if name in links)
        principles = [links[name] for name in PRINCIPLES if name in links]
        if principles:  # the ethics policy, else fact-checking, else corrections
            data["publishingPrinciples"] = principles[0]
    return data


def policy_url(link: PolicyLink, urls: Urls) -> str:
    """The policy's absolute URL: its page under the site's base URL, or its address."""
    return urls.absolute(link.path) if link.path else link.target


def author(article: Article, config: SiteConfig) -> list[dict[str, Any]] | dict[str, Any]:
    """schema.org ``author``: the named authors, else the source, else the publisher."""
    if article.authors:
        return [{"@type": "Person", "name": name} for name in article.authors]
    if article.source and article.source.name:
        return {"@type": "Organization", "name": article.source.name}
    return organisation(config)


def front_page_publisher(config: SiteConfig) -> list[dict[str, Any]]:
    """The front page's JSON-LD: the publisher on its own, with its policies; none
    (as before policies existed) when site.yml names no policy."""
    if not policies(config.publisher):
        return []
    return [{"@context": "https://schema.org", **organisation(config),
             "url": config.publisher.url if config.publisher and config.publisher.url
             else Urls(config.base_url).absolute()}]
