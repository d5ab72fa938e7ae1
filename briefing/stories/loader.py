"""Reading ``content/stories/*.yml`` and checking how articles refer to stories.

Every field is validated and every problem reported with its line, in one run,
like front matter and annotation files. Articles join a story with ``story:``
in their front matter; an unknown slug is an error at that line, a story no
article joins is a warning. The raw wire copy an article names in
``original:`` must be a file inside the content folder, and still inside the
site once symbolic links are followed (symlinks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from briefing.config.layout import PICTURE_SUFFIXES, STORIES_DIR, WIRE_DIR, not_read
from briefing.config.site import SiteConfig
from briefing.core import schema
from briefing.core.dates import localise
from briefing.core.errors import Diagnostics, excerpt
from briefing.core.files import read_text
from briefing.core.schema import Field, Invalid, Where
from briefing.core.slug import slugify
from briefing.core.suggest import did_you_mean
from briefing.core.symlinks import HINT, SiteFolders
from briefing.core.yamlio import YamlMap, read_yaml_file
from briefing.model.site import Article
from briefing.model.story import STATUSES, Story
from briefing.text.images import image_ref_any_alt, report_lead_alt
from briefing.text.nesting import markdown_text

SUFFIXES = (".yml", ".yaml")


def _status(value: Any, where: Where) -> str:
    name = schema.text(value, where)
    if name not in STATUSES:
        hint = did_you_mean(name, STATUSES)
        raise Invalid(f"unknown status '{excerpt(name)}'; use one of {', '.join(STATUSES)}"
                      + (f" ({hint})" if hint else ""))
    return name


STORY_FIELDS = (
    Field("title", schema.text, required=True),
    Field("date", schema.date_or_datetime, required=True),
    Field("summary", markdown_text, required=True),
    Field("why_it_matters", markdown_text),
    Field("key_points", schema.point_list, default=()),
    Field("status", _status),
    Field("image", image_ref_any_alt),  # alt checked after its file: see load_story
)


def load_stories(folder: Path, config: SiteConfig, diagnostics: Diagnostics,
                 load_file: StoryLoader | None = None) -> Mapping[str, Story]:
    """Every story file of ``folder``, by slug (sorted); problems go to ``diagnostics``.
    ``load_file(path, load)`` may supply a file's story from the last build (see
    load/site.py); ``load(diagnostics)`` reads it."""
    if not folder.is_dir():
        return MappingProxyType({})
    files = story_files(folder)
    known = set(files)  # a list would make this loop quadratic in the stories
    for path in sorted(folder.iterdir(), key=str):
        if not path.name.startswith(".") and path not in known and not path.is_dir() \
                and path.suffix.lower() not in PICTURE_SUFFIXES:  # a story's picture
            not_read(path, STORIES_DIR, diagnostics)
    found: dict[str, Story] = {}
    for path in files:
        def load(into: Diagnostics, path: Path = path) -> Story | None:
            return load_story(path, config, into)

        story = load_file(path, load) if load_file else load(diagnostics)
        if story is None:
            continue
        if story.slug in found:
            diagnostics.error(path, 1, f"the story slug '{story.slug}' is already used by "
                              f"{diagnostics.display(found[story.slug].path)}",
                              "rename one of the files")
            continue
        found[story.slug] = story
    return MappingProxyType(dict(sorted(found.items())))


StoryLoader = Callable[[Path, Callable[[Diagnostics], "Story | None"]], "Story | None"]


def story_files(folder: Path) -> list[Path]:
    """The story files of ``folder``, sorted; dot files and other names left out."""
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir(), key=str)
            if p.is_file() and p.suffix in SUFFIXES and not p.name.startswith(".")]


def load_story(path: Path, config: SiteConfig, diagnostics: Diagnostics) -> Story | None:
    """One story file, or None when it has an error (reported)."""
    slug = path.stem
    if not schema.SLUG_RE.match(slug):
        suggestion = slugify(slug) or "story"
        diagnostics.error(path, 1, f"the file name '{path.name}' is not a usable slug",
                          f"rename it to '{suggestion}{path.suffix}'")
        slug = ""
    data = read_yaml_file(path, diagnostics)
    if data is None:
        return None
    before = len(diagnostics.errors)
    values = schema.check_mapping(data, STORY_FIELDS,
                                  Where(path, 1, diagnostics), "story")
    if values is None or not slug or len(diagnostics.errors) > before:
        return None
    report_lead_alt(values["image"], path, diagnostics)  # the site then stops at its check
    date, has_time = localise(values["date"], config.timezone)
    return Story(slug=slug, title=values["title"], date=date, has_time=has_time,
                 summary=values["summary"], path=path,
                 line=data.line if isinstance(data, YamlMap) else 1,
                 why_it_matters=values["why_it_matters"], key_points=values["key_points"],
                 status=values["status"], image=values["image"])


def check_articles(everything: Iterable[Article], included: Collection[Article],
                   stories: Mapping[str, Story], content: Path,
                   diagnostics: Diagnostics, complete: bool = True, *,
                   folders: SiteFolders) -> None:
    """``story:`` slugs that name no story, missing ``original:`` files (or links
    out of the site, never read: see symlinks.py), empty stories.

    ``everything`` holds drafts too (a draft naming a missing story is still a
    mistake); a story counts as empty when none of the ``included`` articles,
    those this build publishes, joins it. Not ``complete`` (an article failed to
    load), no story is called empty: the one that joins it may be that article.
    """
    # A story file with errors of its own is not loaded; its articles are not to blame.
    named = stories.keys() | {p.stem for p in story_files(content / STORIES_DIR)}
    for article in everything:
        if article.story and article.story not in named:
            hint = did_you_mean(article.story, named) or \
                f"add content/{STORIES_DIR}/{article.story}.yml or fix the slug"
            diagnostics.error(article.path, article.line_of("story"),
                              f"no story has the slug '{article.story}'", hint)
        if article.original:
            _check_original(article, content, diagnostics, folders)
    joined = {article.story for article in included}
    for story in stories.values() if complete else ():
        if story.slug not in joined:
            diagnostics.warning(story.path, story.line, f"no article joins the story "
                                f"'{story.slug}', so its page lists no reports",
                                f"add 'story: {story.slug}' to an article's front matter")


def original_path(content: Path, original: str) -> Path:
    """The file an article's ``original:`` names."""
    return content / PurePosixPath(original)


