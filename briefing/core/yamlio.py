"""YAML loading that remembers where every value came from.

Error messages must name the line an editor has to fix, so mappings and lists
are loaded as :class:`YamlMap` / :class:`YamlList`, which carry the 1-based line
of themselves, of each key and of each item. The C loader is used when PyYAML
was built with libyaml (it is several times faster on big sites); both loaders
are "safe": no Python objects can be constructed from content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.core.controls import control_name
from briefing.core.errors import EXCERPT_LIMIT, Diagnostics, excerpt
from briefing.core.files import read_text

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CDumper = getattr(yaml, "CSafeDumper", None)
DUMP_WIDTH = 1000  # no line folding in front matter we write
# Where libyaml's emitter writes other YAML than PyYAML's: it escapes control
# characters, NEL, line and paragraph separators, BOMs, surrogates and anything
# beyond the Basic Multilingual Plane (an emoji becomes \U0001F642) ...
_C_ESCAPES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
                        "\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]")
# ... and folds a long double-quoted string differently (seen from 891 characters).
_C_MAX_STRING = 400


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, except that text holding U+0085 (NEL) is written in
    double quotes, where it is escaped: in single quotes PyYAML writes it as a
    bare line break, which reads back as a space (a title would change)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if "\x85" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict[str, Any]) -> str:
    """``data`` as block YAML, keys in the order given, Unicode as it is.

    Written by libyaml's emitter (six times faster; it writes every article's
    front matter) when the result is the same as PyYAML's own emitter would
    write, else by that one, so the bytes never depend on which one ran.
    """
    options: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": DUMP_WIDTH}
    if _CDumper is not None and all(len(text) <= _C_MAX_STRING and not _C_ESCAPES.search(text)
                                    for text in _strings(data)):
        return yaml.dump(data, Dumper=_CDumper, **options)
    return dump_yaml_pure(data)


def dump_yaml_pure(data: dict[str, Any]) -> str:
    """:func:`dump_yaml` by PyYAML's own (pure Python) emitter: the reference the
    fast path must equal, and what runs where it could differ."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=DUMP_WIDTH)


