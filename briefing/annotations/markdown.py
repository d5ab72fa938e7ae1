"""Annotations written as Markdown, for the merged page (``index.md``).

Placed notes become footnotes, so the merged page is valid CommonMark with
footnotes and reads well on GitHub; unplaced notes (``strict: false``) become a
final "Unplaced notes" section.
"""

from __future__ import annotations

from briefing.core.dates import date_long
from briefing.model.annotation import Annotation, RetiredNote
from briefing.text.escape import escape_inline, escape_paragraph

UNPLACED_HEADING = "Unplaced notes"
RETIRED_HEADING = "Notes on earlier versions"


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


def note_paragraphs(note: Annotation) -> list[str]:
    head = f"**{plain(label(note))}.**"  # a rating is plain text, not Markdown
    if note.title:
        head += f" *{plain(note.title)}*"
    return [head, note.body.strip(), *(p for p in (sources_line(note), byline(note)) if p)]


def footnote(note: Annotation) -> str:
    """``[^id]: ...`` with continuation paragraphs indented, as CommonMark needs."""
    first, *rest = note_paragraphs(note)
    lines = [f"[^{note.id}]: {first}"]
    for paragraph in rest:
        lines.append("")
        lines.extend(("    " + line) if line else "" for line in paragraph.split("\n"))
    return "\n".join(lines)


def unplaced_section(notes: tuple[Annotation, ...]) -> str:
    parts = [f"## {UNPLACED_HEADING}",
             "These notes could not be placed next to the words they are about."]
    for note in notes:
        parts.append(f"> {escape_paragraph(note.quote.strip())}")  # it starts a line
        parts.extend(note_paragraphs(note))
    return "\n\n".join(parts)


def retired_section(notes: tuple[RetiredNote, ...]) -> str:
    """Notes on words a revision removed, each with the words as they stood."""
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
        parts.extend(note_paragraphs(note))
    return "\n\n".join(parts)
