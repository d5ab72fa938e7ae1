"""Adding, replacing and removing notes in an annotation file's text, keeping the rest.

Editors keep comments, blank lines and their own order in these files, so a
note written by the preview or by ``briefing import-notes`` must change its own
entry and nothing else. ruamel.yaml's round-trip mode keeps comments, key
order and quoting; the file's own list indentation is detected and kept, lines
are never re-wrapped (``width``), and a multi-line text is written as a ``|``
block like the hand-written notes. The caller validates the new text with the
build's own loader before writing it (see briefing/notes/).

ruamel.yaml keeps the comments and blank lines that follow a value by attaching
them to it, so the lines between one note and the next (a comment about the
next note, a blank line, a comment ending the file) belong to the note above
them in its model: removing or rewriting that note would lose them. So a note
is replaced or removed in the text itself: its own lines (from its ``-`` to its
last value, found by the parser's marks) are cut out and, for an edit, replaced
by the same note's lines from ruamel's dump; every other byte stays as it was.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from briefing.core.yamlio import YamlProblem, YamlSyntaxError, load_yaml

NEVER_WRAP = 1 << 16
_LIST_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_BLANK_BETWEEN = re.compile(r"\n[ \t]*\n( *)- ")  # notes separated by blank lines
# The order keys are written in, as in docs/content-format.md's examples.
KEY_ORDER = ("id", "quote", "prefix", "suffix", "occurrence", "kind", "rating", "title",
             "body", "sources", "author", "date")


class NoteFileError(ValueError):
    """The file is not an annotation file this module can edit; the message says why
    and ``line`` (1-based, or None) where, so the caller can name the file and line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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
        problem = _invalid(text, exc)
        raise NoteFileError(problem.message, problem.line) from None
    if not isinstance(data, CommentedMap):
        raise NoteFileError("the file does not hold 'article:' and 'annotations:'", 1)
    if not isinstance(data.get("annotations"), CommentedSeq):
        if data.get("annotations") is not None:
            raise NoteFileError("'annotations' must be a list of notes, each starting with "
                                "'- id:'", data.lc.key("annotations")[0] + 1)
        data["annotations"] = CommentedSeq()
    return yaml, data


def _invalid(text: str, exc: YAMLError) -> YamlProblem:
    """Why the text is not YAML, in the build's words (core/yamlio.py) when the build
    refuses it too, else in ruamel's (it also refuses duplicate keys), with the line."""
    try:
        _, duplicates = load_yaml(text)
    except YamlSyntaxError as syntax:
        return syntax.problem
    if duplicates:
        return duplicates[0]
    mark = exc.problem_mark if isinstance(exc, MarkedYAMLError) else None
    problem = getattr(exc, "problem", None) or str(exc)
    return YamlProblem(mark.line + 1 if mark is not None else None, f"invalid YAML: {problem}")


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
    ``entry`` maps to None are removed. Only the note's own lines change."""
    yaml, data = _load(text)
    index = _index(data, ident)
    old = data["annotations"][index]
    _drop_trailing_comments(old)  # the lines after the note stay as they are in ``text``
    for key, value in entry.items():
        if value is None or value == "" or value == []:
            old.pop(key, None)
        elif key in old and _same(old[key], _value(value)):
            continue  # unchanged: keep it exactly as written (quoting, layout)
        elif key in old:
            old[key] = _value(value)
        else:
            old.insert(_position(old, key), key, _value(value))
    dumped = _dump(yaml, data)
    spans, new_spans = _note_spans(yaml, text), _note_spans(yaml, dumped)
    if spans is None or new_spans is None:
        return dumped  # a flow-style list: no lines of its own to replace
    (start, end), (new_start, new_end) = spans[index], new_spans[index]
    return text[:start] + dumped[new_start:new_end] + text[end:]


