"""Checks for the hosting keys of site.yml: ``cname``, a custom domain for GitHub Pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefing.core import schema
from briefing.core.errors import Diagnostics, excerpt
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


def check_cname_file(config_path: Path, data: Any, cname: str | None,
                     diagnostics: Diagnostics) -> None:
    """``cname:`` and a static/CNAME both say what the published CNAME holds:
    an error at the key's line, told with every other problem (by ``briefing
    check`` too), not when the build is about to write the file."""
    if not cname or not (config_path.parent / "static" / "CNAME").is_file():
        return
    line = data.value_line("cname") if hasattr(data, "value_line") else 1
    diagnostics.error(config_path, line, "'cname': static/CNAME exists too, and both would "
                      "be the site's CNAME", "keep one of them: remove this line or the file "
                      "static/CNAME")
