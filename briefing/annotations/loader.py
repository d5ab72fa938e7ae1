"""Reading ``content/annotations/*.yml`` into checked :class:`Annotation` objects.

Every field is validated and every problem reported with its line, in one run.
Anchoring (finding the quote in the article) happens later, in the merge stage.

A file is read into a :class:`NoteFile`, which depends on its bytes alone (and
site.yml's rating scale); whether the article it names exists is checked
apart, in every build (:func:`named_notes`). A build remembers what it read of
each file by the file's key, so a file's notes keep their fingerprints when
another article is added or removed: checking the file against every slug as
it was read made each new article merge every annotated article again (all
10,000 at 10,000 articles, a minute of work).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.annotations.ratings import on_scale
from briefing.config.layout import ANNOTATIONS_DIR, ARTICLES_DIR, not_read
from briefing.core import schema
from briefing.core.errors import Diagnostics, excerpt
from briefing.core.schema import Field, Where
from briefing.core.suggest import closest, did_you_mean
from briefing.core.yamlio import (
    YamlList,
    YamlMap,
    YamlSyntaxError,
    load_yaml,
    read_yaml_file,
)
from briefing.model.annotation import (
    KINDS,
    NOTICE_KINDS,
    Annotation,
    AnnotationSource,
    Kind,
)
from briefing.text.nesting import markdown_text

RATED_KINDS = ("fact-check", "quote-check")
SUFFIXES = (".yml", ".yaml")  # how an annotation file's name ends


@dataclass(frozen=True)
class NoteFile:
    """An annotation file as read: the article it names ("" if none could be
    read), the line that names it, and its notes checked field by field."""

    article: str = ""
    line: int = 1
    notes: tuple[Annotation, ...] = ()


NO_NOTES = NoteFile()  # a file not read (a link out of the site)


_kind_name = schema.choice(tuple(KINDS), "kind of note")


def _kind(value: Any, where: Where) -> Kind:
    return KINDS[_kind_name(value, where)]


_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")  # [^label], a footnote's reference or definition


def _body(value: Any, where: Where) -> str:
    """A note's body: Markdown, without footnotes. A note is itself the report's
    footnote, rendered into the report's page: a footnote of its own there
    took the report's footnote numbers and ids, and a definition ended the
    note, so its last paragraphs read as the wire copy's."""
    result = markdown_text(value, where)
    found = _FOOTNOTE.search(result)
    if found:
        raise schema.Invalid(f"'{found.group()}': a note's body cannot have footnotes (the "
                             "note is itself one, in the report); put the source in "
                             "sources:, or say it in the text")
    return result


SOURCE_FIELDS = (Field("title", schema.text, required=True), Field("url", schema.url),
                 Field("accessed", schema.date))

ANNOTATION_FIELDS = (
    Field("id", schema.slug, required=True),
    Field("quote", schema.raw_text, required=True),
    Field("prefix", schema.raw_text),
    Field("suffix", schema.raw_text),
    Field("occurrence", schema.positive_int),
    Field("kind", _kind, required=True),
    Field("title", schema.text),
    Field("body", _body, required=True),
    Field("rating", schema.text),
    Field("sources", schema.mapping_list(SOURCE_FIELDS, "source"), default=()),
    Field("author", schema.text),
    Field("date", schema.date),
    Field("retired_in", schema.positive_int),
)
FIELD_NAMES = frozenset(field.name for field in ANNOTATION_FIELDS)
FILE_FIELDS = (Field("article", schema.slug, required=True),
               Field("annotations", lambda v, w: v, required=True))


def annotation_files(folder: Path) -> list[Path]:
    return [path for path, _ in annotation_entries(folder)]


