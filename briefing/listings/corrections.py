"""The corrections log: every correction and clarification of the site, newest
first, each linked to its note on the article page.

``/corrections/`` shows the newest :data:`LOG_NEWEST` and an index of months;
``/corrections/YYYY/MM/`` every note dated in that month. One page listing
every note grew with the archive (4 MB at 10,000 articles, which no phone
reads) and was rendered again whenever any logged note or the definition of
a term one links changed; now each page is given only the notes it shows, so
a new correction rewrites the log's first page and its month's, and an edit
of an older one its month's page alone.

The first page is written even when there is nothing in it yet (it says so):
a newsroom's corrections policy links to its log whether or not it has
entries. Its Atom feed, ``/corrections/feed.xml``, is
:mod:`briefing.publish.corrections`, which lists the same notes in the same
order (:func:`logged_notes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from briefing.annotations.markdown import RETIRED_HEADING, label
from briefing.core.html_links import resolved_links
from briefing.core.later import Later
from briefing.core.remembered import NOTE_HTML
from briefing.core.slug import slugify
from briefing.listings.stories import UNPLACED_ID
from briefing.listings.views import MonthCount, MonthName, month_index
from briefing.model.annotation import NOTICE_KINDS, Annotation
from briefing.model.glossary import Term
from briefing.model.page import MergedPage
from briefing.model.site import Article
from briefing.render.markdown import remembered_renderer
from briefing.stories.comparison import inner_quotes

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.render.context import RenderContext
    from briefing.render.terms import TermContext

LOG_PATH = "corrections/"  # the log's site-relative URL
RETIRED_ID = slugify(RETIRED_HEADING)  # heading id of the article's retired notes
LOG_FEED_PATH = f"{LOG_PATH}feed.xml"
LOG_NEWEST = 20  # notes on the log's first page; every note is on its month's page


@dataclass(frozen=True)
class LoggedNote:
    """One correction or clarification, with the article it corrects."""

    article: Article
    note: Annotation
    placed: bool  # anchored in the text (else in the article's "Unplaced notes")
    retired: bool = False  # on words a revision removed: "Notes on earlier versions"

    @property
    def path(self) -> str:
        """Site-relative URL of the note on the article page."""
        fragment = RETIRED_ID if self.retired else \
            self.note.element_id if self.placed else UNPLACED_ID
        return f"{self.article.url_path}#{fragment}"

    @property
    def quote(self) -> str:
        """The corrected passage as the note quotes it, inner double quotes made single."""
        return shown_quote(self.note.quote)

    @property
    def day(self) -> dt.date:
        """The note's date: the log's order and month (the loader requires one of
        both kinds; the article's date stands in regardless)."""
        return self.note.date or self.article.date.date()


def shown_quote(quote: str) -> str:
    """A note's quote as the log and its feed show it, inner double quotes made single."""
    return inner_quotes(quote.strip())


@dataclass(frozen=True)
class LogEntry:
    """A logged note as ``corrections.html`` shows it."""

    logged: LoggedNote
    label: str  # "Correction", "Clarification"
    body_html: Markup


def logged_notes(pages: Sequence[MergedPage]) -> tuple[LoggedNote, ...]:
    """Every correction and clarification, newest first by the note's date; notes
    of one date by their article's date (newest first), then in the order of
    ``pages``, then in reading order (a stable sort)."""
    found = []
    for page in pages:
        found += [LoggedNote(page.article, anchor.annotation, True) for anchor in page.anchors
                  if anchor.annotation.kind.name in NOTICE_KINDS]
        found += [LoggedNote(page.article, note, False) for note in page.unplaced
                  if note.kind.name in NOTICE_KINDS]
        found += [LoggedNote(page.article, gone.annotation, False, retired=True)
                  for gone in page.retired if gone.annotation.kind.name in NOTICE_KINDS]
    return tuple(sorted(found, key=lambda e: (e.day, e.article.date.timestamp()),
                        reverse=True))


def log_months(logged: Sequence[LoggedNote]
               ) -> tuple[tuple[MonthName, tuple[LoggedNote, ...]], ...]:
    """``logged`` (newest first) by the month of each note's date, newest first."""
    months: dict[tuple[int, int], list[LoggedNote]] = {}
    for item in logged:
        months.setdefault((item.day.year, item.day.month), []).append(item)
    return tuple((MonthName(year, month, LOG_PATH), tuple(items))
                 for (year, month), items in months.items())


def render_corrections(context: RenderContext, terms: TermContext,
                       pages: Sequence[MergedPage]) -> Iterator[OutputFile | KeptFile]:
    """``corrections/index.html`` (the newest notes and the index of months), then
    each month's page, which links the months before and after it."""
    logged = logged_notes(pages)
    months = log_months(logged)
    index = month_index(MonthCount(month.year, month.month, LOG_PATH, count=len(items))
                        for month, items in months)
    yield _log_page(context, terms, LOG_PATH, logged[:LOG_NEWEST], month=None,
                    years=index, newer=None, older=None)
    for at, (month, items) in enumerate(months):
        newer = months[at - 1][0] if at > 0 else None
        older = months[at + 1][0] if at + 1 < len(months) else None
        yield _log_page(context, terms, month.url_path, items, month=month, years=(),
                        newer=newer, older=older)


def _log_page(context: RenderContext, terms: TermContext, path: str,
              logged: Sequence[LoggedNote], **shown: object) -> OutputFile | KeptFile:
    """One page of the log; note bodies link glossary terms as on story pages
    (they were linked when their article was merged, so they are rendered as
    they are).

    An edit seldom touches a logged note: the page's entries and the
    definitions of the terms they link are given as
    :class:`~briefing.core.later.Later` values, known by the notes they show
    (and, for the definitions, the terms they may link: :func:`linkable_terms`),
    so a page kept from the last build renders nothing, and neither does an
    edit of a definition none of its notes links. Each note's HTML is
    remembered too, for a page that must be rendered again."""
    links = terms.links()
    entries = Later(context.key("corrections", logged), lambda: log_entries(
        logged, remembered_renderer(context.remember, NOTE_HTML, links, context.prerendered),
        context.urls.url))

    def definitions() -> list:
        entries.get()  # rendering the notes tells which terms they link
        return terms.definitions(links.used) if links else []

    return context.page("corrections.html", f"{path}index.html", entries=entries,
                        feed=LOG_FEED_PATH, definitions=Later(context.key(
                            "corrections-definitions", entries.key,
                            linkable_terms(logged, context.site.glossary.terms)),
                            definitions), **shown)


def linkable_terms(logged: Sequence[LoggedNote], glossary: Sequence[Term]) -> list[Term]:
    """The terms the logged notes may link: those whose slug a note's body holds
    anywhere (a link to a term's page holds it; so may words that link
    nothing, which only costs a rendering). The log carries the definitions of
    the terms it links, so a definition edit of any other term leaves it as it
    was: keyed on the whole glossary, every such edit rendered every correction
    of the archive again (some 0.4 s at 10,000 articles)."""
    bodies = "\n".join(item.note.body for item in logged)
    return [term for term in glossary if term.slug in bodies]


def log_entries(logged: Sequence[LoggedNote], render: Callable[[str], str],
                url: Callable[[str], str]) -> tuple[LogEntry, ...]:
    """The log's entries, each note body rendered by the page's ``render``,
    its relative links resolved against its report's page (``url``: a
    site-relative path's root-relative URL), for which it was written."""
    return tuple(LogEntry(item, label(item.note), Markup(resolved_links(  # noqa: S704 - markdown-it escapes
        render(item.note.body), url(item.article.url_path))))
        for item in logged)
