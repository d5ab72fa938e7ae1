"""``revisions:`` in an article's front matter: checked, then given their text.

Each entry names a version of the wire copy (``wire:``, a file of the content
folder), the time it came in and an optional summary. Times must rise from
one version to the next: two versions at the same time, or one older than
the version before it, are errors at the entry's line. The versions' text is
read here, at load time, so an edit to a version's file changes the Article
and with it everything built from it (merge and render keys hash the Article).
Each version's body is remembered by its file's key (core/remembered
WIRE_VERSION), so an unchanged version is not read again.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from briefing.config.layout import WIRE_DIR
from briefing.core import schema
from briefing.core.dates import localise
from briefing.core.errors import Diagnostics, excerpt
from briefing.core.files import read_text
from briefing.core.remembered import WIRE_VERSION, Remembered
from briefing.core.schema import Field, Where
from briefing.core.symlinks import SiteFolders
from briefing.core.yamlio import YamlList
from briefing.model.revision import Revision
from briefing.model.site import Article

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


# read(kind, path, load, context): load(diagnostics), or what an earlier build
# loaded from the same bytes (load/site.RememberedFiles.read).
Reader = Callable[[Remembered, Path, Callable[[Diagnostics], "str | None"], str], "str | None"]


def with_bodies(article: Article, content: Path, folders: SiteFolders,
                diagnostics: Diagnostics, read: Reader | None = None) -> Article:
    """The article with each version's body read from its wire file; problems
    (a missing, unreadable or empty file) are errors at the entry's line."""
    if not article.revisions:
        return article
    found = tuple(_read(article.path, revision, content, folders, diagnostics, read)
                  for revision in article.revisions)
    return replace(article, revisions=found)


def _read(path: Path, revision: Revision, content: Path, folders: SiteFolders,
          diagnostics: Diagnostics, read: Reader | None) -> Revision:
    file = _wire_file(path, revision, content, folders, diagnostics)
    if file is None:
        return revision

    def load(into: Diagnostics) -> str | None:
        # Imported only to parse a version not remembered yet: the wire parser
        # (its duplicate finder above all) costs every build 20 ms of imports.
        from briefing.wire.parse import ReportError
        from briefing.wire.versions import version_body

        text = read_text(file, into)
        if text is None:
            return None
        try:
            return version_body(text)
        except ReportError as exc:
            into.error(path, revision.line, f"revision {revision.number}: "
                       f"{excerpt(revision.wire)} {exc}")
            return None

    body = read(WIRE_VERSION, file, load, f"{path}:{revision.line}") if read \
        else load(diagnostics)
    return revision if body is None else replace(revision, body=body)


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
