"""Options several commands share, so each is spelled and explained once."""

from __future__ import annotations

from pathlib import Path

import click

config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=True),
    help="Path to site.yml (default: ./site.yml).")
