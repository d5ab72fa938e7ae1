"""An article's face: everything of it that a page other than its own reads.

Listing pages, feeds' lists, the sitemap, term pages, the corrections log,
claimreview.json, sharing cards and the glossary's checks read an article's
front matter (title, dek, date, tags, story, pictures, revisions), its notes
and where the merge placed them, and the glossary terms it mentions first:
never its body, except the feeds (their newest entries carry the whole text),
story pages (which compare their reports' texts) and the search index, which
build/narrow.py handles or leaves to the whole pipeline. So while an edit
leaves an article's face as it was, no page but the article's own can change
(build/narrow.py); the whole pipeline recomputes the face with every merge
(engine/incremental.BuildCache.settle) and keeps it in the article's entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from briefing.core.hashing import key

if TYPE_CHECKING:
    from briefing.model.annotation import Annotation
    from briefing.model.page import MergedPage

# Notes other pages show whole: corrections and clarifications (the corrections
# log and its feed, the sitemap's lastmod: model.annotation.NOTICE_KINDS, which
# tests/test_narrow.py checks are among these; not imported, as a build with
# nothing to do imports this module), fact-checks (the ratings page,
# claimreview.json) and quote checks (rated too).
SHOWN_WHOLE = ("correction", "clarification", "fact-check", "quote-check")


def face_of(page: MergedPage, notes: tuple[Annotation, ...],
            mentioned: Callable[[str], frozenset[str]]) -> str:
    """The face's key: the article without its body, its notes as loaded, which
    of them the merge placed (and on which words, how well; not where in the
    body, which any edit above it moves) or could not place, its retired notes
    and its glossary mentions (each with its sentence, which term pages show).

    A note other pages show counts whole, as loaded and as merged (the merge
    links glossary terms in its body). Of any other note only its id (unique
    site-wide), its kind and the terms its loaded body mentions count
    (``mentioned``: what the unused-term check reads; the same remembered
    search, so no work of its own), and of its merged copy only its id.
    Retired notes count whole: few, and the history page is not alone in showing
    them. Lines in files count nowhere: only messages name them, and the
    article's own (its merge's) are replaced with it. A plain content hash,
    so the same article gives the same face in any build."""
    def lineless(note: Annotation) -> Annotation:
        return replace(note, line=0, quote_line=0, retired_line=0)

    def loaded(note: Annotation) -> object:
        if note.kind.name in SHOWN_WHOLE:
            return lineless(note)
        return (note.id, note.kind.name, sorted(mentioned(note.body)))

    def merged(note: Annotation) -> object:
        return lineless(note) if note.kind.name in SHOWN_WHOLE else note.id

    placed = tuple((merged(anchor.annotation), anchor.exact, anchor.score)
                   for anchor in page.anchors)
    return key(replace(page.article, body="", body_line=0), tuple(map(loaded, notes)),
               placed, tuple(map(merged, page.unplaced)), page.retired, page.mentions)
