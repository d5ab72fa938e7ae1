"""schema.org structured data for pages (JSON-LD)."""

from __future__ import annotations

from typing import Any

from briefing.annotations.jsonld import corrections, organisation
from briefing.annotations.views import NoteView
from briefing.config.site import SiteConfig
from briefing.model.site import Article
from briefing.render.metadata import author, updated


def iso(article: Article) -> str:
    return article.date.isoformat()


def news_article(article: Article, config: SiteConfig, url: str,
                 notes: list[NoteView]) -> dict[str, Any]:
    """``NewsArticle`` with the corrections made to it; modified = latest correction."""
    fixes = corrections(notes)
    modified = updated(article, [n.annotation for n in notes], config.timezone).isoformat()
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": iso(article), "dateModified": modified, "url": url,
        "mainEntityOfPage": url, "publisher": organisation(config),
        "inLanguage": config.language,
    }
    if article.dek:
        data["description"] = article.dek
    data["author"] = author(article, config)  # authors, else the source, else the publisher
    if article.source and article.source.url:
        data["isBasedOn"] = article.source.url
    if article.tags:
        data["keywords"] = list(article.tags)
    if fixes:
        data["correction"] = fixes
    return data
