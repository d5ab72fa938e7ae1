"""``briefing serve``: build, serve and rebuild on every change (see briefing/preview/)."""

from __future__ import annotations

from pathlib import Path

import click

from briefing.commands.options import config_option
from briefing.commands.output import echo_diagnostic, user_errors


@click.command("serve")
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

    console = Console(info=click.echo, diagnostic=echo_diagnostic,
                      error=lambda text: click.secho(text, fg="red", err=True))
    options = PreviewOptions(config_path, host, port, open_browser, drafts=not no_drafts)
    with user_errors():
        serve_preview(options, console)
