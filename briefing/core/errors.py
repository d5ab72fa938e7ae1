"""Diagnostics for content problems.

Every problem a user can fix is a :class:`Diagnostic` carrying the file and line
it came from, so the CLI can print ``path:line: message`` and the preview server
can show the same text in the browser. Stages collect diagnostics instead of
raising on the first one: an editor fixing a file wants to see every mistake in
one run.
"""

from __future__ import annotations

import os
import unicodedata
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
            # As written first: a symbolic link is named, not where it leads (symlinks.py).
            for shown, root in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),
                                (path.resolve(), self.root.resolve())):
                try:
                    return shown.relative_to(root).as_posix()
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


class NotAnOutputDir(UsageError, OutputDirError):
    """The output directory named (``--out`` or ``output_dir``) is a file, or a
    folder briefing did not make: the command was pointed at the wrong place."""


EXCERPT_LIMIT = 60  # characters of a user's value that a message quotes
# Characters that would break the message's one line or act on the terminal:
# controls (ESC starts terminal commands), line and paragraph separators, format
# characters (zero-width and bidirectional ones reorder what is shown), surrogates.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def excerpt(value: object, limit: int = EXCERPT_LIMIT) -> str:
    """``value`` as a short, single-line excerpt to quote in a message.

    Messages quote what the user wrote so that they can find it, not to print it
    back: a file that parses to one long text (a password file, a page of prose)
    would otherwise land whole in the terminal and on the preview's error page.
    Line breaks show as ⏎, other control and formatting characters as escapes
    (``\\x1b``), and past ``limit`` characters the excerpt ends with "…". Text is
    taken as it is; anything else as its ``repr``.
    """
    text = value if isinstance(value, str) else repr(value)
    text = text[:limit + 2].replace("\r\n", "\n")  # each character shows as one or more
    pieces: list[str] = []
    length = 0
    for char in text:
        shown = "⏎" if char in "\n\r" else \
            _escaped(char) if unicodedata.category(char) in _HIDDEN else char
        if length + len(shown) > limit:
            while pieces and length + 1 > limit:  # room for the ellipsis
                length -= len(pieces.pop())
            return "".join(pieces) + "…"
        pieces.append(shown)
        length += len(shown)
    return "".join(pieces)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else \
        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
