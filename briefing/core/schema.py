"""A small declarative checker for YAML mappings (site.yml, front matter, ...).

Each input format lists its :class:`Field` s once; :func:`check_mapping` then
reports unknown keys (with a "did you mean"), missing required keys and values
of the wrong type, all against the line they appear on, and returns plain
Python values for the loader to put into dataclasses.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from briefing.core.errors import Diagnostics, excerpt
from briefing.core.slug import slugify
from briefing.core.suggest import closest, did_you_mean
from briefing.core.yamlio import ImpossibleDate, YamlList, YamlMap

Converter = Callable[[Any, "Where"], Any]
# A slug names files and folders (with a prefix or suffix: cards, temporary
# files), whose names most file systems cap at 255 bytes.
SLUG_MAX = 120
SLUG_RE = re.compile(rf"^(?=.{{1,{SLUG_MAX}}}$)[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    meant = set()  # keys an unknown one was taken for: told once, as a misspelling
    for key in data:
        if key not in known:
            line = lines.line_of(key) if lines else where.line
            match = closest(str(key), known)
            meant.add(match)
            diag.error(where.path, line, f"unknown key '{excerpt(key)}' in {what}",
                       f"did you mean '{match}'?" if match else None)
    out: dict[str, Any] = {}
    for f in fields:
        if f.name not in data or data[f.name] is None:
            if f.required and f.name not in meant:
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
    """What a value is, for "expected X, got Y": its kind and a short excerpt of it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    shown = f"'{excerpt(value)}'" if isinstance(value, str) else excerpt(value)
    return f"{type(value).__name__} {shown}"


def text(value: Any, where: Where) -> str:
    if isinstance(value, bool):  # a rating "False", a word "No"
        raise Invalid(f"expected text, got {describe(value)}: YAML reads an unquoted yes, no, "
                      "on, off, true or false as true or false; put the word in quotes "
                      "(rating: \"False\")")
    if not isinstance(value, (str, int, float)):
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
    if len(result) > SLUG_MAX:
        raise Invalid(f"'{excerpt(result)}' is {len(result)} characters long: a slug names "
                      f"files and folders, and has at most {SLUG_MAX}")
    if not SLUG_RE.match(result):
        suggestion = slugify(result)
        raise Invalid(f"'{excerpt(result)}' is not a slug: use lower-case letters, digits "
                      "and single hyphens, " + (f"as in '{suggestion}'" if suggestion
                                                else "e.g. 'peace-deal-signed'"))
    return result


_URL_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def url(value: Any, where: Where) -> str:
    result = text(value, where)
    parts = urlsplit(result)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"'{excerpt(result)}' is not an absolute http(s) URL")
    if "@" in parts.netloc:  # published on every page it appears on: never repeated here
        shown = f"{parts.scheme}://…@{parts.netloc.rpartition('@')[2]}{parts.path}"
        raise Invalid(f"'{excerpt(shown)}' holds a user name or password (before '@'), "
                      "which would be published with it; remove them from the URL")
    bad = _URL_FORBIDDEN.search(result)
    if bad:
        raise Invalid(f"'{excerpt(result)}' contains {bad.group()!r}, which URLs may not contain; "
                      "percent-encode it (a space is %20)")
    return result


def text_list(value: Any, where: Where) -> tuple[str, ...]:
    """A list of short texts (tags, authors, aliases); a single text with commas
    in it was meant as that list, so the fix suggested splits it there."""
    if isinstance(value, str):
        raise Invalid(f"expected a list, e.g. {excerpt(flow_list(value.split(',')))}, "
                      "got a single text")
    return _texts(value, where)


def point_list(value: Any, where: Where) -> tuple[str, ...]:
    """A list of sentences (a story's key points), which commas do not separate."""
    if isinstance(value, str):
        raise Invalid("expected a list, got a single text: put each point on a line of its "
                      "own that starts with '- '")
    return _texts(value, where)


def flow_list(items: Sequence[str]) -> str:
    """``items`` as a one-line YAML list written the way an editor would, each
    item quoted only where YAML would otherwise read something else."""
    written = []
    for item in (i.strip() for i in items if i.strip()):
        try:
            plain = yaml.safe_load(f"[{item}]") == [item]
        except (yaml.YAMLError, ValueError):  # ValueError: an impossible date, 2026-02-30
            plain = False
        written.append(item if plain else json.dumps(item, ensure_ascii=False))
    return f"[{', '.join(written)}]"


