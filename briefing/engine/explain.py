"""``briefing build --explain``: each file a build wrote or removed, and why.

The engine records a reason where it decides to make a file again (an
article's plan, a listing page whose key changed: see incremental.py); files
made every build and written only when their bytes differ (feeds, sitemap,
the search page, assets) say so. Above them, the inputs whose size or time
changed since the last build, the changes that set it all off. (A fresh
checkout gives every file a new time: all are listed, though only those whose
bytes changed make anything new.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FileTimes = Mapping[str, tuple[int, int]]
FULL_BUILD = "a whole new output: no earlier build of this output to update"
BYTES_CHANGED = "made every build; its bytes changed"
GONE = "no longer made: what it was made from is gone"


@dataclass(frozen=True)
class Explanation:
    inputs: tuple[tuple[str, str], ...]  # (path relative to the site, "edited" / "added" / ...)
    written: tuple[tuple[str, str], ...]  # (output path, why)
    removed: tuple[tuple[str, str], ...]


def input_changes(before: FileTimes | None, now: FileTimes, root: Path
                  ) -> tuple[tuple[str, str], ...]:
    """The inputs added, removed or edited (another size or time) since ``before``."""
    if before is None:
        return ()
    changes = [(path, "added") for path in now if path not in before]
    changes += [(path, "removed") for path in before if path not in now]
    changes += [(path, "edited") for path, times in now.items()
                if path in before and tuple(before[path]) != tuple(times)]
    return tuple(sorted((_shown(path, root), how) for path, how in changes))


def explain(inputs: tuple[tuple[str, str], ...], before: Mapping[str, str] | None,
            now: Mapping[str, str], reasons: Mapping[str, str]) -> Explanation:
    """Every output file that is new or changed (``before`` → ``now``, path →
    digest), with its reason; ``before`` None: the whole output was written."""
    if before is None:
        return Explanation(inputs, tuple((path, reasons.get(path, FULL_BUILD))
                                         for path in sorted(now)), ())
    written = [(path, reasons.get(path, BYTES_CHANGED)) for path in sorted(now)
               if before.get(path) != now[path]]
    removed = [(path, GONE) for path in sorted(set(before) - set(now))]
    return Explanation(inputs, tuple(written), tuple(removed))


def _shown(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path  # a theme outside the site
