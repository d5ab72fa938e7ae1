"""``json.dumps(value, ensure_ascii=False, indent=1)``, written without its generators.

Every article page carries its JSON-LD and an ``annotations.jsonld`` file, all
indented as above. With an indent, the standard library leaves its C encoder
for a pure-Python one built on nested generators, which cost about a
fortieth of an article's job (issue 18). :func:`dumps_indented` writes the
same text in one recursive pass: strings through the standard library's own
escaper (in C), numbers and constants as its encoder writes them. A value it
does not know (anything but dicts, lists, tuples, strings, numbers, booleans
and None) goes to ``json.dumps`` whole, which then raises or writes it as ever;
tests/test_indented_json.py holds the two equal.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INFINITY = float("inf")


class _Unknown(Exception):
    """A value only ``json.dumps`` knows what to do with."""


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)``."""
    out: list[str] = []
    try:
        _write(value, out, "\n")
    except (_Unknown, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return "".join(out)


def _write(value: Any, out: list[str], newline: str) -> None:
    """Append ``value``'s text; ``newline``: a line break and the current indent."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        _write_dict(value, out, newline)
    elif isinstance(value, (list, tuple)):
        _write_list(value, out, newline)
    else:
        out.append(_scalar(value))


def _write_dict(value: dict, out: list[str], newline: str) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + " "
    separator = "{" + inner
    for key, item in value.items():
        out.append(separator)
        out.append(encode_basestring(key if isinstance(key, str) else _scalar(key)))
        out.append(": ")
        _write(item, out, inner)
        separator = "," + inner
    out.append(newline + "}")


def _write_list(value: list | tuple, out: list[str], newline: str) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + " "
    separator = "[" + inner
    for item in value:
        out.append(separator)
        _write(item, out, inner)
        separator = "," + inner
    out.append(newline + "]")


def _scalar(value: Any) -> str:
    """A constant or number as ``json``'s encoder writes it (as a key too)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (_INFINITY, -_INFINITY):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    raise _Unknown
