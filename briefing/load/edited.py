"""One edited article loaded again without the rest of the site (build/narrow.py).

Everything is read as load/site.py reads it, through the same remembered
files: the article itself (its wire copy's versions, its pictures), the
annotation files its notes were in at the last build (unchanged, so read
from the store under the key the last build read them under), the glossary
and the plain pages (the site menu). Other articles and stories are not
loaded, but for an article in a story: its story and the story's other
reports, which the story page (made again) shows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from briefing.annotations.loader import NoteFile, named_notes, read_note_file
from briefing.config.layout import PAGES_DIR, STORIES_DIR
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.core.remembered import ANNOTATIONS, STORY_FILE
from briefing.core.symlinks import SiteFolders
from briefing.load.pages import load_pages
from briefing.load.pictures import with_pictures
from briefing.load.site import loaded_article, site_glossary
from briefing.load.site_files import LoadOptions, RememberedFiles
from briefing.model.annotation import Annotation
from briefing.model.site import Article, Site, newest_first
from briefing.model.story import Story
from briefing.stories.loader import SUFFIXES, load_story


class NotRemembered(Exception):
    """A file the last build read is not in the store under the same key: only
    the whole pipeline can read it again (it knows every article's slug)."""


def edited_files(config: SiteConfig, diagnostics: Diagnostics,
                 options: LoadOptions) -> RememberedFiles:
    """The remembered files of the site, as load_site makes them."""
    return RememberedFiles.of(config, diagnostics, options,
                              SiteFolders.of(config.root, config.content_dir))


def edited_articles(paths: Sequence[Path], config: SiteConfig, files: RememberedFiles
                    ) -> list[Article] | None:
    """The articles at ``paths``, or None when one cannot be read (the whole
    pipeline reports why)."""
    articles = []
    for path in paths:
        if not files.allows(path, path.is_symlink()):
            return None
        article = loaded_article(path, config, files)
        if article is None:
            return None
        articles.append(article)
    return articles


def notes_in(note_files: Sequence[str], slug: str, files: RememberedFiles
             ) -> tuple[Annotation, ...]:
    """The notes on ``slug`` in the annotation files it had notes in, read from
    the store (raises NotRemembered for one that is not there). The files named
    ``slug``'s article when the last build read them, so it exists."""
    def unknown(into: Diagnostics) -> NoteFile:
        raise NotRemembered

    notes: list[Annotation] = []
    for name in note_files:
        path = Path(name)
        if not files.allows(path, path.is_symlink()):
            raise NotRemembered
        notes += files.read(ANNOTATIONS, path, unknown).notes
    return tuple(note for note in notes if note.article == slug)


def note_file(path: Path, slugs: Collection[str], ratings: Sequence[str],
              files: RememberedFiles) -> list[Annotation] | None:
    """An annotation file read again as the build reads it, its notes checked
    against ``slugs``, every article's (None for a link out of the site)."""
    if not files.allows(path, path.is_symlink()):
        return None
    read = files.read(ANNOTATIONS, path, lambda into: read_note_file(path, into, ratings))
    return named_notes(path, read, slugs, files.diagnostics)


def edited_story(config: SiteConfig, files: RememberedFiles, slug: str) -> Story | None:
    """The story ``slug``, read as load_site reads it (None when its file is not
    the one of its slug, or has an error: the whole pipeline says which)."""
    folder = config.root / config.content_dir / STORIES_DIR
    found = [folder / f"{slug}{suffix}" for suffix in SUFFIXES
             if (folder / f"{slug}{suffix}").is_file()]
    if len(found) != 1 or not files.allows(found[0], found[0].is_symlink()):
        return None
    path = found[0]
    story = files.loader(STORY_FILE, "", None)(
        path, lambda into: load_story(path, config, into))
    if story is None or story.slug != slug:
        return None
    return with_pictures(story, story.path, story.image, (), config, files)


def edited_site(config: SiteConfig, files: RememberedFiles, articles: Sequence[Article],
                notes: dict[str, tuple[Annotation, ...]],
                stories: Mapping[str, Story] = MappingProxyType({})) -> Site:
    """A Site of the edited articles (and their stories' other reports) alone,
    with everything their pages read site-wide: the glossary and the plain
    pages (the menu)."""
    content = config.root / config.content_dir
    pages = load_pages(content / PAGES_DIR, files.allows, files.diagnostics)
    return Site(config=config, articles=newest_first(list(articles)),
                annotations=MappingProxyType(dict(sorted(notes.items()))),
                stories=MappingProxyType(dict(sorted(stories.items()))),
                glossary=site_glossary(config, files), pages=pages)
