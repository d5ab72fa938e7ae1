"""The merged Markdown page: what the merge stage makes of an article and its notes."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model.annotation import Anchor, Annotation, RetiredNote
from briefing.model.glossary import Mention
from briefing.model.site import Article


@dataclass(frozen=True)
class MergedPage:
    article: Article
    body: str  # the merged Markdown body
    front: str  # its front matter, as YAML
    anchors: tuple[Anchor, ...] = ()
    unplaced: tuple[Annotation, ...] = ()
    retired: tuple[RetiredNote, ...] = ()  # notes on words a revision removed
    text: str = ""  # normalised article text (only computed for annotated articles)
    mentions: tuple[Mention, ...] = ()  # each glossary term's first mention, in reading order

    @property
    def document(self) -> str:
        """Front matter + body: the text of index.md. Made when asked for, not
        kept: every page is held (and cached) until the listing pages are done,
        and a second copy of each body would add a fifth to that."""
        return f"---\n{self.front}---\n\n{self.body}"
