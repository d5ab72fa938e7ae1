"""A small declarative checker for YAML mappings (site.yml, front matter, ...).

Each input format lists its :class:`Field` s once; :func:`check_mapping` then
reports unknown keys (with a "did you mean"), missing required keys and values
of the wrong type, all against the line they appear on, and returns plain
Python values for the loader to put into dataclasses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefing.errors import Diagnostics
from briefing.suggest import did_you_mean
from briefing.yamlio import YamlList, YamlMap

Converter = Callable[[Any, "Where"], Any]
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Invalid(ValueError):
    """A value has the wrong shape; the message says what was expected."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Where:
    """Where a value sits, so nested converters can report their own lines."""

    path: Path
    line: int
    diagnostics: Diagnostics


@dataclass(frozen=True)
class Field:
    name: str
    convert: Converter
    required: bool = False
    default: Any = None


def check_mapping(data: Any, fields: Sequence[Field], where: Where,
                  what: str) -> dict[str, Any] | None:
    """Validate ``data`` against ``fields``; None when it is not a mapping at all."""
    diag = where.diagnostics
    if not isinstance(data, dict):
        diag.error(where.path, where.line, f"{what} must be a mapping of keys to values, "
                   f"not {describe(data)}")
        return None
    known = {f.name: f for f in fields}
    lines = data if isinstance(data, YamlMap) else None
    for key in data:
        if key not in known:
            line = lines.line_of(key) if lines else where.line
            diag.error(where.path, line, f"unknown key '{key}' in {what}",
                       did_you_mean(str(key), known))
    out: dict[str, Any] = {}
    for f in fields:
        if f.name not in data or data[f.name] is None:
            if f.required:
                diag.error(where.path, lines.line if lines else where.line,
                           f"{what} is missing the required key '{f.name}'")
            out[f.name] = f.default
            continue
        line = lines.value_line(f.name) if lines else where.line
        try:
            out[f.name] = f.convert(data[f.name], Where(where.path, line, diag))
        except Invalid as exc:
            diag.error(where.path, exc.line or line, f"'{f.name}': {exc}")
            out[f.name] = f.default
    return out


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


def text(value: Any, where: Where) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(f"expected text, got {describe(value)}")
    result = str(value).strip()
    if not result:
        raise Invalid("must not be empty")
    return result


def boolean(value: Any, where: Where) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {describe(value)}")
    return value


def slug(value: Any, where: Where) -> str:
    result = text(value, where)
    if not SLUG_RE.match(result):
        raise Invalid(f"'{result}' is not a slug: use lower-case letters, digits "
                      "and single hyphens, e.g. 'peace-deal-signed'")
    return result


_URL_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def url(value: Any, where: Where) -> str:
    result = text(value, where)
    parts = urlsplit(result)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"'{result}' is not an absolute http(s) URL")
    bad = _URL_FORBIDDEN.search(result)
    if bad:
        raise Invalid(f"'{result}' contains {bad.group()!r}, which URLs may not contain; "
                      "percent-encode it (a space is %20)")
    return result


def text_list(value: Any, where: Where) -> tuple[str, ...]:
    if isinstance(value, str):
        raise Invalid(f"expected a list, e.g. [{value!r}], got a single text")
    if not isinstance(value, list):
        raise Invalid(f"expected a list of texts, got {describe(value)}")
    items = []
    for index, item in enumerate(value):
        line = value.line_of(index) if isinstance(value, YamlList) else where.line
        try:
            items.append(text(item, where))
        except Invalid as exc:
            raise Invalid(f"item {index + 1}: {exc}", line) from None
    return tuple(items)


def date_or_datetime(value: Any, where: Where) -> dt.date | dt.datetime:
    """YAML already turns ISO dates into date/datetime; quoted ones arrive as text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value) if "T" in value or " " in value.strip() \
                else dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected an ISO date such as 2025-08-08 or a datetime such as "
                  f"2025-08-08T14:30:00+00:00, got {describe(value)}")


def mapping(fields: Sequence[Field], what: str) -> Converter:
    """A converter for a nested mapping such as ``source: {name, url}``."""

    def convert(value: Any, where: Where) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping with the keys "
                          f"{', '.join(f.name for f in fields)}, got {describe(value)}")
        line = value.line if isinstance(value, YamlMap) else where.line
        result = check_mapping(value, fields, Where(where.path, line, where.diagnostics), what)
        assert result is not None
        return result

    return convert


def positive_int(value: Any, where: Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"expected a whole number from 1 up, got {describe(value)}")
    return value


def date(value: Any, where: Where) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected an ISO date such as 2025-08-08, got {describe(value)}")


def raw_text(value: Any, where: Where) -> str:
    """Text kept exactly as written (quotes and context may start or end with a space)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(f"expected text, got {describe(value)}")
    if not str(value).strip():
        raise Invalid("must not be empty")
    return str(value)


def mapping_list(fields: Sequence[Field], what: str) -> Converter:
    """A converter for a list of mappings, e.g. ``sources: [{title, url}]``."""
    item = mapping(fields, what)

    def convert(value: Any, where: Where) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list of {what} entries, got {describe(value)}")
        items = []
        for index, entry in enumerate(value):
            line = value.line_of(index) if isinstance(value, YamlList) else where.line
            try:
                items.append(item(entry, Where(where.path, line, where.diagnostics)))
            except Invalid as exc:
                raise Invalid(f"item {index + 1}: {exc}", line) from None
        return tuple(items)

    return convert


def choice(options: Sequence[str], noun: str) -> Converter:
    """A converter for one of a fixed set of words, suggesting the closest."""

    def convert(value: Any, where: Where) -> str:
        word = text(value, where)
        if word not in options:
            hint = did_you_mean(word, options)
            raise Invalid(f"'{word}' is not a {noun}; use one of {', '.join(options)}"
                          + (f" ({hint})" if hint else ""))
        return word

    return convert
