"""The ``briefing`` command line: the group every command joins and the
program's entry point. One module per command (build.py, check.py, init.py,
import_wire.py, new.py, serve.py) parses options, calls the pipeline and
prints results through output.py; only this package knows about the
terminal, exit codes and click.
Exit codes: 0 success, 1 content errors, 2 usage errors, 130 Ctrl-C.
"""

from __future__ import annotations

import os
import sys

import click

from briefing import __version__

# Each command imports the rest of briefing when it runs: a build with nothing
# to do must not pay for loading Markdown, Jinja and the whole pipeline.
from briefing.commands.build import build_command
from briefing.commands.check import check_command
from briefing.commands.import_notes import import_notes_command
from briefing.commands.import_wire import import_command
from briefing.commands.init import init_command
from briefing.commands.new import new_group
from briefing.commands.serve import serve_command


def run() -> None:
    """The ``briefing`` program (``python -m briefing`` too): :func:`main`, then
    an exit that skips tearing the interpreter down. A build that read a large
    cache holds millions of objects, and freeing them one by one at exit took
    two seconds at 10,000 articles, after every file was written and closed.
    Everything that must happen at the end (output swapped in, cache saved,
    the preview's Pagefind stopped) has happened when main() returns."""
    try:
        main(prog_name="briefing")
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def _exit_code(code: object) -> int:
    """What ``sys.exit(code)`` would make the process's status."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class _Commands(click.Group):
    """The command group; Ctrl-C ends any command with status 130 and one line,
    where click would print "Aborted!" and exit 1. Builds have stopped their
    workers and discarded their staging folder by the time this runs, so the
    output directory is as it was."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.secho("\nInterrupted.", fg="red", err=True)
            sys.exit(INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Build annotated news briefings into static websites."""


# Every command lives in its own module; `briefing --help` lists them sorted by name.
for _command in (build_command, check_command, init_command, import_command,
                 import_notes_command, new_group,
                 serve_command):
    main.add_command(_command)
