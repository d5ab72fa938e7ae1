"""Annotations written as Markdown, for the merged page (``index.md``).

Placed notes become footnotes, so the merged page is valid CommonMark with
footnotes and reads well on GitHub; unplaced notes (``strict: false``) become a
final "Unplaced notes" section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from briefing.config.ratings import RATINGS_PATH, Rating
from briefing.core.dates import date_long
from briefing.model.annotation import Annotation, RetiredNote
from briefing.text.escape import escape_inline, escape_paragraph

UNPLACED_HEADING = "Unplaced notes"
RETIRED_HEADING = "Notes on earlier versions"

# Each rating of the site's scale → its place on the ratings page (absolute, as
# every link of index.md is); empty without a scale. See :func:`rating_links`.
RatingLinks = Mapping[str, str]
NO_RATINGS: RatingLinks = {}


def rating_links(scale: Sequence[Rating], absolute: Callable[[str], str]) -> RatingLinks:
    """Where each rating of ``scale`` is explained; ``absolute`` makes a
    site-relative path absolute (core/urls.Urls.absolute)."""
    if not scale:
        return NO_RATINGS
    page = absolute(RATINGS_PATH)
    return {rating.name: f"{page}#{rating.slug}" for rating in scale}


def plain(text: str) -> str:
    """A one-line field (rating, title, author, a source's title) as Markdown that
    shows it as written. Line breaks fold into spaces, as in the HTML page: a
    blank line would end the footnote and spill the rest of the note into the
    article."""
    return escape_inline(" ".join(text.split()))


def label(note: Annotation) -> str:
    """"Fact check: Misleading", "Context": the kind always in words."""
    return f"{note.kind.label}: {note.rating}" if note.rating else note.kind.label


def sources_line(note: Annotation) -> str:
    parts = []
    for source in note.sources:
        title = plain(source.title)
        text = f"[{title}](<{source.url}>)" if source.url else title
        if source.accessed:
            text += f" (accessed {date_long(source.accessed)})"
        parts.append(text)
    return "Sources: " + "; ".join(parts) + "." if parts else ""


def byline(note: Annotation) -> str:
    parts = [plain(note.author)] if note.author else []
    if note.date:
        parts.append(date_long(note.date))
    return "— " + ", ".join(parts) if parts else ""


def label_markdown(note: Annotation, ratings: RatingLinks = NO_RATINGS) -> str:
    """The bold label: a fact-check's rating, plain text (not Markdown), is
    linked to its place on the ratings page, as the page's aside links it."""
    url = ratings.get(note.rating) if note.kind.name == "fact-check" and note.rating else None
    if url is None:
        return f"**{plain(label(note))}.**"
    return f"**{plain(note.kind.label)}: [{plain(note.rating)}](<{url}>).**"


def note_paragraphs(note: Annotation, ratings: RatingLinks = NO_RATINGS) -> list[str]:
    head = label_markdown(note, ratings)
    if note.title:
        head += f" *{plain(note.title)}*"
    return [head, note.body.strip(), *(p for p in (sources_line(note), byline(note)) if p)]


def footnote(note: Annotation, ratings: RatingLinks = NO_RATINGS) -> str:
    """``[^id]: ...`` with continuation paragraphs indented, as CommonMark needs."""
    first, *rest = note_paragraphs(note, ratings)
    lines = [f"[^{note.id}]: {first}"]
    for paragraph in rest:
        lines.append("")
        lines.extend(("    " + line) if line else "" for line in paragraph.split("\n"))
    return "\n".join(lines)


def unplaced_section(notes: tuple[Annotation, ...], ratings: RatingLinks = NO_RATINGS) -> str:
    parts = [f"## {UNPLACED_HEADING}",
             "These notes could not be placed next to the words they are about."]
    for note in notes:
        parts.append(f"> {escape_paragraph(note.quote.strip())}")  # it starts a line
        parts.extend(note_paragraphs(note, ratings))
    return "\n\n".join(parts)


def retired_section(notes: tuple[RetiredNote, ...], ratings: RatingLinks = NO_RATINGS) -> str:
    """Notes on words a revision removed, each with the words as they stood: the
    page shows them from this text, so their ratings are linked here."""
    parts = [f"## {RETIRED_HEADING}",
             "A later version of the wire report no longer has the words these notes "
             "are about."]
    for retired in notes:
        note, version = retired.annotation, retired.revision
        parts.append(f"In the version of {version.label} this report said:")
        # The words the version had: the note's quote, unless it matched them only
        # nearly (then it would misquote the version; the build warns).
        said = retired.anchor.exact if retired.anchor.fuzzy else note.quote
        parts.append(f"> {escape_paragraph(said.strip())}")
        parts.extend(note_paragraphs(note, ratings))
    return "\n\n".join(parts)
