"""What a build of edited articles alone (narrow.py) takes from the last whole build.

Every run of the whole pipeline leaves one :class:`Basis` in the store
(``EDIT_BASIS``). A narrow build checks its keys against its own (the same
settings, glossary names, menu, templates and theme) and reads from it what
only the whole site could tell: which static files content shows as pictures
(left out of the assets whose fingerprints pages link), every article's slug
(what a note may name), the feeds' entries, of which it replaces the edited
articles' own, which part of the search index each article page is in, and
which reports each story holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from briefing.publish.feeds import Entry


@dataclass(frozen=True)
class Basis:
    merge: str  # ArticleKeys.merge: what every article's merge reads site-wide
    render: str  # ArticleKeys.render: what every article page reads site-wide
    bodies_listed: bool  # a listing template reads an article's body (pipeline.unread_fields)
    shown: frozenset[str]  # static files content shows as pictures (render/pictures.py)
    slugs: frozenset[str]  # every article's slug, drafts included: what a note may name
    feed: tuple[Entry, ...]  # the entries of feed.xml and feed.json, newest first
    # Each article page's part of the search index (search on): its path → its shard.
    shard_of: Mapping[str, str] = field(default_factory=dict)
    # Each story's published reports, oldest first (Site.articles_by_story), by slug:
    # the story page an edit of one of them makes again reads them all.
    stories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
