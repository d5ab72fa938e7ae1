"""The load stage: site.yml and content/ into a checked :class:`Site`.

Reads every file, reports every problem (not just the first) and returns the
model only when the content is sound enough to build.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from types import MappingProxyType

from briefing.annotations.loader import (
    NO_NOTES,
    annotation_entries,
    load_annotations,
    read_note_file,
)
from briefing.config.layout import (
    ANNOTATIONS_DIR,
    ARTICLES_DIR,
    GLOSSARY_FILE,
    PAGES_DIR,
    RESERVED,
    STORIES_DIR,
    not_read,
)
from briefing.config.policies import check_policy_pages
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.core.files import is_text_name
from briefing.core.remembered import ANNOTATIONS, ARTICLE, GLOSSARY, STORY_FILE
from briefing.core.slug import slugify
from briefing.core.symlinks import SiteFolders
from briefing.glossary.loader import load_glossary
from briefing.load.ahead import Ahead, read_ahead
from briefing.load.articles import lacks_alt, read_article, unloaded_pictures
from briefing.load.pages import load_pages
from briefing.load.pictures import SUFFIXES as PICTURE_SUFFIXES
from briefing.load.pictures import pictures_named, with_pictures
from briefing.load.revisions import with_bodies
from briefing.load.site_files import LoadOptions, RememberedFiles
from briefing.model.annotation import Annotation
from briefing.model.glossary import Glossary
from briefing.model.site import Article, Site, newest_first
from briefing.stories.loader import check_articles, load_stories, load_story, story_files


def load_site(config: SiteConfig, diagnostics: Diagnostics,
              options: LoadOptions = LoadOptions()) -> Site:
    """Load every article; raises ContentErrors if any file has an error."""
    content = config.root / config.content_dir
    if not content.is_dir():
        diagnostics.error(config.config_path, None,
                          f"the content directory '{config.content_dir}' does not exist",
                          "create it with an articles/ folder, or set content_dir")
        diagnostics.raise_if_errors()
    _warn_unknown_entries(content, diagnostics)
    _check_files(content, diagnostics)
    diagnostics.raise_if_errors()  # a file name that is not text cannot even be hashed
    folders = _check_folders(config, content, diagnostics)
    files = RememberedFiles.of(config, diagnostics, options, folders)
    # Versions' text joins the Article as it loads, each remembered by its file's
    # key, so an edit to a wire file reaches the Article without the article file
    # changing; so do the pictures it shows (their digests), probed once per file's key.
    everything, unloaded = _load_articles(content / ARTICLES_DIR, config, diagnostics, files)
    articles = [a for a in everything if options.drafts or not a.draft]
    _check_unique_slugs(articles, diagnostics)
    # Notes on an article that has errors of its own are not to blame for them.
    slugs = {a.slug for a in everything} | unloaded
    ratings = tuple(rating.name for rating in config.ratings)
    read_ahead(files, [*_notes_ahead(content / ANNOTATIONS_DIR, ratings),
                       *_stories_ahead(content / STORIES_DIR, config)])
    notes = load_annotations(content / ANNOTATIONS_DIR, slugs, diagnostics,
                             files.loader(ANNOTATIONS, "", NO_NOTES),
                             ratings=ratings)
    stories = load_stories(content / STORIES_DIR, config, diagnostics,
                           files.loader(STORY_FILE, "", None))
    stories = MappingProxyType({slug: with_pictures(story, story.path, story.image, (), config,
                                                    files) for slug, story in stories.items()})
    check_articles(everything, articles, stories, content, diagnostics,
                   complete=not unloaded, folders=folders)
    glossary = site_glossary(config, files)
    pages = load_pages(content / PAGES_DIR, files.allows, diagnostics)  # About, policies
    check_policy_pages(config, diagnostics)  # publisher: policies that name a page
    diagnostics.raise_if_errors()
    return Site(config=config, articles=newest_first(articles),
                annotations=_by_article(notes, {a.slug for a in articles}),
                stories=stories, glossary=glossary, pages=pages,
                all_slugs=frozenset(slugs))


def site_glossary(config: SiteConfig, files: RememberedFiles) -> Glossary:
    """glossary.yml loaded, with its terms' pictures probed."""
    path = config.root / config.content_dir / GLOSSARY_FILE
    glossary = files.read(GLOSSARY, path, lambda into: load_glossary(
        path, config.glossary_link, into)) if files.allows(path) \
        else Glossary(policy=config.glossary_link)
    if any(term.image for term in glossary.terms):  # a map for a place, a portrait
        glossary = Glossary(tuple(with_pictures(term, term.path, term.image, (), config, files)
                                  for term in glossary.terms), glossary.policy)
    return glossary


