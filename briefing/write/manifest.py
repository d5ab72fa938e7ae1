"""The manifest (``.briefing-build``): every file a build wrote, so that a
later build replaces an output directory only when nothing in it is anyone
else's, and never deletes what it did not create."""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from briefing.core.errors import NotAnOutputDir, OutputDirError, excerpt

MANIFEST = ".briefing-build"
# Put in an output directory as a full build retires it (write/retired.py), just
# before it is renamed away: a build killed in between leaves it behind, ours.
RETIRED_MARK = ".briefing-retired"
# What an operating system leaves in any folder it shows (Finder, Explorer):
# nobody's work, so never a reason to refuse a build; a full build removes it
# with the old output.
SYSTEM_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_HEADER = "# Written by `briefing build`; lists every file of this build.\n"


def write_manifest(root: Path, written: dict[str, str]) -> None:
    text = _HEADER + "".join(f"{p}\n" for p in sorted(written))
    target = root / MANIFEST
    temporary = root / f".{MANIFEST}.new"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def check_replaceable(output_dir: Path) -> None:
    """Raise OutputDirError unless replacing ``output_dir`` loses nothing of the user's."""
    if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
        raise NotAnOutputDir(f"{output_dir}: exists and is not a directory; "
                             "choose another output directory with --out")
    if not output_dir.exists() or not any(output_dir.iterdir()):
        return
    manifest = output_dir / MANIFEST
    if not manifest.is_file():
        entries = sorted(p.name + "/" * p.is_dir() for p in output_dir.iterdir())
        raise NotAnOutputDir(
            f"{output_dir}: not empty and not made by briefing (no {MANIFEST} file): it "
            f"holds {_some(entries)}; refusing to replace it. Choose another directory "
            "with --out, or empty it")
    ours = set(_manifest_entries(manifest))
    foreign = [p for p in _tree(output_dir) if p not in ours and p not in (MANIFEST, RETIRED_MARK)
               and PurePosixPath(p).name not in SYSTEM_LITTER]
    # A folder of one's own is named once, not with everything in it.
    folders = set(foreign)
    _refuse(output_dir, [p for p in foreign if PurePosixPath(p).parent.as_posix() not in folders],
            "refusing to delete them")


def check_top_level(output_dir: Path, listed: Sequence[str]) -> None:
    """Raise OutputDirError when the top of ``output_dir`` holds something the
    last build did not write (``listed``: its files, in order). A full build
    refuses to replace such an output (:func:`check_replaceable`); an update
    leaves it alone, and so would publish it until the next full build refused.
    The top is where such files are put (``CNAME``, a verification page), and
    looking costs one listing, so an update refuses them too, at once."""
    try:
        names = os.listdir(output_dir)
    except OSError:
        return
    _refuse(output_dir, sorted(name for name in names
                               if name not in (MANIFEST, RETIRED_MARK)
                               and name not in SYSTEM_LITTER and not _lists(listed, name)),
            "a full build would have to delete them, so this one refuses to publish them")


def _lists(listed: Sequence[str], name: str) -> bool:
    """Whether ``listed`` (in order) holds the file ``name`` or a file under the folder ``name``."""
    at = bisect.bisect_left(listed, name)
    if at < len(listed) and listed[at] == name:
        return True
    at = bisect.bisect_left(listed, name + "/")
    return at < len(listed) and listed[at].startswith(name + "/")


def _refuse(output_dir: Path, foreign: list[str], why: str) -> None:
    """Raise OutputDirError naming the ``foreign`` files and folders, if any."""
    if foreign:
        shown = [p + "/" * output_dir.joinpath(p).is_dir() for p in foreign]
        raise OutputDirError(
            f"{output_dir}: holds files briefing did not write ({_some(shown)}); {why}. Move "
            "them elsewhere (files to publish with the site belong in static/; a CNAME "
            "comes from `cname:` in site.yml), then build again")


def _some(names: list[str], shown: int = 5) -> str:
    """The first few ``names`` and how many more there are: enough to find them."""
    more = len(names) - shown
    return ", ".join(excerpt(name) for name in names[:shown]) \
        + (f" and {more} more" if more > 0 else "")


def _manifest_entries(manifest: Path) -> Iterable[str]:
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path = PurePosixPath(line)
            yield line
            yield from (p.as_posix() for p in path.parents if p.as_posix() != ".")


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