def _strings(value: object) -> Iterator[str]:
    """Every string in ``value`` (keys and values, nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


class YamlMap(dict):
    """A dict that knows the line of each key and value."""

    line: int = 1
    key_lines: dict[Any, int]
    value_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: Any) -> int:
        return self.value_lines.get(key, self.line_of(key))

    def written(self, key: Any) -> Any:
        """The value of ``key``; a true/false as the text it was written as
        (``False``, ``no``), for a field that wants text where YAML saw a boolean."""
        value = self[key]
        return getattr(self, "bool_texts", {}).get(key, value) if isinstance(value, bool) \
            else value


class YamlList(list):
    """A list that knows the line of each item."""

    line: int = 1
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


@dataclass(frozen=True)
class YamlProblem:
    line: int | None
    message: str


class YamlSyntaxError(Exception):
    def __init__(self, problem: YamlProblem):
        self.problem = problem
        super().__init__(problem.message)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    line_offset = 0
    duplicates: list[YamlProblem]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    result = YamlMap()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines, result.value_lines = {}, {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain words", key_node.start_mark)
        key_line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result:
            loader.duplicates.append(YamlProblem(
                key_line, f"key '{excerpt(key)}' appears twice in the same mapping "
                f"(first on line {result.key_lines[key]})"))
        result[key] = value = loader.construct_object(value_node, deep=True)
        if isinstance(value, bool) and isinstance(value_node, yaml.ScalarNode):
            if not hasattr(result, "bool_texts"):  # rare: kept only where one occurs
                result.bool_texts = {}
            result.bool_texts[key] = value_node.value
        result.key_lines[key] = key_line
        result.value_lines[key] = value_node.start_mark.line + 1 + loader.line_offset
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [c.start_mark.line + 1 + loader.line_offset for c in node.value]
    return result


class ImpossibleDate(str):
    """A plain scalar shaped like a YAML timestamp that names no real date or time.

    ``2026-02-30`` or ``2026-13-01`` match YAML's timestamp pattern, and PyYAML
    raises ValueError while constructing them, with no line. Kept as its text
    instead, so the schema's date check can say what is wrong and where.
    """


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return ImpossibleDate(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document; returns the data and non-fatal problems.

    ``line_offset`` shifts every line number, for YAML embedded in a larger
    file (front matter). Raises :class:`YamlSyntaxError` when the text is not
    YAML at all.
    """
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_marked_problem(exc, text, line_offset)) from None
    except yaml.reader.ReaderError as exc:
        raise YamlSyntaxError(_reader_problem(exc, text, line_offset)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(YamlProblem(None, f"invalid YAML: {exc}")) from None
    finally:
        loader.dispose()
    return data, loader.duplicates


def _marked_problem(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlProblem:
    """The parser's complaint, in an editor's words where a common slip caused it."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return YamlProblem(None, f"invalid YAML: {exc.problem or exc.context or exc}")
    line = mark.line + 1 + line_offset
    lines = text.split("\n")
    source = lines[mark.line] if mark.line < len(lines) else ""
    indent = source[:len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent:
        return YamlProblem(line, "invalid YAML: tabs cannot indent YAML; indent this line "
                                 "with spaces")
    unquoted = _UNQUOTED_COLON.match(source)
    if "mapping values are not allowed" in (exc.problem or "") and unquoted \
            and mark.column > unquoted.end("key"):
        key, value = unquoted.group("key"), unquoted.group("value").rstrip()
        return YamlProblem(line, f"invalid YAML: quote the value of '{excerpt(key)}': it "
                                 f"contains ': ' (write {excerpt(key)}: "
                                 f"{excerpt(_quoted(value), 2 * EXCERPT_LIMIT)})")
    slip = _unclosed_quote(exc, lines, line_offset) or _over_indented(exc, lines, mark.line)
    if slip is not None:
        return YamlProblem(slip[0] + line_offset, f"invalid YAML: {slip[1]}")
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        problem += f" ({exc.context} that starts on line " \
            f"{exc.context_mark.line + 1 + line_offset})"
    return YamlProblem(line, f"invalid YAML: {problem}")


def _unclosed_quote(exc: yaml.MarkedYAMLError, lines: list[str], line_offset: int
                    ) -> tuple[int, str] | None:
    """(line, words) for a quoted value left open: YAML reads on to the next
    quote or the end of the file and complains there, far from the slip."""
    mark = exc.problem_mark or exc.context_mark
    assert mark is not None
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        start = exc.context_mark.line
    else:  # closed by the next value's opening quote, on the line YAML stopped at
        start = next((number for number, text in enumerate(lines[:mark.line])
                      if _opens_a_quote(text)), None)
        if start is None or next((number for number in range(start + 1, mark.line + 1)
                                  if _closes_a_quote(lines[number], lines[start])),
                                 None) != mark.line:
            return None
    quote = _QUOTED_VALUE.match(lines[start])
    mark_char = quote.group("quote") if quote else '"'
    return start + 1, (f"the quoted value that starts on this line is never closed, so YAML "
                       f"read on to line {mark.line + 1 + line_offset}; end it with "
                       f"{mark_char}")


# A value that starts with a quote: ``key: "...``, ``- "...``, ``- key: '...``.
_QUOTED_VALUE = re.compile(r"\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?(?P<quote>[\"'])(?P<rest>.*)")


def _opens_a_quote(text: str) -> bool:
    """Whether the line's value starts with a quote it does not close."""
    found = _QUOTED_VALUE.fullmatch(text.rstrip())
    if found is None:
        return False
    rest = found.group("rest")
    if found.group("quote") == "'":
        return rest.replace("''", "").count("'") == 0
    return re.sub(r"\\.", "", rest).count('"') == 0


def _closes_a_quote(text: str, opening: str) -> bool:
    """Whether ``text`` holds the quote that ``opening``'s value starts with."""
    found = _QUOTED_VALUE.match(opening)
    return found is not None and found.group("quote") in text


def _over_indented(exc: yaml.MarkedYAMLError, lines: list[str], number: int
                   ) -> tuple[int, str] | None:
    """(line, words) for a key indented under one that has a value already."""
    if "mapping values are not allowed" not in (exc.problem or "") or number >= len(lines):
        return None
    earlier = [n for n in range(number) if lines[n].strip() and
               not lines[n].lstrip().startswith("#")]
    if not earlier:
        return None
    above = lines[earlier[-1]]
    key = _UNQUOTED_COLON.match(above)
    if key is None or _indent(lines[number]) <= _indent(above):
        return None
    return number + 1, (f"this line is indented more than '{excerpt(key.group('key'))}' "
                        f"on line {earlier[-1] + 1}, which has a value already; line it "
                        "up with the keys it belongs with")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


# ``key: value`` or ``- key: value``: the line a colon inside a value breaks.
_UNQUOTED_COLON = re.compile(r"\s*(?:-\s+)?(?P<key>[^\s:#'\"\[\]{}][^:#]*?):\s+(?P<value>.*)")


def _quoted(value: str) -> str:
    """``value`` as a double-quoted YAML string (quotes and backslashes escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reader_problem(exc: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlProblem:
    """A character YAML refuses (NUL, other control characters), with its line and column."""
    position = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = chr(exc.character) if isinstance(exc.character, int) else exc.character or "\0"
    return YamlProblem(line + line_offset, f"{control_name(character)} at column {column}: "
                                           "YAML cannot hold control characters; delete it")


def read_yaml_file(path: Path, diagnostics: Diagnostics) -> Any | None:
    """A YAML file's data (an empty mapping for an empty file), or None when it
    cannot be read or parsed; every problem goes to ``diagnostics`` with its line."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    try:
        data, problems = load_yaml(text)
    except YamlSyntaxError as exc:
        diagnostics.error(path, exc.problem.line, exc.problem.message)
        return None
    for problem in problems:
        diagnostics.error(path, problem.line, problem.message)
    return YamlMap() if data is None else data