def loaded_article(path: Path, config: SiteConfig, files: RememberedFiles) -> Article | None:
    """One article file as the build loads it: its wire copy's versions and its
    pictures joined to it (None when it has errors)."""
    article = files.read(ARTICLE, path, _article_ahead(path, config).load)
    if article is None:  # its pictures are checked all the same (one run tells all)
        lead, body = unloaded_pictures(path, files.diagnostics)
        pictures_named(path, lead, body, config, files)
        return None
    content = config.root / config.content_dir
    folders = files.folders or SiteFolders.of(config.root, config.content_dir)
    article = with_pictures(with_bodies(article, content, folders, files.diagnostics,
                                        files.read),
                            article.path, article.image, article.images, config, files)
    return None if lacks_alt(article) else article  # its pictures' other errors told too


def _article_ahead(path: Path, config: SiteConfig) -> Ahead:
    """How an article file is read (:func:`loaded_article`): the same for reading ahead."""
    return Ahead(ARTICLE, path, lambda into: read_article(path, config, into))


def _notes_ahead(folder: Path, ratings: tuple[str, ...]) -> list[Ahead]:
    """The annotation files, read as load_annotations reads them (links are left to
    it: it checks where they lead)."""
    return [Ahead(ANNOTATIONS, path, partial(read_note_file, path, ratings=ratings))
            for path, link in annotation_entries(folder) if not link]


def _stories_ahead(folder: Path, config: SiteConfig) -> list[Ahead]:
    """The story files, read as load_stories reads them (links left to it)."""
    if not folder.is_dir():
        return []
    return [Ahead(STORY_FILE, path, partial(load_story, path, config))
            for path in story_files(folder) if not path.is_symlink()]


def _by_article(notes: list[Annotation], included: set[str]
                ) -> Mapping[str, tuple[Annotation, ...]]:
    grouped: dict[str, list[Annotation]] = {}
    for note in notes:
        if note.article in included:  # notes on drafts wait until the draft is built
            grouped.setdefault(note.article, []).append(note)
    return MappingProxyType({slug: tuple(group) for slug, group in sorted(grouped.items())})


def _load_articles(folder: Path, config: SiteConfig, diagnostics: Diagnostics,
                   files: RememberedFiles) -> tuple[list[Article], set[str]]:
    """The articles that loaded, and the slugs those with errors may have (see
    :func:`claimed_slugs`)."""
    if not folder.is_dir():
        return [], set()
    articles, unloaded = [], set()
    with os.scandir(folder) as listing:  # entries know whether they are links: no lstat
        entries = sorted(listing, key=lambda entry: entry.name)
    paths = [folder / entry.name for entry in entries]  # once: a Path costs more than a stat
    read_ahead(files, [_article_ahead(path, config) for entry, path in zip(entries, paths)
                       if entry.name.endswith(".md") and not entry.name.startswith(".")
                       and not entry.is_symlink() and entry.is_file()])
    for entry, path in zip(entries, paths):
        if entry.name.startswith(".") or entry.is_dir():
            continue
        if path.suffix.lower() in PICTURE_SUFFIXES:
            continue  # a picture beside its article (load/pictures.py)
        if path.suffix != ".md":
            not_read(path, ARTICLES_DIR, diagnostics)
            continue
        if not files.allows(path, entry.is_symlink()):
            continue
        article = loaded_article(path, config, files)
        if article is not None:
            articles.append(article)
        else:
            unloaded |= claimed_slugs(path)
    return articles, unloaded


