"""``briefing new``: new content from a template (the drafts: new_article.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from briefing.build.api import BuildOptions, read_config
from briefing.commands.options import config_option
from briefing.commands.output import shown_file, user_errors
from briefing.core.errors import Diagnostics


@click.group("new")
def new_group() -> None:
    """Create new content from a template."""


@new_group.command("article")
@click.argument("title")
@click.option("--slug", help="The article's file name and address, e.g. talks-in-yerevan "
              "(default: made from the title; needed for a title in another script).")
@config_option
def new_article_command(title: str, config_path: Path | None, slug: str | None = None) -> None:
    """Start a draft article with front matter filled in."""
    from briefing.commands.new_article import new_article

    with user_errors():
        config = read_config(BuildOptions(config_path), Diagnostics())
        path = new_article(config, title, dt.date.today(), slug)
        click.echo(f"Wrote {shown_file(path)} (a draft: build with --drafts to see it)")
