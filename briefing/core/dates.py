"""Dates as briefing writes and reads them, independent of the machine.

Month names are spelt out here rather than taken from ``strftime('%B')``, so a
build does not depend on the locale; ``localise`` puts a date from front matter
or a story file into the site's time zone. Shared by the loaders, the merge
stage (note bylines) and the Jinja filters.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

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


def localise(value: dt.date | dt.datetime, timezone: str) -> tuple[dt.datetime, bool]:
    """An aware datetime in the site's zone; naive times are taken to be local."""
    zone = zoneinfo.ZoneInfo(timezone)
    if isinstance(value, dt.datetime):
        aware = value.replace(tzinfo=zone) if value.tzinfo is None else value
        return aware.astimezone(zone), True
    return dt.datetime(value.year, value.month, value.day, tzinfo=zone), False
