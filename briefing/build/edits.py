"""Which articles an edit touched, for a build of them alone (narrow.py).

The inputs changed since the last build are those whose bytes changed
(engine/input_bytes.py: a file whose time moved is compared by its bytes).
Only article files and annotation files may have changed, and few of them.
Each is then tied to its article: an article file is its own; an annotation
file belongs to the article its ``article:`` names, which must be the one it
held notes for at the last build (the article's entry lists its annotation
files), since a file moved to another article takes notes from one that
nothing here would build again.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

from briefing.build.basis import Basis
from briefing.config.layout import ANNOTATIONS_DIR, ARTICLES_DIR
from briefing.config.site import SiteConfig
from briefing.core.files import FileTimes
from briefing.core.remembered import FILE_KEY
from briefing.engine.entries import ArticleEntry
from briefing.engine.incremental import BuildCache
from briefing.engine.stamp import Stamp
from briefing.load.edited import NotRemembered, edited_articles, note_file, notes_in
from briefing.load.site_files import RememberedFiles
from briefing.model.annotation import Annotation
from briefing.model.site import Article

MOST_EDITED = 8  # more changed files than this: the pipeline, on every core
Times = dict[Path, "tuple[int, int] | None"]  # a file's size and time at the last build


@dataclass(frozen=True)
class Changed:
    """The files changed since the last build, each with its size and time then
    (None: unknown, its bytes were compared)."""

    articles: Times
    note_files: Times


@dataclass(frozen=True)
class Edit:
    """An article to build again, its notes, and its entry as the last build left it."""

    article: Article
    before: ArticleEntry  # a copy: put back if the build gives up
    notes: tuple[Annotation, ...]


def edited_since(cache: BuildCache, inputs: Stamp) -> tuple[tuple[str, ...], FileTimes] | None:
    """The input files edited since the last build (by their bytes), and their
    sizes and times then, if the same files are there with the same settings
    and the last build's output is known: what a build of a few edits starts
    from (this module, build/definitions.py)."""
    last, found = cache.last, cache.changed_inputs
    if last is None or last.written is None or found is None or found.before is None \
            or found.changed is None or last.inputs.names != inputs.names \
            or last.inputs.settings != inputs.settings:
        return None
    return found.changed, found.before


def changed_files(config: SiteConfig, cache: BuildCache, inputs: Stamp) -> Changed | None:
    """The article and annotation files changed since the last build, if nothing
    else did (the same files there, the same settings) and there are few."""
    edited = edited_since(cache, inputs)
    if edited is None or not edited[0] or len(edited[0]) > MOST_EDITED:
        return None
    changed, before = edited
    assert cache.last is not None  # edited_since checked it
    racy = dict(cache.last.inputs.racy)  # files the last stamp hashed: compared by their bytes
    content = os.path.join(config.root, config.content_dir)
    kinds: tuple[Times, Times] = ({}, {})
    for path in changed:
        folder, name = os.path.split(path)
        kind = _kind(os.path.relpath(folder, content), name)
        if kind is None:
            return None
        kinds[kind][Path(path)] = None if path in racy else before.get(path)
    return Changed(*kinds)


def _kind(folder: str, name: str) -> int | None:
    """0 for an article file, 1 for an annotation file, None for anything else."""
    if name.startswith("."):
        return None
    if folder == ARTICLES_DIR and name.endswith(".md"):
        return 0
    if folder == ANNOTATIONS_DIR and name.endswith((".yml", ".yaml")):
        return 1
    return None


def gather(changed: Changed, config: SiteConfig, cache: BuildCache, basis: Basis,
           files: RememberedFiles, drafts: bool) -> list[Edit] | None:
    """Every article the changed files touch, with its notes; None when one of
    them cannot be built alone."""
    articles = edited_articles(list(changed.articles), config, files)
    fresh = _fresh_notes(changed, config, basis, files)
    if articles is None or fresh is None:
        return None
    by_slug = {article.slug: article for article in articles}
    for slug in sorted(set(fresh) - set(by_slug)):  # notes edited, the article not
        found = article_of_entry(slug, config, cache, files)
        if found is None:
            return None
        by_slug[slug] = found
    edits = [_edit(article, cache, basis, files, fresh.get(slug, {}), drafts)
             for slug, article in sorted(by_slug.items())]
    return None if None in edits else edits  # type: ignore[return-value]


def article_of_entry(slug: str, config: SiteConfig, cache: BuildCache,
                     files: RememberedFiles) -> Article | None:
    """The article ``slug`` read again from the file its entry says it came from
    (an article the build did not see changed); None when there is no such
    entry or the file no longer holds that article."""
    entry = cache.entry(slug)
    found = edited_articles([Path(entry.source_path)], config, files) \
        if entry is not None and entry.source_path else None
    return found[0] if found and found[0].slug == slug else None


def _fresh_notes(changed: Changed, config: SiteConfig, basis: Basis,
                 files: RememberedFiles) -> dict[str, dict[str, list[Annotation]]] | None:
    """The notes of each changed annotation file, by article and file; None when
    one holds none (its article cannot be told) or the build cannot read it."""
    ratings = tuple(rating.name for rating in config.ratings)
    fresh: dict[str, dict[str, list[Annotation]]] = {}
    for path in changed.note_files:
        notes = note_file(path, basis.slugs, ratings, files)
        if not notes:
            return None
        fresh.setdefault(notes[0].article, {})[str(path)] = notes
    return fresh


def _edit(article: Article, cache: BuildCache, basis: Basis, files: RememberedFiles,
          fresh: dict[str, list[Annotation]], drafts: bool) -> Edit | None:
    """The article's edit: its notes from the files its entry lists, those that
    changed read again; None when it cannot be built alone (no entry, a draft,
    an annotation file new to it, a file the store does not hold)."""
    entry = cache.entry(article.slug)
    if entry is None or not entry.face or (article.draft and not drafts) \
            or not set(fresh) <= set(entry.note_files):
        return None
    try:
        notes = [note for name in entry.note_files
                 for note in (fresh[name] if name in fresh else
                              notes_in([name], article.slug, files))]
    except NotRemembered:
        return None
    return Edit(article, copy.copy(entry), tuple(notes))


def replaced_key(cache: BuildCache, files: RememberedFiles, path: Path,
                  old: tuple[int, int] | None, context: str = "") -> str | None:
    """Forget where the key of ``path``'s old bytes was remembered (by its old size
    and time); that key, if it was there."""
    name = str(path)
    if old is None or old == cache.file_times.get(name):
        return None
    where = files.time_key(name, old, context)
    replaced = cache.value(FILE_KEY, where)
    cache.forget(FILE_KEY, where)
    return replaced if isinstance(replaced, str) else None
