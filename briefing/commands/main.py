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

# Each command's module, imported only when that command runs (or help lists
# them all): `briefing build` need not load the preview server, the wire
# importer or the site scaffolding, and each command imports the rest of
# briefing when it runs, so a build with nothing to do loads neither Markdown,
# Jinja nor YAML. Each module defines the command under this name.
COMMANDS = {
    "build": ("briefing.commands.build", "build_command"),
    "check": ("briefing.commands.check", "check_command"),
    "import": ("briefing.commands.import_wire", "import_command"),
    "import-notes": ("briefing.commands.import_notes", "import_notes_command"),
    "init": ("briefing.commands.init", "init_command"),
    "new": ("briefing.commands.new", "new_group"),
    "serve": ("briefing.commands.serve", "serve_command"),
}


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
    """The command group, its commands imported when asked for (:data:`COMMANDS`);
    Ctrl-C ends any command with status 130 and one line, where click would
    print "Aborted!" and exit 1. Builds have stopped their workers and
    discarded their staging folder by the time this runs, so the output
    directory is as it was."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's, with "did you mean" for a misspelt command: click finds
        its suggestions among the commands it holds, and this group holds none
        until one is asked for."""
        name = args[0] if args else ""
        if name in COMMANDS or name.startswith("-") or ctx.resilient_parsing:
            return super().resolve_command(ctx, args)
        import difflib

        close = difflib.get_close_matches(name, COMMANDS)
        ctx.fail(f"No such command {name!r}." + (f" Did you mean {close[0]!r}?" if close else ""))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import importlib

        module, name = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command) and command.name == cmd_name
        return command

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

