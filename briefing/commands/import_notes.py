"""``briefing import-notes``: W3C Web Annotations or a Hypothesis export into
``content/annotations/`` (see briefing/notes/imports/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from briefing.build.api import BuildOptions, read_config
from briefing.commands.options import config_option
from briefing.commands.output import shown_file, user_errors
from briefing.core.errors import Diagnostics, UsageError


@click.command("import-notes")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@click.option("--article", help="Put every note on this article (its slug), whatever "
              "page the notes name.")
def import_notes_command(document: Path, config_path: Path | None,
                         article: str | None) -> None:
    """Add notes made in another annotation tool (a W3C Web Annotation document, such as
    an annotations.jsonld, or a Hypothesis JSON export) to content/annotations/."""
    from briefing.notes.imports.documents import DocumentError, read_document
    from briefing.notes.imports.run import Outcome, import_notes

    def told(outcome: Outcome) -> None:
        if outcome.written is not None:
            click.echo(f"Added '{outcome.written.ident}' to {shown_file(outcome.written.path)}")
        else:
            click.secho(f"{document}: {outcome.note.label}: not imported: {outcome.problem}",
                        fg="yellow", err=True)

    with user_errors():
        config = read_config(BuildOptions(config_path), Diagnostics())
        try:
            notes = read_document(json.loads(document.read_text(encoding="utf-8")))
        except (ValueError, DocumentError) as exc:
            raise UsageError(f"{document}: not an annotation document: {exc}") from None
        outcomes = import_notes(config, notes, article, told)
        done = sum(outcome.written is not None for outcome in outcomes)
        click.echo(f"Imported {done} of {len(outcomes)} note{'s' * (len(outcomes) != 1)}.")
        if done < len(outcomes):
            sys.exit(1)