def remove_note(text: str, ident: str) -> str:
    """``text`` without the note ``ident``'s own lines (and the blank lines that
    separated it from its neighbours); comments and blank lines before the next
    note or the end of the file stay."""
    yaml, data = _load(text)
    notes = data["annotations"]
    index = _index(data, ident)
    spans = _note_spans(yaml, text)
    if spans is None:
        del notes[index]
        return _dump(yaml, data)
    start, end = _with_separator(text, spans, index)
    if len(spans) == 1:  # the list's last note: the file must still say it is a list
        return _empty_list(text[:start], yaml) + text[end:]
    return text[:start] + text[end:]


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


def _same(old: Any, new: Any) -> bool:
    """Whether a field holds the same value, ignoring the final line break a block
    scalar (``|``, ``>``) carries and the form's text does not."""
    return _comparable(_plain(old)) == _comparable(_plain(new))


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return value.rstrip("\n")
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


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


def _note_spans(yaml: YAML, text: str) -> list[tuple[int, int]] | None:
    """Where each note's own lines are in ``text``: from the start of the line of
    its ``-`` to the end of the line of its last value (so not the comments and
    blank lines after it); None for a flow-style list (``annotations: [...]``) or
    notes sharing a line, which have no lines of their own."""
    notes = _notes_node(yaml.compose(text))
    if notes is None or notes.flow_style:
        return None
    spans: list[tuple[int, int]] = []
    for item in notes.value:
        start = text.rfind("\n", 0, item.start_mark.index) + 1
        last = len(text[:_content_end(item)].rstrip())
        newline = text.find("\n", last)
        end = len(text) if newline == -1 else newline + 1
        if spans and start < spans[-1][1]:
            return None
        spans.append((start, end))
    return spans


def _notes_node(root: Node | None) -> SequenceNode | None:
    if not isinstance(root, MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "annotations":
            return value if isinstance(value, SequenceNode) else None
    return None


def _content_end(node: Node) -> int:
    """Where a node's last character is, at most: the end of its last scalar or flow
    collection. (A block scalar's end takes in the blank lines after it, and a block
    collection's the comments after it: the caller strips the former.)"""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False) \
            or not isinstance(node.value, list) or not node.value:
        return int(node.end_mark.index)
    parts = [part for pair in node.value for part in (pair if isinstance(pair, tuple)
                                                      else (pair,))]
    return max(_content_end(part) for part in parts)


def _with_separator(text: str, spans: list[tuple[int, int]], index: int) -> tuple[int, int]:
    """A note's span and the blank lines that separate it from its neighbours: those
    just above it, or for the first note those just below it when the next note
    follows them (a blank line above a comment stays with the comment)."""
    start, end = spans[index]
    if index > 0:
        while start > spans[index - 1][1] and _blank(text, _line_before(text, start), start):
            start = _line_before(text, start)
    elif index + 1 < len(spans) and _blank(text, end, spans[index + 1][0]):
        end = spans[index + 1][0]
    return start, end


def _line_before(text: str, at: int) -> int:
    return text.rfind("\n", 0, at - 1) + 1


def _blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _empty_list(head: str, yaml: YAML) -> str:
    """``head`` (the file up to the note removed) with ``annotations: []``: a key
    without a value is not a list, and the build refuses the file."""
    key = next(k for k, _ in yaml.compose(head + "\n").value if k.value == "annotations")
    colon = head.index(":", key.end_mark.index) + 1
    return head[:colon] + " []" + head[colon:]


def _drop_trailing_comments(note: Any) -> None:
    """Forget the comments and blank lines ruamel attached to a note's last value
    (they are the next note's, or the file's end), keeping a comment on the value's
    own line: the note is dumped without them and its lines put back in the text."""
    while isinstance(note, (CommentedMap, CommentedSeq)) and note:
        last = list(note)[-1] if isinstance(note, CommentedMap) else len(note) - 1
        comment = note.ca.items.get(last)
        slot = 2 if isinstance(note, CommentedMap) else 0
        token = comment[slot] if comment is not None and len(comment) > slot else None
        if isinstance(token, CommentToken):
            inline = token.value.lstrip(" \t").startswith("#")
            line = token.value[:token.value.find("\n") + 1] if inline else ""
            if line:
                token.value = line
            else:
                comment[slot] = None
        note = note[last]
