"""What a build hands the write stage: files to write, and files to keep.

Plain values at the bottom of the house, so every stage and feature that
makes a file (pages, feeds, the search page, assets) can name them without
importing the render stage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    path: str  # site-relative, POSIX separators
    data: bytes


@dataclass(frozen=True)
class KeptFile:
    """A file the previous build wrote that this build would write identically
    (its inputs did not change); it stays in the output directory as it is."""

    path: str
    digest: str
