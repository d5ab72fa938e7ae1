"""Reading the site's files on every core before the load stage asks for them.

A cold build parses every article, annotation and story file: at 10,000
articles some 21,000 YAML documents, six seconds on one core (PyYAML's
constructor is Python even over its C parser) while the other cores idle.
The load stage reads each file through :meth:`RememberedFiles.read`, whose
value the build's memo keeps. :func:`read_ahead` computes those values, for
the files the memo does not know by their size and time, on forked workers
(core/parallel.ordered_map, in file order) and hands them to the memo; the
stage's own loop, unchanged, then finds every one remembered, as a warm
build finds them in the store. Only values and warnings come back from a
worker, never a fingerprint: the parent remembers each value under its key,
which tells the fingerprints what it stands for.

A build with a few files changed reads them in its own loop: forking costs
more than it saves (core/parallel.MIN_ITEMS).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.parallel import MIN_ITEMS, ordered_map
from briefing.core.remembered import Remembered
from briefing.load.site_files import RememberedFiles

Found = tuple[object, tuple[Diagnostic, ...]]  # a file's value and its warnings


@dataclass(frozen=True)
class Ahead:
    """One file the load stage will read: as ``files.read(kind, path, load, context)``."""

    kind: Remembered
    path: Path
    load: Callable[[Diagnostics], object]
    context: str = ""


def read_ahead(files: RememberedFiles, reads: Sequence[Ahead]) -> None:
    """Remember, in ``files``' memo, what reading each of ``reads`` finds, for
    those the memo does not know yet, read on every core."""
    if files.knows is None:  # a load without a memo: nowhere to hand the values
        return
    todo = [read for read in reads if files.unknown(read.path, read.context)]
    if len(todo) < MIN_ITEMS:
        return
    for read, found in zip(todo, ordered_map(partial(_read, files), todo, files.jobs)):
        if found is not None:
            files.take(read.kind, read.path, read.context, *found)


def _read(files: RememberedFiles, read: Ahead) -> tuple[str, Found] | None:
    """In a worker: the file's key and what reading it finds; None when it cannot
    be read (gone since the listing): the stage's own loop then says why."""
    try:
        file_key = files.content_key(read.path, read.context)
    except OSError:
        return None
    said = Diagnostics(root=files.diagnostics.root)
    return file_key, (read.load(said), tuple(said.items))
