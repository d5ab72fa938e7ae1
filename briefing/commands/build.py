"""``briefing build``: the site into its output directory, only what changed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.build.api import BuildOptions, build
from briefing.commands.options import base_url_option, config_option
from briefing.commands.output import (
    echo_diagnostic,
    progress_bar,
    say_waiting,
    shown_dir,
    user_errors,
)

if TYPE_CHECKING:
    from briefing.engine.explain import Explanation


@click.command("build")
@config_option
@click.option("--out", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output directory (default: output_dir of site.yml, usually _site).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@base_url_option("Override base_url, e.g. the URL GitHub Pages assigns "
                 "(also read from $BRIEFING_BASE_URL).")
@click.option("--no-cache", is_flag=True,
              help="Build everything from scratch, without reading or writing "
                   ".briefing-cache/.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256),
              help="Processes that render articles (default: one per core).")
@click.option("--explain", is_flag=True,
              help="List each file written or removed, and the change that caused it.")
def build_command(config_path: Path | None, output_dir: Path | None, drafts: bool,
                  base_url: str | None, no_cache: bool = False, jobs: int | None = None,
                  explain: bool = False) -> None:
    """Build the site into the output directory (only what changed since the last build)."""
    options = BuildOptions(config_path, output_dir, drafts, base_url, use_cache=not no_cache,
                           jobs=jobs, explain=explain)
    started = time.perf_counter()
    with user_errors(), progress_bar() as progress:
        result = build(options, progress, waiting=say_waiting)
    for warning in result.warnings:
        echo_diagnostic(warning)
    elapsed = (time.perf_counter() - started) * 1000
    if result.up_to_date:
        click.echo(f"Up to date: nothing changed since the last build of "
                   f"{shown_dir(result.output_dir)} ({result.pages} pages"
                   f"{_touched(result.touched)}); {elapsed:.0f} ms")
        return
    if result.explanation is not None:
        echo_explanation(result.explanation)
    changes = "" if result.full else \
        f"; {result.changed} file{'s' * (result.changed != 1)} changed, the rest kept"
    click.echo(f"Built {result.pages} pages ({result.files} files) into "
               f"{shown_dir(result.output_dir)} in {elapsed:.0f} ms{changes}")


def echo_explanation(explanation: Explanation) -> None:
    """What ``--explain`` prints: the inputs that changed, then each file and why."""
    if explanation.inputs:
        click.echo("Inputs changed since the last build:")
        for path, how in explanation.inputs:
            click.echo(f"  {how:8} {path}")
    for title, files in (("Written", explanation.written), ("Removed", explanation.removed)):
        if files:
            click.echo(f"{title} ({len(files)}):")
            width = min(max(len(path) for path, _ in files), 48)
            for path, why in files:
                click.echo(f"  {path:{width}}  {why}")


def _touched(count: int) -> str:
    """How many inputs had new times but the same bytes (engine/input_bytes.py)."""
    if count == 0:
        return ""
    if count == 1:
        return "; 1 file with a new time but the same bytes"
    return f"; {count} files with new times but the same bytes"
