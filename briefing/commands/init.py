"""``briefing init``: a new briefing that builds as it is (see init_site.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from briefing.commands.init_site import (
    DEFAULT_BASE_URL,  # light: the standard library (YAML only when it writes a site)
)
from briefing.commands.output import shown_file, user_errors


def _folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    """A named folder: an empty argument would quietly mean the current one."""
    if not value.strip():
        raise click.BadParameter("must not be empty; name the folder to create, e.g. "
                                 "briefing init harbour-weekly")
    return Path(value)


@click.command("init")
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
        click.echo(f"Wrote {shown_file(path)}")
    click.echo(f"Next: cd {shown_file(folder)} && briefing build. To publish with GitHub "
               "Pages, say in requirements.txt where to install briefing from (see "
               "docs/deploy.md).")