def _texts(value: Any, where: Where) -> tuple[str, ...]:
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
    if isinstance(value, str):
        try:
            value = _from_iso(value, dt.datetime.fromisoformat if "T" in value
                              or " " in value.strip() else dt.date.fromisoformat)
        except ValueError:
            _reject_impossible(value)
            _suggest_iso(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None \
            and not _FIRST_DAY < value.date() < _LAST_DAY:
        raise Invalid(f"{value.isoformat()} is out of range: a time with a time-zone offset "
                      f"must fall between {_FIRST_DAY + _DAY} and {_LAST_DAY - _DAY}, so that "
                      "it can be converted to the site's time zone")
    if isinstance(value, (dt.date, dt.datetime)):
        return value
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
            return _from_iso(value, dt.date.fromisoformat)
        except ValueError:
            _reject_impossible(value)
            _suggest_iso(value)
    raise Invalid(f"expected an ISO date such as 2025-08-08, got {describe(value)}")


# The day as the docs write it: Python reads week dates (2025-W32) and basic
# ones (20250808) too, which an editor who typed them did not mean as a date.
_ISO_DAY = re.compile(r"\s*\d{4}-\d{2}-\d{2}(?!\d)")
_LOOSE_DAY = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*")


def _from_iso(value: str, parse: Callable[[str], Any]) -> Any:
    """``parse(value)`` when ``value`` starts with a day written 2025-08-08."""
    if not _ISO_DAY.match(value):
        raise ValueError(value)
    return parse(value)


def _suggest_iso(value: str) -> None:
    """Raise :class:`Invalid` with the day as it should be written when ``value``
    names one in another shape (``2025-8-8``, ``2025/08/08``)."""
    loose = _LOOSE_DAY.fullmatch(value)
    if loose is None:
        return
    try:
        day = dt.date(*map(int, loose.groups()))
    except ValueError:
        return
    raise Invalid(f"'{excerpt(value)}' is not written as an ISO date: write {day.isoformat()}")


_FIRST_DAY, _LAST_DAY, _DAY = dt.date.min, dt.date.max, dt.timedelta(days=1)
_DATE_SHAPE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2})"
                         r"(?::(\d{1,2})(?:[.,]\d*)?)?[ \t]*(?:[Zz]|[-+](\d{1,2})(?::?(\d\d))?)?)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _reject_impossible(value: str) -> None:
    """Raise :class:`Invalid` saying what is wrong when ``value`` is shaped like an ISO
    date or datetime but names none (``2026-02-30``, ``2026-03-01T25:00``): YAML hands
    those over as text (:class:`ImpossibleDate`), and "expected an ISO date" would be
    a puzzle to an editor who wrote one."""
    match = _DATE_SHAPE.fullmatch(value.strip())
    if match is None:
        if isinstance(value, ImpossibleDate):
            raise Invalid(f"{value} is not a real date")
        return
    year, month, day, hour, minute, second, zone_hours, zone_minutes = (
        None if g is None else int(g) for g in match.groups())
    if year == 0:
        raise Invalid(f"{value.strip()} is not a real date: year 0 does not exist")
    if not 1 <= month <= 12:
        raise Invalid(f"{value.strip()} is not a real date: month {month} does not exist")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise Invalid(f"{value.strip()} is not a real date: "
                      + (f"{_MONTHS[month - 1]} {year} has {days} days" if day else
                         "day 0 does not exist"))
    for number, unit, limit in ((hour, "hour", 23), (minute, "minute", 59),
                                (second, "second", 59)):
        if number is not None and number > limit:
            raise Invalid(f"{value.strip()} is not a real time: {unit} {number} does not "
                          f"exist ({unit}s run from 0 to {limit})")
    if zone_hours is not None and zone_hours * 60 + (zone_minutes or 0) >= 24 * 60:
        raise Invalid(f"{value.strip()} is not a real time: "
                      "a time-zone offset must be less than 24 hours")
    if isinstance(value, ImpossibleDate):
        raise Invalid(f"{value} is not a real date")


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
            raise Invalid(_not_a_list(value, fields, what))
        items = []
        for index, entry in enumerate(value):
            line = value.line_of(index) if isinstance(value, YamlList) else where.line
            try:
                items.append(item(entry, Where(where.path, line, where.diagnostics)))
            except Invalid as exc:
                raise Invalid(f"item {index + 1}: {exc}", line) from None
        return tuple(items)

    return convert


def _not_a_list(value: Any, fields: Sequence[Field], what: str) -> str:
    """What to write instead of one mapping or one text where a list of mappings
    belongs: the two ways editors forget the list."""
    said = f"expected a list of {what} entries, got {describe(value)}"
    if isinstance(value, dict):
        return f"{said}: put '- ' before its first key to make it the list's first entry"
    if isinstance(value, str) and value.strip():
        entry = f"{{{fields[0].name}: {flow_list([value])[1:-1]}}}"
        return f"{said}; write it as a list of mappings, e.g. [{excerpt(entry)}]"
    return said


def choice(options: Sequence[str], noun: str) -> Converter:
    """A converter for one of a fixed set of words, suggesting the closest."""

    def convert(value: Any, where: Where) -> str:
        word = text(value, where)
        if word not in options:
            hint = did_you_mean(word, options)
            raise Invalid(f"'{excerpt(word)}' is not a {noun}; use one of {', '.join(options)}"
                          + (f" ({hint})" if hint else ""))
        return word

    return convert
