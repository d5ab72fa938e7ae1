"""The ``briefing`` command line.

A thin layer: it parses options, calls the pipeline and prints results. It is
the only module that knows about the terminal, exit codes and click.
Exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing import __version__
from briefing.build.api import BuildOptions, build, load_and_check, read_config
from briefing.commands.init_site import (
    DEFAULT_BASE_URL,  # light: the standard library (YAML only when it writes a site)
)
from briefing.core.errors import (
    BriefingError,
    ContentErrors,
    Diagnostic,
    Diagnostics,
    in_reading_order,
)

if TYPE_CHECKING:
    from briefing.config.site import SiteConfig

# Commands import the rest of briefing when they run: a build with nothing to do
# must not pay for loading Markdown, Jinja and the whole pipeline.
Progress = Callable[[int, int], None]

PROGRESS_THRESHOLD = 200  # articles; smaller builds finish before a bar helps

config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=True),
    help="Path to site.yml (default: ./site.yml).")


def _echo_diagnostic(diagnostic: Diagnostic) -> None:
    colour = "red" if diagnostic.severity == "error" else "yellow"
    click.secho(diagnostic.format(), fg=colour, err=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn BriefingError into a clear message and exit code, never a traceback."""
    try:
        yield
    except ContentErrors as exc:
        for diagnostic in exc.diagnostics + exc.warnings:
            _echo_diagnostic(diagnostic)
        count = len(exc.diagnostics)
        click.secho(f"Failed: {count} error{'s' * (count != 1)}; nothing was written.",
                    fg="red", err=True)
        sys.exit(exc.exit_code)
    except BriefingError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)


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


@main.command("build")
@config_option
@click.option("--out", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output directory (default: output_dir of site.yml, usually _site).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--base-url", envvar="BRIEFING_BASE_URL",
              help="Override base_url, e.g. the URL GitHub Pages assigns "
                   "(also read from $BRIEFING_BASE_URL).")
@click.option("--no-cache", is_flag=True,
              help="Build everything from scratch, without reading or writing "
                   ".briefing-cache/.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256),
              help="Processes that render articles (default: one per core).")
def build_command(config_path: Path | None, output_dir: Path | None, drafts: bool,
                  base_url: str | None, no_cache: bool = False, jobs: int | None = None) -> None:
    """Build the site into the output directory (only what changed since the last build)."""
    options = BuildOptions(config_path, output_dir, drafts, base_url, use_cache=not no_cache,
                           jobs=jobs)
    started = time.perf_counter()
    with user_errors(), _progress_bar() as progress:
        result = build(options, progress, waiting=_say_waiting)
    for warning in result.warnings:
        _echo_diagnostic(warning)
    elapsed = (time.perf_counter() - started) * 1000
    if result.up_to_date:
        click.echo(f"Up to date: nothing changed since the last build of "
                   f"{_shown(result.output_dir)} ({result.pages} pages); {elapsed:.0f} ms")
        return
    changes = "" if result.full else \
        f"; {result.changed} file{'s' * (result.changed != 1)} changed, the rest kept"
    click.echo(f"Built {result.pages} pages ({result.files} files) into "
               f"{_shown(result.output_dir)} in {elapsed:.0f} ms{changes}")


def _say_waiting(message: str) -> None:
    click.secho(message, fg="yellow", err=True)


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
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


def _shown(path: Path) -> str:
    try:
        return f"{path.resolve().relative_to(Path.cwd().resolve())}/"
    except ValueError:
        return f"{path}/"


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date such as 2025-08-08") from None


@main.command("check")
@config_option
@click.option("--drafts", is_flag=True, help="Check draft articles too.")
@click.option("--links", is_flag=True,
              help="Also check that every internal link of the built site resolves.")
@click.option("--out", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="The built site --links checks (default: output_dir of site.yml).")
@click.option("--base-url", envvar="BRIEFING_BASE_URL",
              help="The base URL the site was built with (also read from $BRIEFING_BASE_URL).")
def check_command(config_path: Path | None, drafts: bool, links: bool = False,
                  output_dir: Path | None = None, base_url: str | None = None) -> None:
    """Check the content without building: every error and editorial warning
    (glossary terms never used, spellings that look like a term). With --links,
    also check the links of the built site."""
    with user_errors():
        checked = load_and_check(BuildOptions(config_path, drafts=drafts, base_url=base_url))
    for warning in in_reading_order(checked.diagnostics.warnings):
        _echo_diagnostic(warning)
    count = len(checked.diagnostics.warnings)
    articles = len(checked.pages)
    click.echo(f"Checked {articles} article{'s' * (articles != 1)}: no errors, "
               f"{count} warning{'s' * (count != 1)}")
    if links:
        _check_links(checked.config, output_dir)


