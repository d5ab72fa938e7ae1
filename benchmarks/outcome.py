"""What briefing said about each timed build, and whether that is what the scenario expects.

A time only means something if the build did the work the scenario is about: a
"nothing changed" build that rebuilt everything measures a broken stamp, not the
cache; an edit that briefing did not notice measures nothing. So every build's
summary line is parsed (``Up to date: ...`` or ``Built N pages ...; K files
changed, the rest kept``) and checked against what its scenario expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UP_TO_DATE = re.compile(r"^Up to date: ", re.MULTILINE)
BUILT = re.compile(r"^Built (\d+) pages \((\d+) files\)[^\n]*?(?:; (\d+) files? changed, "
                   r"the rest kept)?$", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    """briefing's own account of one build."""

    up_to_date: bool  # "Up to date": the stamps matched, nothing was rendered
    full: bool  # built everything (no "the rest kept")
    pages: int | None  # pages it reports, when it says
    changed: int | None  # files rewritten by an incremental build

    @property
    def summary(self) -> str:
        if self.up_to_date:
            return "up to date"
        if self.full:
            return "full build"
        return f"{self.changed} files rewritten"


def parse_outcome(stdout: str) -> Outcome:
    """The outcome from ``briefing build``'s output (a full build when it says nothing known)."""
    if UP_TO_DATE.search(stdout):
        return Outcome(up_to_date=True, full=False, pages=_pages(stdout), changed=0)
    built = BUILT.search(stdout)
    if built is None:
        return Outcome(up_to_date=False, full=True, pages=None, changed=None)
    changed = built.group(3)
    return Outcome(up_to_date=False, full=changed is None, pages=int(built.group(1)),
                   changed=int(changed) if changed is not None else None)


def _pages(stdout: str) -> int | None:
    found = re.search(r"\((\d+) pages\)", stdout)
    return int(found.group(1)) if found else None


def surprise(expect: str, outcome: Outcome) -> str | None:
    """Why ``outcome`` is not what a build expecting ``expect`` should report, or None.

    ``expect`` is "full" (a cold build: empty output, no cache), "up to date"
    (nothing changed) or "partial" (one input edited, the cache of the build before
    it kept).
    """
    if expect == "full" and not outcome.full:
        return f"a cold build was not a full build ({outcome.summary}): a cache survived"
    if expect == "up to date" and not outcome.up_to_date:
        return (f"the nothing-changed build was NOT up to date ({outcome.summary}): "
                "briefing's stamp logic did not recognise an unchanged site")
    if expect == "partial" and outcome.up_to_date:
        return "an edit was not noticed: briefing reported up to date"
    if expect == "partial" and outcome.full:
        return "an edit rebuilt everything (full build) instead of only what changed"
    return None
