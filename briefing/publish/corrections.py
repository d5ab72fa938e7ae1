"""The corrections log as an Atom feed: ``corrections/feed.xml``.

One entry per correction or clarification, newest first, in the order of the
log page (:func:`briefing.listings.corrections.logged_notes`). An entry's id is
its note's URL on the article page (``…/articles/x/#annotation-<id>``), which
stays the same as long as the article's slug and the note's id do; it is
``updated`` (and ``published``) at the note's date, midnight in the site's time
zone, and the feed at its newest entry's. Built from the same pieces as
``feed.xml`` (:mod:`briefing.publish.feeds`), with no build time in it.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from briefing.config.site import SiteConfig
from briefing.core.urls import Urls
from briefing.listings.corrections import (
    LOG_FEED_PATH,
    LOG_PATH,
    LoggedNote,
    logged_notes,
)
from briefing.model.page import MergedPage
from briefing.publish.feeds import (
    ATOM_NS,
    EPOCH,
    _publisher,
    _rfc3339,
    _sub,
    absolute_links,
)
from briefing.render.markdown import render_markdown
from briefing.render.metadata import notice_time
from briefing.text.markdown import smarten


def corrections_feed(pages: Sequence[MergedPage], config: SiteConfig, urls: Urls) -> bytes:
    """The Atom feed of every correction and clarification (there are few: no limit)."""
    notes = logged_notes(pages)
    times = [notice_time(item.note.date, config.timezone) if item.note.date
             else item.article.date for item in notes]
    feed = ET.Element("feed", {"xmlns": ATOM_NS,
                               "{http://www.w3.org/XML/1998/namespace}lang": config.language})
    _sub(feed, "id", urls.absolute(LOG_PATH))
    _sub(feed, "title", f"Corrections and clarifications · {smarten(config.title)}")
    _sub(feed, "updated", _rfc3339(max(times, default=EPOCH)))
    _sub(feed, "link", rel="self", type="application/atom+xml",
         href=urls.absolute(LOG_FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=urls.absolute(LOG_PATH))
    name, url = _publisher(config)
    author = _sub(feed, "author")
    _sub(author, "name", name)
    if url:
        _sub(author, "uri", url)
    _sub(feed, "generator", "briefing")
    for item, when in zip(notes, times):
        _entry(feed, item, _rfc3339(when), urls)
    ET.indent(feed, space=" ")
    text = ET.tostring(feed, encoding="unicode", short_empty_elements=True)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()


def _entry(feed: ET.Element, item: LoggedNote, when: str, urls: Urls) -> None:
    article_url = urls.absolute(item.article.url_path)
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"{article_url}#{item.note.element_id}")
    _sub(entry, "title", f"{item.note.kind.label}: {smarten(item.article.title)}")
    _sub(entry, "link", rel="alternate", type="text/html", href=urls.absolute(item.path))
    _sub(entry, "link", rel="related", type="text/html", href=article_url)
    _sub(entry, "published", when)
    _sub(entry, "updated", when)
    _sub(entry, "category", term=item.note.kind.name, label=item.note.kind.label)
    _sub(entry, "summary", f"On “{item.quote}”")
    body = absolute_links(render_markdown(item.note.body), article_url).strip()
    content = (f'<p>On “{html.escape(item.quote, quote=False)}” in '
               f'<a href="{html.escape(article_url)}">{html.escape(smarten(item.article.title))}'
               f"</a>:</p>\n{body}")
    _sub(entry, "content", content, type="html")
