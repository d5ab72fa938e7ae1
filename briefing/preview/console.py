"""How the preview talks to the terminal, supplied by the CLI.

``commands/`` is the only package that knows about click and colours; the preview
reports through these three callbacks so it can be driven (and tested) without
a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing.core.errors import Diagnostic


def _print(line: str) -> None:
    print(line, flush=True)


@dataclass(frozen=True)
class Console:
    info: Callable[[str], None] = _print  # progress lines: built, rebuilt, serving
    diagnostic: Callable[[Diagnostic], None] = lambda d: _print(d.format())
    error: Callable[[str], None] = _print  # failures that are not Diagnostics
