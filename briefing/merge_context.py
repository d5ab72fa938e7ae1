"""The types merge rules share: what they may read, and the page they build."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.annotations.anchor import Anchor
from briefing.annotations.model import Annotation
from briefing.errors import Diagnostics
from briefing.structure.model import Article, Site
from briefing.urls import Urls


@dataclass(frozen=True)
class MergeContext:
    site: Site
    urls: Urls
    diagnostics: Diagnostics


@dataclass(frozen=True)
class PageDraft:
    """An article's body on its way through the merge rules."""

    article: Article
    body: str
    anchors: tuple[Anchor, ...] = ()  # placed notes, in reading order
    unplaced: tuple[Annotation, ...] = ()  # notes whose quote was not found (strict: false)
    text: str = ""  # the article's normalised text, for annotation selectors
