"""``revisions:`` in an article's front matter: checked, then given their text.

Each entry names a version of the wire copy (``wire:``, a file of the content
folder), the time it came in and an optional summary. Times must rise from
one version to the next: two versions at the same time, or one older than
the version before it, are errors at the entry's line. The versions' text is
read here, at load time, so an edit to a version's file changes the Article
and with it everything built from it (merge and render keys hash the Article).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from briefing.config.layout import WIRE_DIR
from briefing.core import schema
from briefing.core.dates import localise
from briefing.core.errors import Diagnostics, excerpt
from briefing.core.files import read_text
from briefing.core.schema import Field, Where
from briefing.core.symlinks import SiteFolders
from briefing.core.yamlio import YamlList
from briefing.model.revision import Revision
from briefing.model.site import Article
from briefing.wire.parse import ReportError
from briefing.wire.versions import version_body

REVISION_FIELDS = (Field("time", schema.date_or_datetime, required=True),
                   Field("wire", schema.text, required=True),
                   Field("summary", schema.text))


def revisions_field(value: Any, where: Where) -> tuple[dict[str, Any], ...]:
    """The front matter's ``revisions:`` list, each entry with its ``line``."""
    entries = schema.mapping_list(REVISION_FIELDS, "revision")(value, where)
    lines = [value.line_of(i) if isinstance(value, YamlList) else where.line
             for i in range(len(entries))]
    return tuple({**entry, "line": line} for entry, line in zip(entries, lines))


def revisions(entries: tuple[dict[str, Any], ...], timezone: str) -> tuple[Revision, ...]:
    """The checked entries as :class:`Revision` s, numbered from 1, times localised."""
    made = []
    for number, entry in enumerate(entries, start=1):
        time, has_time = localise(entry["time"], timezone)
        made.append(Revision(number, time, has_time, entry["wire"], entry["line"],
                             entry["summary"]))
    return tuple(made)


def check_order(path: Path, found: tuple[Revision, ...], diagnostics: Diagnostics) -> bool:
    """Each version later than the one before it; errors at the later entry's line."""
    good = True
    for before, after in zip(found, found[1:]):
        if after.time == before.time:
            diagnostics.error(path, after.line, f"revision {after.number} has the same time "
                              f"as revision {before.number} ({after.label})",
                              "give each version the time it came in")
            good = False
        elif after.time < before.time:
            diagnostics.error(path, after.line, f"revision {after.number} ({after.label}) is "
                              f"older than revision {before.number} ({before.label})",
                              "list versions oldest first, each later than the last")
            good = False
    return good


def with_bodies(article: Article, content: Path, folders: SiteFolders,
                diagnostics: Diagnostics) -> Article:
    """The article with each version's body read from its wire file; problems
    (a missing, unreadable or empty file) are errors at the entry's line."""
    if not article.revisions:
        return article
    read = tuple(_read(article.path, revision, content, folders, diagnostics)
                 for revision in article.revisions)
    return replace(article, revisions=read)


def _read(path: Path, revision: Revision, content: Path, folders: SiteFolders,
          diagnostics: Diagnostics) -> Revision:
    file = _wire_file(path, revision, content, folders, diagnostics)
    if file is None:
        return revision
    text = read_text(file, diagnostics)
    if text is None:
        return revision
    try:
        return replace(revision, body=version_body(text))
    except ReportError as exc:
        diagnostics.error(path, revision.line, f"revision {revision.number}: "
                          f"{excerpt(revision.wire)} {exc}")
        return revision


def _wire_file(path: Path, revision: Revision, content: Path, folders: SiteFolders,
               diagnostics: Diagnostics) -> Path | None:
    relative = PurePosixPath(revision.wire)
    if relative.is_absolute() or "\\" in revision.wire or ".." in relative.parts \
            or (relative.parts and ":" in relative.parts[0]):
        diagnostics.error(path, revision.line, f"revision {revision.number}: 'wire': "
                          f"'{excerpt(revision.wire)}' must be a path inside the content "
                          "folder, relative to it", f"e.g. 'wire: {WIRE_DIR}/report.txt'")
        return None
    file = content / relative
    escape = folders.escape(file)
    if escape is not None:
        diagnostics.error(path, revision.line, f"revision {revision.number}: 'wire': "
                          + folders.described(escape, diagnostics))
        return None
    if not file.is_file():
        diagnostics.error(path, revision.line, f"revision {revision.number}: there is no "
                          f"file '{excerpt(revision.wire)}' in the content folder",
                          "import versions with 'briefing import --revise'")
        return None
    return file
