"""schema.org structured data for pages (JSON-LD)."""

from __future__ import annotations

from typing import Any

from briefing.annotations.jsonld import corrections, organisation
from briefing.annotations.views import NoteView
from briefing.config import SiteConfig
from briefing.structure.model import Article


def iso(article: Article) -> str:
    return article.date.isoformat()


def news_article(article: Article, config: SiteConfig, url: str,
                 notes: list[NoteView]) -> dict[str, Any]:
    """``NewsArticle`` with the corrections made to it; modified = latest correction."""
    fixes = corrections(notes)
    modified = max([iso(article)] + [f"{f['datePublished']}T00:00:00{_offset(article)}"
                                      for f in fixes if f["datePublished"]])
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": iso(article), "dateModified": modified, "url": url,
        "mainEntityOfPage": url, "publisher": organisation(config),
        "inLanguage": config.language,
    }
    if article.dek:
        data["description"] = article.dek
    if article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    elif article.source and article.source.name:
        data["author"] = {"@type": "Organization", "name": article.source.name}
    if article.source and article.source.url:
        data["isBasedOn"] = article.source.url
    if article.tags:
        data["keywords"] = list(article.tags)
    if fixes:
        data["correction"] = fixes
    return data


def _offset(article: Article) -> str:
    text = article.date.strftime("%z")
    return f"{text[:3]}:{text[3:]}" if text else "Z"
