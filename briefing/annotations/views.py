"""Notes as the theme shows them: numbered, labelled, with their body as HTML."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from briefing.annotations.markdown import label
from briefing.model.annotation import Anchor, Annotation


@dataclass(frozen=True)
class NoteView:
    """One note, ready for templates (``_annotation.html``, the print list, JSON-LD)."""

    annotation: Annotation
    number: int | None  # None for unplaced notes
    label: str  # "Fact check: Misleading"
    body_html: Markup
    url: str  # absolute URL of the note on its page
    exact: str  # the article text it is anchored to ("" when unplaced)

    @property
    def id(self) -> str:
        return self.annotation.id

    @property
    def kind(self) -> str:
        return self.annotation.kind.name


def note_views(anchors: tuple[Anchor, ...], unplaced: tuple[Annotation, ...],
               page_url: str, render: callable) -> tuple[list[NoteView], list[NoteView]]:
    """Placed notes numbered in reading order, then the unplaced ones."""
    def view(note: Annotation, number: int | None, exact: str) -> NoteView:
        return NoteView(note, number, label(note), Markup(render(note.body)),  # noqa: S704
                        f"{page_url}#{note.element_id}", exact)

    placed = [view(a.annotation, i, a.exact) for i, a in enumerate(anchors, start=1)]
    return placed, [view(note, None, "") for note in unplaced]
