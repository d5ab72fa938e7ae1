"""The corrections log, ``/corrections/``: every correction and clarification of
the site, newest first, each linked to its note on the article page.

The page is written even when there is nothing in it yet (it says so): a
newsroom's corrections policy links to its log whether or not it has entries.
Its Atom feed, ``/corrections/feed.xml``, is :mod:`briefing.publish.corrections`,
which lists the same notes in the same order (:func:`logged_notes`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from briefing.annotations.markdown import RETIRED_HEADING, label
from briefing.core.later import Later
from briefing.core.remembered import NOTE_HTML
from briefing.core.slug import slugify
from briefing.listings.stories import UNPLACED_ID
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
    # The loader requires a date of both kinds; the article's date stands in regardless.
    return tuple(sorted(found, key=lambda e: (e.note.date or e.article.date.date(),
                                              e.article.date.timestamp()), reverse=True))


def render_corrections(context: RenderContext, terms: TermContext,
                       pages: Sequence[MergedPage]) -> OutputFile | KeptFile:
    """``corrections/index.html``; note bodies link glossary terms as on story pages
    (they were linked when their article was merged, so they are rendered as they are).

    The log shows every correction of the archive, and an edit seldom touches
    one: its entries and the definitions of the terms they link are given as
    :class:`~briefing.core.later.Later` values, known by the notes they show
    (and, for the definitions, the terms they may link: :func:`linkable_terms`),
    so a log kept from the last build renders nothing, and neither does an
    edit of a definition no logged note links. Each note's HTML is remembered
    too, for a log that must be rendered again."""
    links = terms.links()
    logged = logged_notes(pages)
    entries = Later(context.key("corrections", logged), lambda: log_entries(
        logged, remembered_renderer(context.remember, NOTE_HTML, links, context.prerendered)))

    def definitions() -> list:
        entries.get()  # rendering the notes tells which terms they link
        return terms.definitions(links.used) if links else []

    return context.page("corrections.html", f"{LOG_PATH}index.html", entries=entries,
                        feed=LOG_FEED_PATH, definitions=Later(context.key(
                            "corrections-definitions", entries.key,
                            linkable_terms(logged, context.site.glossary.terms)),
                            definitions))


def linkable_terms(logged: Sequence[LoggedNote], glossary: Sequence[Term]) -> list[Term]:
    """The terms the logged notes may link: those whose slug a note's body holds
    anywhere (a link to a term's page holds it; so may words that link
    nothing, which only costs a rendering). The log carries the definitions of
    the terms it links, so a definition edit of any other term leaves it as it
    was: keyed on the whole glossary, every such edit rendered every correction
    of the archive again (some 0.4 s at 10,000 articles)."""
    bodies = "\n".join(item.note.body for item in logged)
    return [term for term in glossary if term.slug in bodies]


def log_entries(logged: Sequence[LoggedNote], render: Callable[[str], str]
                ) -> tuple[LogEntry, ...]:
    """The log's entries, each note body rendered by the page's ``render``."""
    return tuple(LogEntry(item, label(item.note), Markup(render(item.note.body)))  # noqa: S704 - markdown-it escapes
                 for item in logged)
