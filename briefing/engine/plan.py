"""What is left to do for one article in a build, and why (``--explain``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.engine.entries import restored

if TYPE_CHECKING:
    from briefing.engine.entries import ArticleKeys
    from briefing.engine.incremental import BuildCache
    from briefing.engine.jobs import Job
    from briefing.model.annotation import Annotation
    from briefing.model.site import Article


@dataclass(frozen=True)
class Plan:
    article: Article
    merge_key: str
    keys: ArticleKeys
    job: Job | None  # None: nothing to do, the last build's files stay
    notes: tuple[Annotation, ...] = ()
    why: str = ""  # why the job is done (briefing build --explain)

    @property
    def own_inputs(self) -> tuple[str, ...]:
        """The files of the article's own it was made from: its article file, its
        notes files and its story's file (what --explain names when one of them
        changed)."""
        story = self.keys.stories.get(self.article.story) if self.article.story else None
        return (str(self.article.path), *sorted({str(note.path) for note in self.notes}),
                *([str(story.path)] if story is not None else []))


# Why a file was made again (briefing build --explain; see explain.py).
NEW_ARTICLE = "a new article (or none in the store)"
MERGED = "merged again: its article, its notes, the glossary's names or site.yml changed"
RENDERED = ("rendered again: its story, a glossary term it links, the site menu, "
            "templates, theme, static files or site.yml changed")
NOT_KEPT = "the last build's output could not be updated in place"
NEW_PAGE = "a new page"
NEW_FILE = "a new file"


def new_output(path: str) -> str:
    """Why a file the last build did not make is made: a page, or another file
    (a picture's variant, a sharing card: --explain called them pages)."""
    return NEW_PAGE if path.endswith(".html") else NEW_FILE
LISTED_CHANGED = "what it shows changed"


def plan_for(cache: BuildCache, article: Article, notes: tuple[Annotation, ...],
             keys: ArticleKeys) -> Plan:
    """What is left to do for ``article`` (BuildCache.plan): nothing, render only,
    or merge and render, by its entry in ``cache``."""
    merge_key = keys.hasher.key(article, notes, keys.merge)
    entry = cache.entry(article.slug)
    if entry is not None and entry.merge_key != merge_key:
        return Plan(article, merge_key, keys, (article, None), notes, MERGED)
    if entry is not None and entry.page.article is None:  # as stored: see stored_form
        # The store kept the notes apart: share ours again, as settle() did when
        # the page was made, so a note hashes alike in every build.
        entry = restored(entry, article, notes)
        if entry is None:
            cache.entries.pop(article.slug, None)
        else:
            cache.entries[article.slug] = entry
    if entry is None:
        return Plan(article, merge_key, keys, (article, None), notes, NEW_ARTICLE)
    if not keys.keep or not entry.files:
        return Plan(article, merge_key, keys, (article, entry.page), notes, NOT_KEPT)
    if entry.render_key != keys.render_of(entry):
        return Plan(article, merge_key, keys, (article, entry.page), notes, RENDERED)
    return Plan(article, merge_key, keys, None, notes)