def _check_original(article: Article, content: Path, diagnostics: Diagnostics,
                    folders: SiteFolders) -> None:
    line = article.line_of("original")
    relative = PurePosixPath(article.original or "")
    if relative.is_absolute() or "\\" in str(relative) or ".." in relative.parts \
            or (relative.parts and ":" in relative.parts[0]):
        diagnostics.error(article.path, line, f"'original': '{excerpt(article.original)}' "
                          "must be a path inside the content folder, relative to it",
                          f"e.g. 'original: {WIRE_DIR}/report.txt'")
        return
    path = original_path(content, article.original or "")
    escape = folders.escape(path)
    if escape is not None:
        diagnostics.error(article.path, line, "'original': " + folders.described(
            escape, diagnostics), HINT)
        return
    if path.is_dir():
        inside = sorted(p.name for p in path.iterdir() if p.is_file())[:3]
        diagnostics.error(article.path, line, f"'original': '{excerpt(article.original)}' "
                          "is a folder; name the raw report's file in it",
                          f"e.g. 'original: {excerpt(article.original).rstrip('/')}/"
                          f"{inside[0] if inside else 'report.txt'}'")
        return
    if not path.is_file():
        diagnostics.error(article.path, line, f"'original': there is no file "
                          f"'{excerpt(article.original)}' in the content folder",
                          f"copy the raw report to {diagnostics.display(path)}, or remove "
                          "'original:'")
        return
    read_text(path, diagnostics)  # not UTF-8 is an error of its own, at the file


def read_original(content: Path, article: Article) -> str | None:
    """The raw wire copy of an article (checked at load time), or None."""
    if not article.original:
        return None
    path = original_path(content, article.original)
    return path.read_text(encoding="utf-8-sig")
