"""What the last successful build read and wrote: the record a build compares
its stamps with before doing anything (engine/incremental.py keeps it; the
store saves it as one row)."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.errors import Diagnostic
from briefing.engine.stamp import Stamp


@dataclass
class LastBuild:
    """What the last successful build read and wrote, and what it said.

    ``roots`` and ``search`` are what it took from site.yml before it could tell
    whether there was work: while site.yml is unchanged, the next build can
    tell without parsing it. ``written`` is only needed to update the output
    (SiteWriter), not to say that nothing changed, so on disk it travels with
    the reusable work (see store.py) and is None until that is read.
    """

    inputs: Stamp
    output_dir: str
    outputs: Stamp  # every file of the build (manifest included) right after writing
    pages: int
    warnings: list[Diagnostic]
    indexer: str  # the search indexer that made the index (build.indexer_identity)
    roots: tuple[str, ...]  # the files and folders it read (build.input_roots)
    search: bool  # site.yml turned search on
    written: dict[str, str] | None = None  # path → digest of every file of the build
    # Its pages are newer than its search index, which comes later (build/index_later.py).
    search_stale: bool = False
    # Which parts (shards) of the index are stale, when it is; None: all of them.
    stale_parts: frozenset[str] | None = None
    work: str = ""  # which saved state of the reusable work goes with this (store.py)

    @property
    def files(self) -> int:
        """How many files the build wrote, its manifest included."""
        return self.outputs.count
