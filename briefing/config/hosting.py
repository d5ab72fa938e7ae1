"""Checks for the hosting keys of site.yml: ``cname``, a custom domain for GitHub Pages."""

from __future__ import annotations

import re
from typing import Any

from briefing.core import schema
from briefing.core.errors import excerpt
from briefing.core.schema import Invalid, Where

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def host_name(value: Any, where: Where) -> str:
    """A DNS host name such as ``news.example.org`` (what GitHub Pages' CNAME holds)."""
    result = schema.text(value, where).lower().rstrip(".")
    if "://" in result or "/" in result:
        raise Invalid(f"'{excerpt(result)}' is not a host name: write only the name, such as "
                      "'news.example.org', without https:// or a path")
    labels = result.split(".")
    if len(result) > 253 or len(labels) < 2 or not all(_LABEL.match(x) for x in labels):
        raise Invalid(f"'{excerpt(result)}' is not a host name such as 'news.example.org' "
                      "(letters, digits and hyphens, in dot-separated parts)")
    if labels[-1].isdigit():
        raise Invalid(f"'{excerpt(result)}' is an IP address; a custom domain needs a host name")
    return result
