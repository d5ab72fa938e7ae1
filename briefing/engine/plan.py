"""What is left to do for one article in a build, and why (``--explain``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.engine.entries import ArticleEntry, own_notes, restored, with_our_notes
from briefing.engine.faces import face_of
from briefing.engine.packed import whole_page

if TYPE_CHECKING:
    from briefing.engine.entries import ArticleKeys
    from briefing.engine.incremental import BuildCache
    from briefing.engine.jobs import ArticleWork, Job
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
             keys: ArticleKeys, light: bool = False) -> Plan:
    """What is left to do for ``article`` (BuildCache.plan): nothing, render only,
    or merge and render, by its entry in ``cache``. ``light``: the build lets go
    of the page's text once it settles (BuildCache.settle), so its entry is
    read without it unless it is rendered again."""
    merge_key = keys.hasher.key(article, notes, keys.merge)
    entry = cache.entry(article.slug, light)
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
    if entry is not None and entry.linked is None:  # render_of scans the page's text
        entry = whole_entry(cache, article.slug)
    if entry is None:
        return Plan(article, merge_key, keys, (article, None), notes, NEW_ARTICLE)
    why = NOT_KEPT if not keys.keep or not entry.files else \
        RENDERED if entry.render_key != keys.render_of(entry) else ""
    if not why:
        return Plan(article, merge_key, keys, None, notes)
    entry = whole_entry(cache, article.slug)  # rendered again: its text, if read light
    if entry is None:  # the store has none: merged again
        return Plan(article, merge_key, keys, (article, None), notes, NEW_ARTICLE)
    return Plan(article, merge_key, keys, (article, entry.page), notes, why)


def whole_entry(cache: BuildCache, slug: str) -> ArticleEntry | None:
    """The article's entry with its page whole: its text read from the store if
    it was read light (BuildCache.entry); None if the store has no text for it
    (the article is then merged again, which makes a new entry)."""
    entry = cache.entries.get(slug)
    if entry is None or slug not in cache.light_held:
        return entry
    text = cache.source.text_of(slug) if cache.source is not None else None
    cache.light_held.discard(slug)
    if text is None:  # not in the store (it was new): merged again
        del cache.entries[slug]
        return None
    entry.page = whole_page(entry.page, text)
    return entry


def merged_entry(plan: Plan, work: ArticleWork, source_key: str) -> ArticleEntry:
    """The entry of an article its job merged (BuildCache.settle): the page from
    a worker holds copies of the article and notes, so it is given ours."""
    page = with_our_notes(work.page, plan.notes, plan.article)
    own, own_linked = own_notes(page, plan.notes)
    return ArticleEntry(plan.merge_key, page, list(work.diagnostics),
                        own=own, own_linked=own_linked,
                        face=face_of(page, plan.notes, plan.keys.mentioned),
                        note_files=tuple(sorted({str(note.path) for note in plan.notes})),
                        source_key=source_key, source_path=str(plan.article.path))
