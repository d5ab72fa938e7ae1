"""``briefing import``: raw wire copy (plain text) into articles (see
briefing/wire/importer.py). The module is not named ``import``: a keyword."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from briefing.build.api import BuildOptions, read_config
from briefing.commands.options import config_option
from briefing.commands.output import shown_file, user_errors
from briefing.core.errors import Diagnostics


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date such as 2025-08-08") from None


@click.command("import")
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
            click.echo(f"Wrote {shown_file(result.path)}")
