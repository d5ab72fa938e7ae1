"""``briefing check``: the content's errors and editorial warnings without
building, and with --links the internal links of the built site."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.build.api import BuildOptions, load_and_check
from briefing.commands.options import base_url_option, config_option
from briefing.commands.output import echo_diagnostic, shown_dir, user_errors
from briefing.core.errors import in_reading_order

if TYPE_CHECKING:
    from briefing.config.site import SiteConfig


@click.command("check")
@config_option
@click.option("--drafts", is_flag=True, help="Check draft articles too.")
@click.option("--links", is_flag=True,
              help="Also check that every internal link of the built site resolves.")
@click.option("--out", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="The built site --links checks (default: output_dir of site.yml).")
@base_url_option("The base URL the site was built with (also read from $BRIEFING_BASE_URL).")
def check_command(config_path: Path | None, drafts: bool, links: bool = False,
                  output_dir: Path | None = None, base_url: str | None = None) -> None:
    """Check the content without building: every error and editorial warning
    (glossary terms never used, spellings that look like a term). With --links,
    also check the links of the built site."""
    with user_errors(writes=False):
        checked = load_and_check(BuildOptions(config_path, drafts=drafts, base_url=base_url))
    for warning in in_reading_order(checked.diagnostics.warnings):
        echo_diagnostic(warning)
    count = len(checked.diagnostics.warnings)
    articles = len(checked.pages)
    click.echo(f"Checked {articles} article{'s' * (articles != 1)}: no errors, "
               f"{count} warning{'s' * (count != 1)}")
    if links:
        _check_links(checked.config, output_dir)


def _check_links(config: SiteConfig, output_dir: Path | None) -> None:
    """Print each broken link as page:line: url: reason; exit 1 if there is one."""
    from briefing.commands.sitecheck import check_built_links

    with user_errors(writes=False):
        report = check_built_links(config, output_dir)
    for link in report.broken:
        click.secho(link.format(), fg="red", err=True)
    if report.hint:
        click.secho(report.hint, fg="yellow", err=True)
    if report.broken:
        click.secho(f"Failed: {len(report.broken)} broken link"
                    f"{'s' * (len(report.broken) != 1)} in {shown_dir(report.output_dir)}",
                    fg="red", err=True)
        sys.exit(1)
    click.echo(f"Checked the links of {report.pages} pages in {shown_dir(report.output_dir)}: "
               "none broken")
