"""An article's entry in the build cache, and the keys that say whether it is
still true: what every article's merge and render read site-wide, and what
each page reads of its own (its story, the glossary terms it links)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.core.errors import Diagnostic
from briefing.core.hashing import Fingerprints

if TYPE_CHECKING:
    from briefing.model.annotation import Annotation
    from briefing.model.glossary import Term
    from briefing.model.page import MergedPage
    from briefing.model.site import Article
    from briefing.model.story import Story


@lru_cache(maxsize=8)
def _term_link(glossary_url: str) -> re.Pattern[str]:
    return re.compile(re.escape(glossary_url) + r"([^/\s)]+)/")




@dataclass
class ArticleEntry:
    merge_key: str
    page: MergedPage
    diagnostics: list[Diagnostic]
    render_key: str = ""
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, digest) as written
    linked: tuple[str, ...] | None = None  # glossary terms the page links (ArticleKeys)
    # The terms whose definitions its page carries, in order (its popovers), as
    # its page was rendered: what build/definitions.py patches (None: unknown).
    shown: tuple[str, ...] | None = None
    # Ids of the page's notes that are the loaded notes themselves (not copies a
    # merge changed): the store keeps a NoteRef for each (see stored_form); and
    # of those that are loaded notes with the body merging linked: a LinkedRef.
    own: frozenset[str] = frozenset()
    own_linked: frozenset[str] = frozenset()
    # What pages other than the article's own read of it (engine/faces.py), and
    # the annotation files its notes came from: what build/narrow.py needs to
    # merge the article again alone and tell whether only its own files change.
    face: str = ""
    note_files: tuple[str, ...] = ()
    source_key: str = ""  # the key its article file was read under (the ARTICLE row's)
    source_path: str = ""  # its article file


@dataclass(frozen=True)
class NoteRef:
    """A note of a stored page that is one of the article's loaded notes, by id:
    the build loads those anyway, and a note is some twenty objects to store
    and read again (three notes are half of an entry's objects)."""

    id: str


@dataclass(frozen=True)
class LinkedRef:
    """A note of a stored page that is one of the article's loaded notes with
    the body merging gave it (glossary links): its id and that body. Most
    notes' bodies name a term, so most stored notes are these."""

    id: str
    body: str


@dataclass(frozen=True)
class ArticleKeys:
    """Fingerprints of what every article's merge and render read site-wide."""

    merge: str
    render: str  # what every article page reads site-wide
    keep: bool  # the last build's output is intact: unchanged articles' files stay
    hasher: Fingerprints = field(default_factory=Fingerprints, compare=False)
    terms: Mapping[str, Term] = field(default_factory=dict)  # the glossary, by slug
    glossary_url: str = ""  # where term pages live: links to them name the terms used
    stories: Mapping[str, Story] = field(default_factory=dict)  # the site's, by slug
    # Each article's part of the search index, by slug: its page names it.
    search_shards: Mapping[str, str] = field(default_factory=dict)
    # The glossary terms a text mentions (glossary/checks.term_mentions): what the
    # unused-term check reads of a note's body, so what an article's face holds.
    mentioned: Callable[[str], frozenset[str]] = field(
        default=lambda text: frozenset(), compare=False, repr=False)
    _keys: dict[tuple[str, str | None], str] = field(default_factory=dict, compare=False,
                                                     repr=False)

    def render_of(self, entry: ArticleEntry) -> str:
        """The render key of one article: the site-wide key, its own story (whose
        title the page shows; no other), every glossary term its merged page
        links to (whose definitions the page carries) and its search shard."""
        if entry.linked is None:  # scanned once per merged page; the entry keeps it
            entry.linked = tuple(sorted(set(
                _term_link(self.glossary_url).findall(entry.page.document))))
        article = entry.page.article
        return self.render_key(article.slug, article.story, entry.linked)

    def render_key(self, slug: str, story: str | None, linked: tuple[str, ...]) -> str:
        """:meth:`render_of` an article ``slug`` of ``story`` whose page links the
        terms ``linked``: for an entry as stored, without its article
        (build/definitions.py, which keeps the entries of the pages it patches
        current)."""
        parts = [self.render, self._key_of("story", story, self.stories),
                 *[self._key_of("term", term, self.terms) for term in linked],
                 self.search_shards.get(slug, "")]
        return self.hasher.key(*parts)

    def _key_of(self, kind: str, slug: str | None, values: Mapping[str, object]) -> str:
        """A story's or term's fingerprint, once per build: every article's render
        key holds some twenty of them, and a site has thousands of articles."""
        found = self._keys.get((kind, slug))
        if found is None:
            found = self._keys[(kind, slug)] = self.hasher.key(
                values.get(slug) if slug else None)
        return found


def stored_form(entry: ArticleEntry) -> ArticleEntry:
    """``entry`` as the store keeps it: without its article, which the store
    holds in its own row (the loaded file) and every build loads anyway, and
    with a :class:`NoteRef` for each note that is a loaded one (``own``) and a
    :class:`LinkedRef` for each that is one with a body merging linked
    (``own_linked``); any other note is kept whole."""
    def ref(note: Annotation) -> Annotation:
        if note.id in entry.own:
            return NoteRef(note.id)  # type: ignore[return-value]
        if note.id in entry.own_linked:
            return LinkedRef(note.id, note.body)  # type: ignore[return-value]
        return note

    refs = entry.own | entry.own_linked
    anchors = tuple(replace(anchor, annotation=ref(anchor.annotation))
                    if anchor.annotation.id in refs else anchor
                    for anchor in entry.page.anchors)
    page = replace(entry.page, article=None, anchors=anchors,  # type: ignore[arg-type]
                   unplaced=tuple(map(ref, entry.page.unplaced)))
    return replace(entry, page=page)


def restored(entry: ArticleEntry, article: Article, notes: tuple[Annotation, ...]
             ) -> ArticleEntry | None:
    """A stored entry given back the article it was merged from (the caller
    checked its merge key, which covers the article and its notes) and the
    build's own note objects for its NoteRefs and for copies equal to them
    (see with_our_notes); None if a NoteRef or LinkedRef names no note of ``notes``."""
    if not (entry.own | entry.own_linked) <= {note.id for note in notes}:
        return None
    entry.page = with_our_notes(entry.page, notes, article)  # the entry is the store's copy
    return entry


def own_notes(page: MergedPage, notes: tuple[Annotation, ...]
              ) -> tuple[frozenset[str], frozenset[str]]:
    """Ids of the page's notes that are objects of ``notes`` (after
    with_our_notes), and of those that are one with another body: every other
    field the very object of ours, as with_our_notes shares them."""
    ours = {note.id: note for note in notes}
    own, linked = set(), set()
    for note in (*(a.annotation for a in page.anchors), *page.unplaced):
        mine = ours.get(note.id)
        if mine is note:
            own.add(note.id)
        elif mine is not None and all(getattr(note, name) is getattr(mine, name)
                                      for name in _all_but_body()):
            linked.add(note.id)
    return frozenset(own), frozenset(linked)


def with_our_notes(page: MergedPage, notes: tuple[Annotation, ...],
                   article: Article | None = None) -> MergedPage:
    """``page`` holding the build's own note objects where a worker (or the store)
    gave back equal copies, and ``article`` if given: the cache keeps one of
    each (30,000 fewer objects to save, load and hold at 10,000 articles), and
    fingerprints know ours by their key. One ``replace`` of the page, and of
    each anchor only when its note is a copy: every build restores thousands.
    A note whose body merging linked keeps that body and shares the rest of
    ours (its path, kind, sources and quote: at 10,000 articles, copies of them
    held some 35 MB until the end of a cold build)."""
    ours = {note.id: note for note in notes}

    def share(note: Annotation) -> Annotation:
        mine = ours.get(note.id)
        if mine is None or mine is note:
            return note
        if isinstance(note, NoteRef) or mine == note:
            return mine
        if isinstance(note, LinkedRef):
            return replace(mine, body=note.body)
        linked = replace(mine, body=note.body)
        return linked if linked == note else note

    anchors = tuple(anchor if (shared := share(anchor.annotation)) is anchor.annotation
                    else replace(anchor, annotation=shared) for anchor in page.anchors)
    return replace(page, article=page.article if article is None else article,
                   anchors=anchors, unplaced=tuple(map(share, page.unplaced)))


@lru_cache(maxsize=1)
def _all_but_body() -> tuple[str, ...]:
    """An annotation's fields but its body (imported here: a build with nothing
    to do imports this module, not the model of notes)."""
    from briefing.model.annotation import Annotation

    return tuple(item.name for item in fields(Annotation) if item.name != "body")
