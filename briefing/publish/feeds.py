"""The Atom feed (``feed.xml``) and JSON Feed 1.1 (``feed.json``).

Both carry the newest articles first, each with its full annotated text: the
merged Markdown page rendered *without* the annotation renderer, so the
editorial notes become ordinary footnotes that any feed reader shows. Every
URL is absolute, including links and images inside the content. Entries are
``updated`` when their latest correction was published; the feed itself when
its most recently updated entry was. No build time is written, so two builds
of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefing.config.site import SiteConfig
from briefing.core.hashing import key
from briefing.core.html_links import absolute_links
from briefing.core.indented_json import dumps_indented
from briefing.core.remembered import FEED_ENTRY, Remember, compute_now
from briefing.core.urls import Urls
from briefing.model.page import MergedPage
from briefing.model.picture import Picture
from briefing.model.site import Article
from briefing.pictures.render_rule import ENV_KEY as PICTURES_KEY
from briefing.render.markdown import render_markdown
from briefing.render.pictures import lead_image_url, plain_show
from briefing.render.metadata import page_updated
from briefing.text.markdown import smarten

ATOM_PATH = "feed.xml"
JSON_FEED_PATH = "feed.json"
FEED_LIMIT = 50  # newest articles in each feed
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# When a briefing has no articles yet, a feed still needs an `updated`; a fixed
# date keeps the build deterministic.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    article: Article
    url: str
    updated: dt.datetime
    content_html: str
    image: str | None = None  # the lead picture's address (render.pictures.lead_image_url)


def entries(pages: Sequence[MergedPage], config: SiteConfig, urls: Urls,
            remember: Remember = compute_now) -> list[Entry]:
    """The newest ``FEED_LIMIT`` articles, newest first (the order of ``pages``).

    An entry's HTML depends only on the merged page and its URL, so ``remember``
    may supply it from the last build.
    """
    result = []
    for page in pages[:FEED_LIMIT]:
        url = urls.absolute(page.article.url_path)
        content = remember(FEED_ENTRY, feed_key(page.document, url, page.article.pictures),
                           lambda page=page, url=url: entry_html(page, url, urls))
        result.append(Entry(page.article, url, page_updated(page, config), content,
                            lead_image_url(page.article, urls)))
    return result


def feed_key(document: str, url: str, pictures: tuple[Picture, ...]) -> str:
    """The key of an entry's HTML: all it is made from."""
    return key(document, url, pictures)


def entry_html(page: MergedPage, url: str, urls: Urls) -> str:
    """An article's text as a feed entry shows it: its pictures as plain images
    (no srcset), every link absolute, and its notes' footnotes named after the
    article (``fn-<slug>-1``: a reader showing several entries on one page had
    an ``fn1`` in each, and every note link led to the first)."""
    env: dict[str, Any] = {"docId": page.article.slug}  # markdown-it's footnote prefix
    if page.article.images:
        env[PICTURES_KEY] = plain_show(page.article.pictures, urls)
    return absolute_links(render_markdown(page.body, env), url).strip()


def feed_updated(items: Sequence[Entry]) -> dt.datetime:
    return max((entry.updated for entry in items), default=EPOCH)


def _clean(text: str) -> str:
    """Text with the control characters XML 1.0 cannot carry removed."""
    return _XML_FORBIDDEN.sub("", text)


def _rfc3339(value: dt.datetime) -> str:
    return value.isoformat()


def _authors(article: Article) -> list[str]:
    if article.authors:
        return list(article.authors)
    if article.source and article.source.name:
        return [article.source.name]
    return []


def _publisher(config: SiteConfig) -> tuple[str, str | None]:
    if config.publisher:
        return config.publisher.name, config.publisher.url
    return config.title, None


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = _clean(text)
    return element


def atom_feed(items: Sequence[Entry], config: SiteConfig, urls: Urls) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM_NS,
                               "{http://www.w3.org/XML/1998/namespace}lang": config.language})
    _sub(feed, "id", urls.absolute())
    _sub(feed, "title", config.title)
    if config.description:
        _sub(feed, "subtitle", smarten(config.description))
    _sub(feed, "updated", _rfc3339(feed_updated(items)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(ATOM_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=urls.absolute())
    name, url = _publisher(config)
    author = _sub(feed, "author")
    _sub(author, "name", name)
    if url:
        _sub(author, "uri", url)
    _sub(feed, "generator", "briefing")
    for item in items:
        article = item.article
        entry = _sub(feed, "entry")
        _sub(entry, "id", item.url)
        _sub(entry, "title", smarten(article.title))
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        if article.source and article.source.url:
            _sub(entry, "link", rel="related", type="text/html", href=article.source.url)
        _sub(entry, "published", _rfc3339(article.date))
        _sub(entry, "updated", _rfc3339(item.updated))
        for person in _authors(article):
            _sub(_sub(entry, "author"), "name", person)
        for tag in article.tags:
            _sub(entry, "category", term=tag)
        if article.dek:
            _sub(entry, "summary", smarten(article.dek))
        _sub(entry, "content", item.content_html, type="html")
    ET.indent(feed, space=" ")
    text = ET.tostring(feed, encoding="unicode", short_empty_elements=True)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()


def json_feed(items: Sequence[Entry], config: SiteConfig, urls: Urls) -> bytes:
    name, url = _publisher(config)
    publisher = {"name": name, **({"url": url} if url else {})}
    data: dict = {
        "version": JSON_FEED_VERSION, "title": config.title,
        "home_page_url": urls.absolute(), "feed_url": urls.absolute(JSON_FEED_PATH),
    }
    if config.description:
        data["description"] = smarten(config.description)
    data.update({"language": config.language, "authors": [publisher], "items": []})
    for item in items:
        article = item.article
        entry: dict = {"id": item.url, "url": item.url, "title": smarten(article.title),
                       "content_html": item.content_html}
        if article.dek:
            entry["summary"] = smarten(article.dek)
        if item.image:
            entry["image"] = item.image
        if article.source and article.source.url:
            entry["external_url"] = article.source.url
        entry["date_published"] = _rfc3339(article.date)
        entry["date_modified"] = _rfc3339(item.updated)
        authors = _authors(article)
        if authors:
            entry["authors"] = [{"name": person} for person in authors]
        if article.tags:
            entry["tags"] = list(article.tags)
        data["items"].append(entry)
    return (dumps_indented(data) + "\n").encode()
