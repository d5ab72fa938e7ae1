"""The corrections log as an Atom feed: ``corrections/feed.xml``.

One entry per correction or clarification, newest first, in the order of the
log page (:func:`briefing.listings.corrections.logged_notes`): the newest
``FEED_LIMIT`` of them, as in ``feed.xml``. The log page keeps the whole
record; a feed is read for what is new, and a reader's feed reader keeps what
it saw (at 10,000 articles the example's rate of corrections gives some three
thousand, which every build would otherwise set into the feed again). An entry's id is
its note's URL on the article page (``…/articles/x/#annotation-<id>``), which
stays the same as long as the article's slug and the note's id do; it is
``updated`` (and ``published``) at the note's date, midnight in the site's time
zone, and the feed at its newest entry's. Built from the same pieces as
``feed.xml`` (:mod:`briefing.publish.feeds`), with no build time in it.

Each entry's XML is remembered by everything it shows (the note's text, kind
and quote, its article's title, the URLs and the date): the log lists every
correction of the archive, so without that each build would render and
serialise thousands of notes that did not change. The feed is the entries'
text set into the rest of it, laid out as ``ET.indent`` lays out the whole.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.config.site import SiteConfig
from briefing.core.hashing import key
from briefing.core.html_links import absolute_links
from briefing.core.remembered import CORRECTION_ENTRY, Remember, compute_now
from briefing.core.urls import Urls
from briefing.listings.corrections import (
    LOG_FEED_PATH,
    LOG_PATH,
    LoggedNote,
    logged_notes,
    shown_quote,
)
from briefing.model.page import MergedPage
from briefing.publish.feeds import (
    ATOM_NS,
    EPOCH,
    FEED_LIMIT,
    _publisher,
    _rfc3339,
    _sub,
)
from briefing.render.markdown import render_markdown
from briefing.render.metadata import notice_time
from briefing.text.markdown import smarten


@dataclass(frozen=True)
class FeedEntry:
    """Everything an entry of the feed shows, and nothing else: its remembered
    XML is keyed by this."""

    id: str  # the note's URL on the article page
    link: str  # where the log links it (the unplaced notes, for an unplaced one)
    article_url: str
    article_title: str
    kind: str
    label: str
    when: str  # RFC 3339
    quote: str  # as the note gives it (LoggedNote.quote is made of it when it is shown)
    body: str  # Markdown


def corrections_feed(pages: Sequence[MergedPage], config: SiteConfig, urls: Urls,
                     remember: Remember = compute_now) -> bytes:
    """The Atom feed of the newest corrections and clarifications; ``remember``
    may supply each entry's XML from the last build."""
    notes = logged_notes(pages)[:FEED_LIMIT]
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
    entries = [feed_entry(item, _rfc3339(when), urls) for item, when in zip(notes, times)]
    # A FeedEntry's repr is its content (strings): one hash of it, not a walk of its fields.
    texts = [remember(CORRECTION_ENTRY, key(repr(entry)), lambda entry=entry: entry_xml(entry))
             for entry in entries]
    ET.indent(feed, space=" ")
    text = ET.tostring(feed, encoding="unicode", short_empty_elements=True)
    if texts:  # after the last element, as ET.indent would lay them out in the feed
        text = "".join([text.removesuffix("\n</feed>"), *(f"\n {x}" for x in texts),
                        "\n</feed>"])
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()


def feed_entry(item: LoggedNote, when: str, urls: Urls) -> FeedEntry:
    """What the feed shows of a logged note."""
    article_url = urls.absolute(item.article.url_path)
    return FeedEntry(f"{article_url}#{item.note.element_id}", urls.absolute(item.path),
                     article_url, item.article.title, item.note.kind.name,
                     item.note.kind.label, when, item.note.quote, item.note.body)


def entry_xml(entry: FeedEntry) -> str:
    """The ``<entry>`` element's text, one level deep in the feed's layout."""
    quote = shown_quote(entry.quote)  # as LoggedNote.quote
    element = ET.Element("entry")
    _sub(element, "id", entry.id)
    _sub(element, "title", f"{entry.label}: {smarten(entry.article_title)}")
    _sub(element, "link", rel="alternate", type="text/html", href=entry.link)
    _sub(element, "link", rel="related", type="text/html", href=entry.article_url)
    _sub(element, "published", entry.when)
    _sub(element, "updated", entry.when)
    _sub(element, "category", term=entry.kind, label=entry.label)
    _sub(element, "summary", f"On “{quote}”")
    body = absolute_links(render_markdown(entry.body), entry.article_url).strip()
    content = (f'<p>On “{html.escape(quote, quote=False)}” in '
               f'<a href="{html.escape(entry.article_url)}">'
               f"{html.escape(smarten(entry.article_title))}</a>:</p>\n{body}")
    _sub(element, "content", content, type="html")
    ET.indent(element, space=" ", level=1)
    return ET.tostring(element, encoding="unicode", short_empty_elements=True)
