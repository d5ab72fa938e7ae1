"""Adding, replacing and removing notes in an annotation file's text, keeping the rest.

Editors keep comments, blank lines and their own order in these files, so a
note written by the preview or by ``briefing import-notes`` must change its own
entry and nothing else. ruamel.yaml's round-trip mode keeps comments, key
order and quoting; the file's own list indentation is detected and kept, lines
are never re-wrapped (``width``), and a multi-line text is written as a ``|``
block like the hand-written notes. The caller validates the new text with the
build's own loader before writing it (see briefing/notes/).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

NEVER_WRAP = 1 << 16
_LIST_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_BLANK_BETWEEN = re.compile(r"\n[ \t]*\n( *)- ")  # notes separated by blank lines
# The order keys are written in, as in docs/content-format.md's examples.
KEY_ORDER = ("id", "quote", "prefix", "suffix", "occurrence", "kind", "rating", "title",
             "body", "sources", "author", "date")


class NoteFileError(ValueError):
    """The file is not an annotation file this module can edit; the message says why."""


def _yaml(text: str) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = NEVER_WRAP
    found = _LIST_ITEM.search(text)
    offset = len(found.group(1)) if found else 2
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _load(text: str) -> tuple[YAML, CommentedMap]:
    yaml = _yaml(text)
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise NoteFileError(f"the file is not valid YAML: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise NoteFileError("the file does not hold 'article:' and 'annotations:'")
    if not isinstance(data.get("annotations"), CommentedSeq):
        if data.get("annotations") is not None:
            raise NoteFileError("'annotations' is not a list")
        data["annotations"] = CommentedSeq()
    return yaml, data


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def new_file(article: str, entry: Mapping[str, Any]) -> str:
    """The text of a new annotation file holding one note."""
    text = f"article: {article}\nannotations:\n"
    return add_note(text, entry)


def add_note(text: str, entry: Mapping[str, Any]) -> str:
    """``text`` with ``entry`` appended to its ``annotations:`` list, after a blank line."""
    yaml, data = _load(text)
    notes = data["annotations"]
    notes.append(_entry(entry))
    if len(notes) > 1 and _BLANK_BETWEEN.search(text):
        _blank_line_before(notes, len(notes) - 1)
    return _dump(yaml, data)


def replace_note(text: str, ident: str, entry: Mapping[str, Any]) -> str:
    """``text`` with the note ``ident``'s fields set to ``entry``'s: keys it keeps stay
    where they were (with their comments), new ones go in :data:`KEY_ORDER`, keys
    ``entry`` maps to None are removed."""
    yaml, data = _load(text)
    old = data["annotations"][_index(data, ident)]
    for key, value in entry.items():
        if value is None or value == "" or value == []:
            old.pop(key, None)
        elif key in old and _plain(old[key]) == _plain(_value(value)):
            continue  # unchanged: keep it exactly as written (quoting, layout)
        elif key in old:
            old[key] = _value(value)
        else:
            old.insert(_position(old, key), key, _value(value))
    return _dump(yaml, data)


def remove_note(text: str, ident: str) -> str:
    """``text`` without the note ``ident``."""
    yaml, data = _load(text)
    notes = data["annotations"]
    index = _index(data, ident)
    del notes[index]
    return _dump(yaml, data)


def note_ids(text: str) -> list[str]:
    _, data = _load(text)
    return [str(n.get("id")) for n in data["annotations"] if isinstance(n, Mapping)]


def raw_notes(text: str) -> list[dict[str, Any]]:
    """The notes as plain values, for the editor's form."""
    _, data = _load(text)
    return [_plain(n) for n in data["annotations"] if isinstance(n, Mapping)]


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return str(value) if isinstance(value, str) else value
    return str(value)  # dates


def _index(data: CommentedMap, ident: str) -> int:
    for index, note in enumerate(data["annotations"]):
        if isinstance(note, Mapping) and note.get("id") == ident:
            return index
    raise NoteFileError(f"no note has the id '{ident}'")


def _position(note: CommentedMap, key: str) -> int:
    rank = KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)
    keys = list(note)
    for index, existing in enumerate(keys):
        if existing in KEY_ORDER and KEY_ORDER.index(existing) > rank:
            return index
    return len(keys)


def _entry(entry: Mapping[str, Any]) -> CommentedMap:
    ordered = sorted((k for k, v in entry.items() if v not in (None, "", [])),
                     key=lambda k: KEY_ORDER.index(k) if k in KEY_ORDER else len(KEY_ORDER))
    return CommentedMap((key, _value(entry[key])) for key in ordered)


def _value(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value.strip("\n"):
        return LiteralScalarString(value.strip("\n") + "\n")
    if isinstance(value, str):
        return value.strip("\n")
    if isinstance(value, list):
        return CommentedSeq(_value(v) for v in value)
    if isinstance(value, Mapping):
        return CommentedMap((k, _value(v)) for k, v in value.items() if v not in (None, ""))
    return value


def _blank_line_before(notes: CommentedSeq, index: int) -> None:
    """A blank line between the previous note and the new one (files that separate
    their notes so), as a comment after the previous note's last value: ruamel's
    own way of keeping blank lines."""
    previous = notes[index - 1]
    if not isinstance(previous, CommentedMap) or not previous:
        return
    last = list(previous)[-1]
    comment = previous.ca.items.get(last)
    if comment is None or comment[2] is None:
        previous.ca.items[last] = [None, None, CommentToken("\n\n", CommentMark(0), None), None]