def annotation_entries(folder: Path, diagnostics: Diagnostics | None = None
                       ) -> list[tuple[Path, bool]]:
    """Each annotation file (``*.yml``/``*.yaml``, not hidden, a file or a link
    to one) in name order, and whether it is a symbolic link: read from the
    folder's listing, which knows both for all but links, so ten thousand
    files cost no ``stat`` each, nor the symbolic-link check an ``lstat``.
    Every other file gets a warning in ``diagnostics``, if given: a note
    saved as ``notes.json`` or ``notes.txt`` is never read."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:  # no folder: no notes
        return []
    found = []
    for entry in entries:
        if entry.name.startswith(".") or not _is_file(entry):
            continue
        if entry.name.endswith(SUFFIXES):
            found.append((folder / entry.name, entry.is_symlink()))
        elif diagnostics is not None:
            not_read(folder / entry.name, ANNOTATIONS_DIR, diagnostics)
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # follows a link, as Path.is_file does
    except OSError:
        return False


def load_annotations(folder: Path, slugs: Collection[str], diagnostics: Diagnostics,
                     load_file: FileLoader | None = None,
                     ratings: Sequence[str] = ()) -> list[Annotation]:
    """All annotations of all files; ``slugs`` are every article's, drafts included;
    ``ratings``, the site's rating scale (site.yml ``ratings:``), if it has one.

    ``load_file(path, read, link)`` may supply a file as read by the last build
    (see load/site.py); ``read(diagnostics)`` reads it.
    """
    found: list[Annotation] = []
    for path, link in annotation_entries(folder, diagnostics):
        def read(into: Diagnostics, path: Path = path) -> NoteFile:
            return read_note_file(path, into, ratings)

        note_file = load_file(path, read, link) if load_file else read(diagnostics)
        found.extend(named_notes(path, note_file, slugs, diagnostics))
    _check_unique_ids(found, diagnostics)
    return found


# (path, how to read it, whether it is a symbolic link) -> the file as read
FileLoader = Callable[[Path, Callable[[Diagnostics], NoteFile], bool], NoteFile]


def read_note_file(path: Path, diagnostics: Diagnostics,
                   ratings: Sequence[str] = ()) -> NoteFile:
    """The file read and its notes checked, all but whether its article exists."""
    data = read_yaml_file(path, diagnostics)
    if data is None:
        return NoteFile()
    return _file_notes(path, data, diagnostics, ratings)


def named_notes(path: Path, note_file: NoteFile, slugs: Collection[str],
                diagnostics: Diagnostics) -> list[Annotation]:
    """The file's notes, or none, with an error, when no article has the slug it
    names (``slugs``: every article's, drafts included)."""
    if not note_file.article:
        return []
    if note_file.article not in slugs:
        diagnostics.error(path, note_file.line,
                          f"no article has the slug '{note_file.article}'",
                          did_you_mean(note_file.article, slugs)
                          or _renamed(path, note_file.article))
        return []
    return list(note_file.notes)


def _renamed(path: Path, article: str) -> str | None:
    """The likely slip when the article's file is there: its front matter's
    ``slug:`` names it otherwise (or it has an error, told at its own line)."""
    named = path.parent.parent / ARTICLES_DIR / f"{article}.md"
    if not named.is_file():
        return None
    return (f"{ARTICLES_DIR}/{named.name} is there: if its front matter sets 'slug:', "
            "name that slug here")


def check_file_text(path: Path, text: str, slugs: Collection[str], diagnostics: Diagnostics,
                    ratings: Sequence[str] = ()) -> list[Annotation]:
    """The notes of an annotation file's text not yet written to ``path``, checked
    exactly as the build checks the file (for the preview's editor and import-notes)."""
    try:
        data, problems = load_yaml(text)
    except YamlSyntaxError as exc:
        diagnostics.error(path, exc.problem.line, exc.problem.message)
        return []
    for problem in problems:
        diagnostics.error(path, problem.line, problem.message)
    note_file = _file_notes(path, YamlMap() if data is None else data, diagnostics, ratings)
    notes = named_notes(path, note_file, slugs, diagnostics)
    _check_unique_ids(notes, diagnostics)
    return notes


def _file_notes(path: Path, data: Any, diagnostics: Diagnostics,
                ratings: Sequence[str]) -> NoteFile:
    top = schema.check_mapping(data, FILE_FIELDS, Where(path, 1, diagnostics), "annotation file")
    if not top or not top["article"]:
        return NoteFile()
    line = data.line_of("article") if isinstance(data, YamlMap) else 1
    where = data.value_line("annotations") if isinstance(data, YamlMap) else 1
    return NoteFile(top["article"], line,
                    tuple(_entries(path, top["article"], top["annotations"], diagnostics,
                                   ratings, where)))


def _entries(path: Path, article: str, entries: Any, diagnostics: Diagnostics,
             ratings: Sequence[str] = (), where: int = 1) -> list[Annotation]:
    if not isinstance(entries, list):
        line = getattr(entries, "line", where)  # a mapping knows its line; text does not
        diagnostics.error(path, line, "'annotations' must be a list of notes, each "
                          "starting with '- id:'")
        return []
    notes = []
    for index, entry in enumerate(entries):
        line = entries.line_of(index) if isinstance(entries, YamlList) else 1
        note = _annotation(path, line, article, entry, diagnostics, ratings)
        if note is not None:
            notes.append(note)
    return notes


def _annotation(path: Path, line: int, article: str, entry: Any,
                diagnostics: Diagnostics, ratings: Sequence[str] = ()) -> Annotation | None:
    before = len(diagnostics.errors)
    if isinstance(entry, YamlMap) and isinstance(entry.get("rating"), bool):
        entry["rating"] = entry.written("rating")  # rating: False, as the scale's name: False
    values = schema.check_mapping(entry, ANNOTATION_FIELDS, Where(path, line, diagnostics),
                                  "annotation")
    if values is None:
        return None
    # A misspelt key or a bad value does not hide the note's other errors: the
    # checks across fields run on every field that was read.
    _check_note(path, line, entry, values, diagnostics, ratings)
    if len(diagnostics.errors) > before:
        return None
    sources = tuple(AnnotationSource(**s) for s in values.pop("sources"))
    lines = entry if isinstance(entry, YamlMap) else None
    return Annotation(article=article, path=path, line=line,
                      quote_line=lines.value_line("quote") if lines else line,
                      retired_line=lines.line_of("retired_in") if lines and
                      values["retired_in"] else 0,
                      sources=sources, **values)


def _check_note(path: Path, line: int, entry: YamlMap, values: dict[str, Any],
                diagnostics: Diagnostics, ratings: Sequence[str]) -> None:
    """The rules across a note's fields (a fact-check's rating, a correction's
    date, the rating scale), each an error; a rule is skipped when a field it
    reads is bad or misspelt (reported already, 'dat:' with its "did you
    mean 'date'?"), so that no error is told twice."""
    kind, rating, ident = values["kind"], values["rating"], entry.get("id")
    if kind is None:
        return
    name = f"annotation '{excerpt(str(ident))}'" if ident is not None else "the annotation"
    meant = {closest(str(key), FIELD_NAMES) for key in entry if key not in FIELD_NAMES}
    bad = {key for key in ("rating", "date") if key in meant
           or (entry.get(key) is not None and values[key] is None)}
    if kind.name == "fact-check" and not rating and "rating" not in bad:
        diagnostics.error(path, line, f"{name}: a fact-check needs a 'rating' "
                          "(e.g. rating: Misleading)")
    if rating and kind.name not in RATED_KINDS:
        diagnostics.error(path, entry.line_of("rating"), f"{name}: only "
                          f"{' and '.join(RATED_KINDS)} notes have a rating")
    if kind.name in NOTICE_KINDS and not values["date"] and "date" not in bad:
        diagnostics.error(path, line, f"{name}: a {kind.name} needs the 'date' "
                          f"it was made, for the {kind.name} notice", "e.g. date: 2025-08-11")
    if kind.name == "fact-check" and rating:
        on_scale(rating, ratings, path, entry.value_line("rating"), diagnostics)


def _check_unique_ids(notes: list[Annotation], diagnostics: Diagnostics) -> None:
    seen: dict[tuple[str, str], Annotation] = {}
    for note in notes:
        first = seen.setdefault((note.article, note.id), note)
        if first is not note:
            diagnostics.error(note.path, note.line, f"annotation id '{note.id}' is already "
                              f"used for article '{note.article}' at "
                              f"{diagnostics.display(first.path)}:{first.line}",
                              "ids must be unique within an article")
