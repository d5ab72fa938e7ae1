"""Adding, changing and removing one note: the whole job, checked, then written.

Every operation builds the new text of one annotation file, checks it with the
build's own loader (the same schema, the same messages) and that the article's
ids stay unique, and only then writes it, if the file was not modified since
the time the caller names (files.py). Nothing is written when anything is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from briefing.annotations import notefile
from briefing.annotations.loader import check_file_text
from briefing.annotations.quote_choice import SelectionRefused, Selector, choose_selector
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostic, Diagnostics
from briefing.notes import files
from briefing.notes.article_text import article_text
from briefing.notes.fields import NoteFields, new_id
from briefing.notes.refusal import NoteRefused
from briefing.notes.selection import Selection, locate
from briefing.text.textmap import Block

T = TypeVar("T")
FIX_THE_FILE = "fix the file and save again (your note is not saved)"


@dataclass(frozen=True)
class Written:
    path: Path
    ident: str


@dataclass(frozen=True)
class Place:
    """A span of one block's anchoring text (see text/textmap.py)."""

    block: int
    start: int
    end: int


def listed_notes(config: SiteConfig, slug: str) -> list[dict[str, object]]:
    """The article's notes as written in their files, for the editor's form."""
    found = []
    for path in files.files_for(config, slug):
        found += _reading(config, path, notefile.raw_notes)
    return found


def add(config: SiteConfig, slug: str, since: int | None,
        where: Selection | Place, fields: NoteFields, ident: str | None = None,
        retired: tuple[int, list[Block]] | None = None) -> Written:
    """Append a note on the selected passage to the article's annotation file.
    ``retired``: the note is on an earlier version (its number and blocks), which
    revision number + 1 replaced: the passage is there, and it is written
    ``retired_in:`` that revision."""
    found = retired[1] if retired else article_text(config, slug).blocks
    place = where if isinstance(where, Place) else Place(*locate(found, where))
    try:
        selector = choose_selector(found, place.block, place.start, place.end)
    except SelectionRefused as exc:
        raise NoteRefused("invalid", str(exc)) from None
    path = files.file_for(config, slug)
    current = _reading(config, path, lambda text: text or None)  # None: a new file
    ident = ident or new_id(fields, selector.quote, _ids(config, slug))
    entry = {"id": ident, **_selector_keys(selector), **fields.entry()}
    if retired:
        entry["retired_in"] = retired[0] + 1
    text = notefile.new_file(slug, entry) if current is None \
        else _reading(config, path, lambda old: notefile.add_note(old, entry), current)
    return _save(config, slug, path, text, since, ident)


def change(config: SiteConfig, slug: str, since: int | None, ident: str,
           fields: NoteFields) -> Written:
    """Set a note's own fields (not its quote); fields left empty are removed."""
    path = _holding(config, slug, ident)
    text = _reading(config, path, lambda old: notefile.replace_note(old, ident,
                                                                    fields.entry()))
    return _save(config, slug, path, text, since, ident)


def remove(config: SiteConfig, slug: str, since: int | None, ident: str) -> Written:
    path = _holding(config, slug, ident)
    text = _reading(config, path, lambda old: notefile.remove_note(old, ident))
    return _save(config, slug, path, text, since, ident)


def _reading(config: SiteConfig, path: Path, edit: Callable[[str], T],
             text: str | None = None) -> T:
    """``edit`` on the file's ``text`` (read when not given). A file notefile cannot
    read (YAML broken by hand, 'annotations' not a list) is refused naming the file
    and line as the build would, so the editor and import-notes say what to fix
    instead of failing with a traceback."""
    try:
        return edit(files.read(path) or "" if text is None else text)
    except notefile.NoteFileError as exc:
        shown = Diagnostics(root=config.root).display(path)
        problem = Diagnostic(shown, exc.line, f"{exc.message}; {FIX_THE_FILE}")
        raise NoteRefused("invalid", problem.format()) from None


def _selector_keys(selector: Selector) -> dict[str, object]:
    return {"quote": selector.quote, "prefix": selector.prefix, "suffix": selector.suffix,
            "occurrence": selector.occurrence}


def _ids(config: SiteConfig, slug: str) -> set[str]:
    return {str(note.get("id")) for note in listed_notes(config, slug)}


def _holding(config: SiteConfig, slug: str, ident: str) -> Path:
    for path in files.files_for(config, slug):
        if ident in _reading(config, path, notefile.note_ids):
            return path
    raise NoteRefused("missing", f"article '{slug}' has no note '{ident}' (reload the page)")


def _save(config: SiteConfig, slug: str, path: Path, text: str,
          since: int | None, ident: str) -> Written:
    _check(config, slug, path, text)
    files.write(config, path, text, since)
    return Written(path, ident)


def _check(config: SiteConfig, slug: str, path: Path, text: str) -> None:
    """The build's checks on the new file, and ids unique across the article's files."""
    diagnostics = Diagnostics(root=config.root)
    notes = check_file_text(path, text, {slug}, diagnostics,
                            tuple(rating.name for rating in config.ratings))
    others = {i for p in files.files_for(config, slug) if p != path
              for i in _reading(config, p, notefile.note_ids)}
    for note in notes:
        if note.id in others:
            diagnostics.error(path, note.line, f"annotation id '{note.id}' is already used "
                              f"for article '{slug}' in another file")
    if diagnostics.errors:
        raise NoteRefused("invalid", "; ".join(d.format() for d in diagnostics.errors))
