"""An article page's schema.org ``NewsArticle`` and ``BreadcrumbList``."""

from __future__ import annotations

from typing import Any

from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.core.urls import Urls
from briefing.model.site import Article
from briefing.render.jsonld.parties import author, organisation
from briefing.render.metadata import updated


def news_article(article: Article, config: SiteConfig, url: str,
                 notes: list[NoteView], images: list[dict[str, Any]] | None = None
                 ) -> dict[str, Any]:
    """``NewsArticle`` with the corrections made to it; modified = latest correction.

    The modified date is :func:`~briefing.render.metadata.updated`, the one the
    ``<head>``, the feeds and the sitemap use, so no two outputs disagree.
    """
    fixes = correction_comments(notes)
    modified = updated(article, [n.annotation for n in notes], config.timezone).isoformat()
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": article.date.isoformat(), "dateModified": modified, "url": url,
        "mainEntityOfPage": url, "publisher": organisation(config),
        "inLanguage": config.language,
    }
    if article.dek:
        data["description"] = article.dek
    if images:  # 16:9, 4:3 and 1:1 crops of the lead image, or the sharing card
        data["image"] = images
    data["author"] = author(article, config)  # authors, else the source, else the publisher
    if article.source and article.source.url:
        data["isBasedOn"] = article.source.url
    if article.tags:
        data["keywords"] = list(article.tags)
    if fixes:
        data["correction"] = fixes
    return data


def correction_comments(notes: list[NoteView]) -> list[dict[str, Any]]:
    """The ``correction`` entries of a ``NewsArticle``: one ``CorrectionComment`` each.

    Clarifications are left out: schema.org's ``correction`` is for corrections,
    and a clarification (which adds context, fixing nothing) is not one. They
    still move ``dateModified``, as the page changed with their notice.
    """
    return [{"@type": "CorrectionComment", "text": n.annotation.body.strip(),
             "datePublished": n.annotation.date.isoformat() if n.annotation.date else None}
            for n in notes if n.kind == "correction"]


def breadcrumb_list(article: Article, config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """schema.org ``BreadcrumbList``: the front page, then the article."""
    crumbs = [(config.title, urls.absolute()), (article.title, urls.absolute(article.url_path))]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": number, "name": name,
                                 "item": url}
                                for number, (name, url) in enumerate(crumbs, start=1)]}
