"""One version of an article's wire copy, as its front matter lists it.

Wire reports are filed, then updated and corrected during the day. Each
version an editor took in is kept (``revisions:`` in the front matter, the
copy itself under ``content/wire/``); the newest is the article's body, and
the earlier ones are what the history page and retired notes show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.core.dates import date_long


@dataclass(frozen=True)
class Revision:
    """Version ``number`` (1 = as first filed) of an article's wire copy."""

    number: int
    time: dt.datetime  # time-zone aware, in the site's time zone
    has_time: bool  # False when the front matter gave a date without a time
    wire: str  # the copy, relative to the content folder
    line: int  # front matter line of the revision's entry, for messages
    summary: str | None = None
    # The version's body as Markdown, cleaned as an import cleans it; filled in
    # by the load stage from the wire file (load/revisions.py), "" until then.
    body: str = ""

    @property
    def label(self) -> str:
        """How readers are told which version: "8 August 2025, 10:05"."""
        if not self.has_time:
            return date_long(self.time)
        return f"{date_long(self.time)}, {self.time:%H:%M}"

    @property
    def anchor(self) -> str:
        """The version's id on the history page."""
        return f"revision-{self.number}"
