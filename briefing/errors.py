"""Diagnostics for content problems.

Every problem a user can fix is a :class:`Diagnostic` carrying the file and line
it came from, so the CLI can print ``path:line: message`` and the preview server
can show the same text in the browser. Stages collect diagnostics instead of
raising on the first one: an editor fixing a file wants to see every mistake in
one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the user's input."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else "warning: "
        text = f"{where}: {label}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass
class Diagnostics:
    """An ordered collection of problems, shared by the stages of one build."""

    items: list[Diagnostic] = field(default_factory=list)
    root: Path | None = None

    def display(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def error(self, path: Path | str, line: int | None, message: str,
              hint: str | None = None) -> None:
        self.items.append(Diagnostic(self.display(path), line, message, hint))

    def warning(self, path: Path | str, line: int | None, message: str,
                hint: str | None = None) -> None:
        self.items.append(
            Diagnostic(self.display(path), line, message, hint, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        """Stop the build, reporting every error so far, file by file, line by line."""
        if self.errors:
            raise ContentErrors(sorted(self.errors, key=_reading_order),
                                sorted(self.warnings, key=_reading_order))


def _reading_order(d: Diagnostic) -> tuple[str, int]:
    return (d.path, d.line or 0)


def in_reading_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """File by file, line by line: how a person works through them (and the same
    order however the build was split across processes or reused)."""
    return sorted(diagnostics, key=_reading_order)


class BriefingError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""

    exit_code = 1


class ContentErrors(BriefingError):
    """One or more problems in site.yml or content/."""

    def __init__(self, diagnostics: list[Diagnostic], warnings: list[Diagnostic] | None = None):
        self.diagnostics = diagnostics
        self.warnings = warnings or []
        super().__init__("\n".join(d.format() for d in diagnostics))


class OutputDirError(BriefingError):
    """The output directory cannot be safely replaced."""


class UsageError(BriefingError):
    """The command was called wrongly (missing site.yml, bad option value)."""

    exit_code = 2
