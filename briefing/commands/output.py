"""How every command talks to the terminal: diagnostics in colour on stderr,
a clear message and exit code for a BriefingError (never a traceback), the
progress bar of long builds and paths shown relative to where the user is.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from briefing.core.errors import BriefingError, ContentErrors, Diagnostic

Progress = Callable[[int, int], None]

PROGRESS_THRESHOLD = 200  # articles; smaller builds finish before a bar helps


def echo_diagnostic(diagnostic: Diagnostic) -> None:
    """An error in red, a warning in yellow, on stderr so stdout stays the result."""
    colour = "red" if diagnostic.severity == "error" else "yellow"
    click.secho(diagnostic.format(), fg=colour, err=True)


@contextmanager
def user_errors(writes: bool = True) -> Iterator[None]:
    """Turn BriefingError into a clear message and exit code, never a traceback;
    ``writes``: the command writes files (``check`` writes none, so its failure
    does not say that nothing was written)."""
    try:
        yield
    except ContentErrors as exc:
        for diagnostic in exc.diagnostics + exc.warnings:
            echo_diagnostic(diagnostic)
        count = len(exc.diagnostics)
        said = "; nothing was written." if writes else "."
        click.secho(f"Failed: {count} error{'s' * (count != 1)}{said}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except BriefingError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)


def say_waiting(message: str) -> None:
    """Why a build has not started yet (another one holds the site's lock)."""
    click.secho(message, fg="yellow", err=True)


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A progress bar for long builds, only when a person is watching."""
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD:
            return
        if "bar" not in state:
            bar = click.progressbar(length=total, label="Rendering", file=sys.stderr)
            state["bar"] = bar.__enter__()
        state["bar"].update(1)  # type: ignore[attr-defined]

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)  # type: ignore[attr-defined]


def shown_dir(path: Path) -> str:
    """A folder as the user would type it from here, with a trailing slash."""
    try:
        return f"{path.resolve().relative_to(Path.cwd().resolve())}/"
    except ValueError:
        return f"{path}/"


def shown_file(path: Path) -> str:
    """A file as the user would type it from here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