def _check_links(config: SiteConfig, output_dir: Path | None) -> None:
    """Print each broken link as page:line: url: reason; exit 1 if there is one."""
    from briefing.commands.sitecheck import check_built_links

    with user_errors():
        report = check_built_links(config, output_dir)
    for link in report.broken:
        click.secho(link.format(), fg="red", err=True)
    if report.broken:
        click.secho(f"Failed: {len(report.broken)} broken link"
                    f"{'s' * (len(report.broken) != 1)} in {_shown(report.output_dir)}",
                    fg="red", err=True)
        sys.exit(1)
    click.echo(f"Checked the links of {report.pages} pages in {_shown(report.output_dir)}: "
               "none broken")


def _folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    """A named folder: an empty argument would quietly mean the current one."""
    if not value.strip():
        raise click.BadParameter("must not be empty; name the folder to create, e.g. "
                                 "briefing init harbour-weekly")
    return Path(value)


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False), callback=_folder)
@click.option("--title", default="My Briefing", show_default=True,
              help="The briefing's name (title in site.yml).")
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True,
              help="base_url in site.yml; the GitHub Pages workflow overrides it.")
def init_command(folder: Path, title: str, base_url: str) -> None:
    """Start a new briefing in FOLDER (new or empty) that builds as it is."""
    from briefing.commands.init_site import InitOptions, init_site

    with user_errors():
        written = init_site(folder, InitOptions(title, base_url, dt.date.today()))
    for path in written:
        click.echo(f"Wrote {_shown_file(path)}")
    click.echo(f"Next: cd {_shown_file(folder)} && briefing build. To publish with GitHub "
               "Pages, say in requirements.txt where to install briefing from (see "
               "docs/deploy.md).")


@main.command("import")
@click.argument("reports", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@click.option("--date", callback=_iso_date, help="Publication date (default: today).")
@click.option("--source-name", help="Name of the wire service or publisher.")
@click.option("--source-url", help="URL of the original report.")
@click.option("--force", is_flag=True, help="Overwrite an existing article file.")
def import_command(reports: tuple[Path, ...], config_path: Path | None, date: dt.date | None,
                   source_name: str | None, source_url: str | None, force: bool) -> None:
    """Turn raw wire copy (plain text) into articles in content/articles/."""
    from briefing.wire.importer import ImportOptions, import_report

    with user_errors():
        config = read_config(BuildOptions(config_path), Diagnostics())
        options = ImportOptions(date=date or dt.date.today(), source_name=source_name,
                                source_url=source_url, force=force)
        for report in reports:
            result = import_report(report, config, options)
            for line in result.notes:
                click.echo(f"  {line}")
            click.echo(f"Wrote {_shown_file(result.path)}")


def _shown_file(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@main.group("new")
def new_group() -> None:
    """Create new content from a template."""


@new_group.command("article")
@click.argument("title")
@config_option
def new_article_command(title: str, config_path: Path | None) -> None:
    """Start a draft article with front matter filled in."""
    from briefing.commands.new import new_article

    with user_errors():
        config = read_config(BuildOptions(config_path), Diagnostics())
        path = new_article(config, title, dt.date.today())
        click.echo(f"Wrote {_shown_file(path)} (a draft: build with --drafts to see it)")


@main.command("serve")
@config_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 makes the preview visible to your network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@click.option("--no-drafts", is_flag=True, help="Hide articles marked draft: true.")
def serve_command(config_path: Path | None, host: str, port: int, open_browser: bool,
                  no_drafts: bool) -> None:
    """Build the site and serve it with live reload while you write."""
    # Imported here so other commands do not pay for loading tornado and livereload.
    from briefing.preview import Console, PreviewOptions, serve_preview

    console = Console(info=click.echo, diagnostic=_echo_diagnostic,
                      error=lambda text: click.secho(text, fg="red", err=True))
    options = PreviewOptions(config_path, host, port, open_browser, drafts=not no_drafts)
    with user_errors():
        serve_preview(options, console)