_SLUG_LINE = re.compile(r"""^slug:[ \t]*["']?([a-z0-9-]+)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def claimed_slugs(path: Path) -> set[str]:
    """Every slug an article that failed to load may have: its file name (as it
    is, and made into a slug, as the error about a bad file name suggests) and
    a ``slug:`` line, read without YAML since its YAML may be what failed."""
    claimed = {path.stem, slugify(path.stem)}
    try:
        claimed.update(_SLUG_LINE.findall(path.read_bytes().decode("utf-8", "replace")))
    except OSError:
        pass
    return claimed - {""}


def _check_unique_slugs(articles: list[Article], diagnostics: Diagnostics) -> None:
    seen: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: str(a.path)):
        first = seen.setdefault(article.slug, article)
        if first is not article:
            diagnostics.error(article.path, 1, f"the slug '{article.slug}' is already used "
                              f"by {diagnostics.display(first.path)}",
                              "give one of them another 'slug:'")


def _check_folders(config: SiteConfig, content: Path, diagnostics: Diagnostics) -> SiteFolders:
    """Where the site's files may really be; stops here if content/ or one of the
    folders in it leads out of the site, rather than report each file in it."""
    folders = SiteFolders.of(config.root, config.content_dir)
    before = len(diagnostics.errors)
    if folders.allows(content, diagnostics):
        for name in (ARTICLES_DIR, ANNOTATIONS_DIR, STORIES_DIR, PAGES_DIR):
            folders.allows(content / name, diagnostics)
    if len(diagnostics.errors) > before:
        diagnostics.raise_if_errors()
    return folders


def _warn_unknown_entries(content: Path, diagnostics: Diagnostics) -> None:
    for path in sorted(content.iterdir()):
        if path.name.startswith(".") or path.name in (ARTICLES_DIR, *RESERVED) \
                or path.suffix.lower() in PICTURE_SUFFIXES \
                or path.is_dir() and _pictures_only(path):  # a glossary term's, a story's
            continue
        diagnostics.warning(path, None, "ignored: content/ holds articles/ and the reserved "
                            f"names {', '.join(RESERVED)}")



def _pictures_only(folder: Path) -> bool:
    """Whether ``folder`` holds pictures and nothing else (``maps/``, for the
    glossary's and stories' ``image:``, which are found relative to content/)."""
    files = [path for path in folder.rglob("*") if path.is_file()
             and not path.name.startswith(".")]
    return bool(files) and all(path.suffix.lower() in PICTURE_SUFFIXES for path in files)


# Folders whose files are read only at their top, and the files a writer may
# have put deeper by mistake (a correction in annotations/2024/ is never read).
_TOP_ONLY = {ARTICLES_DIR: ((".md",), "articles"),
             ANNOTATIONS_DIR: ((".yml", ".yaml"), "annotation files"),
             PAGES_DIR: ((".md",), "pages"), STORIES_DIR: ((".yml", ".yaml"), "stories")}


def _check_files(content: Path, diagnostics: Diagnostics) -> None:
    """In one walk of content/: an error for each name that is not UTF-8 (from a
    zip made on another system, say: the build names, hashes and publishes
    files by their names), and a warning for each article, annotation file
    or page in a subfolder, which the build never reads (subfolders of
    articles/ and stories/ hold pictures)."""
    for folder, subfolders, files in os.walk(content):
        for name in (*subfolders, *files):
            if not is_text_name(name):
                shown = os.fsencode(name).decode("utf-8", "backslashreplace")
                diagnostics.error(Path(folder) / shown, None,
                                  "the file name is not UTF-8 text; rename it")
        subfolders[:] = sorted(d for d in subfolders if is_text_name(d) and not d.startswith("."))
        parts = Path(folder).relative_to(content).parts
        if len(parts) > 1 and parts[0] in _TOP_ONLY:
            suffixes, what = _TOP_ONLY[parts[0]]
            for name in sorted(f for f in files if f.lower().endswith(suffixes)
                               and not f.startswith(".") and is_text_name(f)):
                diagnostics.warning(Path(folder) / name, None,
                                    f"ignored: {what} are read only from content/{parts[0]}/ "
                                    "itself, not from a folder in it; move it up")
