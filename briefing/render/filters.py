"""The Jinja filters of the theme: dates (core/dates.py) and typographic text."""

from __future__ import annotations

from briefing.core.dates import date_long, datetime_long, iso
from briefing.text.markdown import smarten

FILTERS = {"date_long": date_long, "datetime_long": datetime_long, "iso": iso,
           "smart": smarten}
