"""The Jinja filters of the theme: dates (core/dates.py) and typographic text."""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from briefing.core.dates import date_long, datetime_long, iso
from briefing.text.markdown import smarten

_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = re.compile(r"<(/?)(code|pre|kbd|samp)\b", re.IGNORECASE)  # text shown as typed


def smart(text: str) -> str:
    """Typographic quotes, apostrophes, dashes and ellipses, as the body gets.

    Plain text (a title, a dek) comes back as text, which autoescaping then
    escapes. HTML already safe (``Markup``: a rendered summary, say) comes
    back as ``Markup``, its tags as they were and only the text between them
    changed, but for code: made into a plain string, its tags would print as
    text, and a quote inside an attribute would break the tag.
    """
    if not isinstance(text, Markup):
        return smarten(text)
    parts, verbatim = [], 0
    for part in _TAG.split(str(text)):
        tag = _VERBATIM.match(part)
        if tag:
            verbatim = max(0, verbatim + (-1 if tag.group(1) else 1))
        shown = part.startswith("<") or verbatim or not part
        parts.append(part if shown else str(escape(smarten(html.unescape(part)))))
    return Markup("".join(parts))  # noqa: S704 - its tags and escaped text


FILTERS = {"date_long": date_long, "datetime_long": datetime_long, "iso": iso,
           "smart": smart}
