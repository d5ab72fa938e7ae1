"""``briefing build --explain``: each file a build wrote or removed, and why.

The engine records a reason where it decides to make a file again (an
article's plan, a listing page whose key changed: see incremental.py); files
made every build and written only when their bytes differ (feeds, sitemap,
the search page, assets) say so. Above them, the inputs whose size or time
changed since the last build, the changes that set it all off. (A fresh
checkout gives every file a new time: all are listed, though only those whose
bytes changed make anything new.)

An article's files name the input that changed where the build can tell:
its own article, notes or story file when one of them did, and the inputs
every article reads that did (the glossary, site.yml, a template), never
another article's, its notes or another story (no input of this one).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.engine.plan import MERGED, RENDERED

FileTimes = Mapping[str, tuple[int, int]]
FULL_BUILD = "a whole new output: no earlier build of this output to update"
BYTES_CHANGED = "made every build; its bytes changed"
GONE = "no longer made: what it was made from is gone"


@dataclass(frozen=True)
class Explanation:
    inputs: tuple[tuple[str, str], ...]  # (path relative to the site, "edited" / "added" / ...)
    written: tuple[tuple[str, str], ...]  # (output path, why)
    removed: tuple[tuple[str, str], ...]


def input_changes(before: FileTimes | None, now: FileTimes, root: Path,
                  edited: Collection[str] | None = None) -> tuple[tuple[str, str], ...]:
    """The inputs added, removed or edited since ``before``: edited means with
    other bytes, when ``edited`` lists those (engine/input_bytes.py), else
    with another size or time."""
    if before is None:
        return ()
    changes = [(path, "added") for path in now if path not in before]
    changes += [(path, "removed") for path in before if path not in now]
    bytes_changed = set(edited) if edited is not None else None
    changes += [(path, "edited") for path, times in now.items() if path in before and (
        path in bytes_changed if bytes_changed is not None
        else tuple(before[path]) != tuple(times))]
    return tuple(sorted((_shown(path, root), how) for path, how in changes))


def explain(inputs: tuple[tuple[str, str], ...], before: Mapping[str, str] | None,
            now: Mapping[str, str], reasons: Mapping[str, str],
            sources: Sources | None = None) -> Explanation:
    """Every output file that is new or changed (``before`` → ``now``, path →
    digest), with its reason; ``before`` None: the whole output was written.
    ``sources``: what an article's files were made from, to name in their
    reasons the inputs that changed."""
    named = sources.namer(inputs) if sources is not None else None

    def why(path: str, default: str) -> str:
        reason = reasons.get(path, default)
        return named(path, reason) if named is not None else reason

    if before is None:
        return Explanation(inputs, tuple((path, why(path, FULL_BUILD)) for path in sorted(now)),
                           ())
    written = [(path, why(path, BYTES_CHANGED)) for path in sorted(now)
               if before.get(path) != now[path]]
    removed = [(path, GONE) for path in sorted(set(before) - set(now))]
    return Explanation(inputs, tuple(written), tuple(removed))


NAMED = 3  # inputs a reason names; more are counted ("and 20 more")


@dataclass(frozen=True)
class Sources:
    """What the articles' files this build wrote were made from."""

    root: Path  # the site's folder: inputs are shown relative to it
    made_from: Mapping[str, tuple[str, ...]]  # output path → its article's own files
    # Folders whose files each belong to one article or story (articles, notes,
    # stories): no input of the pages of the others.
    theirs: tuple[Path, ...] = ()

    def namer(self, inputs: tuple[tuple[str, str], ...]) -> Callable[[str, str], str]:
        """How a reason of an article's file names the changed ``inputs`` behind
        it: its own files that changed (article, notes, story), and the changed
        inputs every article reads (the glossary, site.yml, templates...) when
        none of its own did or it was only rendered again. A reason with
        nothing to name stays as it is. What all files share is found once:
        after a fresh checkout every input counts as changed."""
        changed = dict(inputs)
        theirs = tuple(f"{_shown(str(folder), self.root)}/" for folder in self.theirs)
        shared = [(shown, how) for shown, how in inputs if not shown.startswith(theirs)]

        def named(path: str, why: str) -> str:
            own_files = self.made_from.get(path)
            if why not in (MERGED, RENDERED) or own_files is None:
                return why
            own = [(shown, changed[shown]) for shown in
                   (_shown(source, self.root) for source in own_files) if shown in changed]
            found = own if own and why == MERGED else own + shared
            return f"{why.partition(':')[0]}: {_listed(found)}" if found else why
        return named


def _listed(found: list[tuple[str, str]]) -> str:
    """The first :data:`NAMED` inputs as "path how", and how many more."""
    shown = ", ".join(f"{path} {how}" for path, how in found[:NAMED])
    return shown if len(found) <= NAMED else f"{shown} and {len(found) - NAMED} more"


def _shown(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path  # a theme outside the site
