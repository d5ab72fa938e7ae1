"""Jinja filters for dates and text, deterministic and locale-independent.

The build must not depend on the machine's locale, so month names are spelt
out here rather than taken from ``strftime('%B')``.
"""

from __future__ import annotations

import datetime as dt

from briefing.text.markdown import smarten

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_long(value: dt.date | dt.datetime) -> str:
    """8 August 2025."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def datetime_long(value: dt.datetime) -> str:
    """8 August 2025, 14:30 UTC."""
    zone = value.tzname() or ""
    return f"{date_long(value)}, {value:%H:%M} {zone}".rstrip()


def iso(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


FILTERS = {"date_long": date_long, "datetime_long": datetime_long, "iso": iso,
           "smart": smarten}
