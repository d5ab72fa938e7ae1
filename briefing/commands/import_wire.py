"""``briefing import``: raw wire copy (plain text) into articles (see
briefing/wire/importer.py), and with ``--revise`` a new version of an
article's copy (briefing/wire/revise.py). The module is not named ``import``:
a keyword."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.build.api import BuildOptions, read_config
from briefing.commands.options import config_option
from briefing.commands.output import shown_file, user_errors
from briefing.config.layout import ARTICLES_DIR, article_path
from briefing.core.errors import ContentErrors, Diagnostics, UsageError
from briefing.core.files import is_text_name
from briefing.core.suggest import did_you_mean
from briefing.core.symlinks import SiteFolders

if TYPE_CHECKING:  # a build with nothing to do imports this module: not YAML with it
    from briefing.config.site import SiteConfig
    from briefing.model.site import Article


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None
              ) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    from briefing.core.schema import Invalid, date_or_datetime  # as front matter's dates

    try:
        return date_or_datetime(value.strip(), None)  # type: ignore[arg-type]
    except Invalid as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("import")
@click.argument("reports", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@click.option("--date", callback=_iso_date,
              help="Publication date (default: today); with --revise, when the new "
                   "version came in, e.g. 2025-08-08T14:30 (default: now).")
@click.option("--source-name", help="Name of the wire service or publisher.")
@click.option("--source-url", help="URL of the original report.")
@click.option("--revise", "revise_slug", metavar="SLUG",
              help="Take the report as a new version of this article's wire copy.")
@click.option("--summary", help="With --revise: what changed, in a line, for readers.")
@click.option("--force", is_flag=True, help="Overwrite an existing article file; with "
              "--revise, replace a body edited by hand since the last import.")
def import_command(reports: tuple[Path, ...], config_path: Path | None,
                   date: dt.date | None, source_name: str | None, source_url: str | None,
                   revise_slug: str | None, summary: str | None, force: bool) -> None:
    """Turn raw wire copy (plain text) into articles in content/articles/."""
    from briefing.wire.importer import ImportOptions, import_report

    with user_errors():
        config = read_config(BuildOptions(config_path), Diagnostics())
        for report in reports:  # its name goes into the site (the wire copy's file)
            if not is_text_name(report.name):
                shown = os.fsencode(report).decode("utf-8", "backslashreplace")
                raise UsageError(f"{shown}: the file name is not UTF-8 text; rename it "
                                 "before importing it")
        if revise_slug is not None:
            _revise(revise_slug, reports, config, date, summary, force)
            return
        if summary is not None:
            raise UsageError("--summary goes with --revise: it describes a new version")
        options = ImportOptions(date=date or dt.date.today(), source_name=source_name,
                                source_url=source_url, force=force)
        for report in reports:
            result = import_report(report, config, options)
            for line in result.notes:
                click.echo(f"  {line}")
            click.echo(f"Wrote {shown_file(result.path)}")


def _revise(slug: str, reports: tuple[Path, ...], config: SiteConfig,
            date: dt.date | None, summary: str | None, force: bool) -> None:
    """One report as the newest version of the article ``slug``."""
    from briefing.wire.revise import ReviseOptions, revise_report

    if len(reports) != 1:
        raise UsageError(f"--revise takes one report, the new version; got {len(reports)}")
    article = revised_article(slug, config)
    time = date if isinstance(date, dt.datetime) else \
        dt.datetime.combine(date, dt.time()) if date else \
        dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    options = ReviseOptions(time=time, summary=(summary or "").strip() or None, force=force)
    plan, report = revise_report(reports[0], article, config, options)
    kept, removed = len(report.paragraphs), len(report.removed)
    click.echo(f"  revision {plan.number}: {kept} paragraph{'s' * (kept != 1)} kept, "
               f"{removed} duplicate{'s' * (removed != 1)} removed")
    for line in report.notes:
        click.echo(f"  {line}")
    if plan.kept_edits:
        shown = ", ".join(map(str, plan.kept_edits))
        click.echo(f"  your hand edits kept (paragraph{'s' * (len(plan.kept_edits) != 1)} "
                   f"{shown} of the body you edited): the new version changes other "
                   "paragraphs")
    click.echo(f"  copy kept as {config.content_dir.as_posix()}/{plan.wire_relative}")
    click.echo(f"Wrote {shown_file(article.path)}")
    click.echo("Run 'briefing check': notes whose words the revision changed are listed "
               "with the closest passage, to update their quote or mark them 'retired_in: "
               f"{plan.number}'.")


def revised_article(slug: str, config: SiteConfig) -> Article:
    """The article ``slug`` as loaded, its versions' text read; a usage error
    naming the closest slug when there is no such article."""
    from briefing.load.articles import load_article
    from briefing.load.revisions import with_bodies

    path = article_path(config, slug)
    if not path.is_file():
        folder = path.parent
        slugs = [p.stem for p in folder.glob("*.md")] if folder.is_dir() else []
        hint = did_you_mean(slug, slugs)
        raise UsageError(f"--revise: no article has the slug '{slug}' (no "
                         f"{config.content_dir.as_posix()}/{ARTICLES_DIR}/{slug}.md)"
                         + (f"; {hint}" if hint else ""))
    diagnostics = Diagnostics(root=config.root)
    article = load_article(path, config, diagnostics)
    if article is not None:
        article = with_bodies(article, config.root / config.content_dir,
                              SiteFolders.of(config.root, config.content_dir), diagnostics)
    if article is None or diagnostics.errors:
        raise ContentErrors(diagnostics.errors, diagnostics.warnings)
    return article
