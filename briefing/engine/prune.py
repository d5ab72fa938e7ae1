"""Keeping ``.briefing-cache/`` from growing without end.

One set of cache files is made for every output directory and set of build
options ever used, and one preview output folder for every address
``briefing serve`` ever used; each is hundreds of megabytes for a large site.
Only files named as briefing names its own are ever touched.
"""

from __future__ import annotations

import shutil
import time
from contextlib import suppress
from pathlib import Path

from briefing.core.errors import OutputDirError

SUFFIXES = (".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal")  # of a store's files
OLD_SUFFIXES = (".last", ".work", ".changes")  # of the pickles briefing kept before
KEPT_OTHERS = 3  # caches of other build settings (--out, --drafts, ...) kept beside this one
PREVIEW_PREFIX = "preview-"  # the output folders of `briefing serve` (preview/rebuild.py)
STALE_TEMPORARY_S = 3600  # a cache being written is never this old


def prune(folder: Path, keep: str) -> None:
    """Remove the stores of all but the :data:`KEPT_OTHERS` most recently written
    other build settings (``keep`` names this build's store), the caches of
    older versions of briefing, and temporary files a killed build left behind."""
    groups: dict[str, list[Path]] = {}
    keep = keep.partition(".")[0]
    for path in folder.iterdir():
        stem, _, rest = path.name.partition(".")
        if stem.startswith("build-") and f".{rest}" in OLD_SUFFIXES:
            path.unlink(missing_ok=True)
        elif stem.startswith("build-") and f".{rest}" in SUFFIXES and stem != keep:
            groups.setdefault(stem, []).append(path)
        elif path.name.startswith(".build-") and path.name.endswith(".new") \
                and time.time() - path.stat().st_mtime > STALE_TEMPORARY_S:
            path.unlink(missing_ok=True)
        elif path.name.startswith(f".{PREVIEW_PREFIX}") and path.is_dir() \
                and time.time() - path.stat().st_mtime > STALE_TEMPORARY_S:
            shutil.rmtree(path, ignore_errors=True)  # a killed preview's staging folder
    by_age = sorted(groups.values(), key=lambda files: max(f.stat().st_mtime_ns for f in files),
                    reverse=True)
    for files in by_age[KEPT_OTHERS:]:
        for path in files:
            path.unlink(missing_ok=True)
    _prune_previews(folder)


def _prune_previews(folder: Path) -> None:
    """Remove all but the :data:`KEPT_OTHERS` most recently built preview output
    folders (one per address ``briefing serve`` ever used), each only if it
    holds nothing but the files its manifest lists and was last built over an
    hour ago (its server may still be running)."""
    from briefing.write.site_writer import (  # only once a build has run
        MANIFEST,
        check_replaceable,
    )

    built = sorted(((path / MANIFEST).stat().st_mtime_ns, path) for path in folder.iterdir()
                   if path.name.startswith(PREVIEW_PREFIX) and (path / MANIFEST).is_file())
    stale = time.time_ns() - STALE_TEMPORARY_S * 10**9
    for _, path in [(when, path) for when, path in built[:-KEPT_OTHERS] if when < stale]:
        with suppress(OutputDirError):
            check_replaceable(path)
            shutil.rmtree(path)
