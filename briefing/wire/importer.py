"""``briefing import``: one wire report file in, one Markdown article file out.

This module owns everything with side effects or site knowledge (reading the
report, checking options, choosing the article path, writing front matter);
the decisions about the text itself live in :mod:`briefing.wire.parse`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config.layout import WIRE_DIR, article_path
from briefing.config.site import SiteConfig
from briefing.core import schema
from briefing.core.errors import BriefingError, Diagnostics, UsageError, excerpt
from briefing.core.files import byte_position
from briefing.core.slug import slugify
from briefing.core.symlinks import SiteFolders
from briefing.text.escape import markdown_body
from briefing.text.frontmatter import front_matter_block
from briefing.wire.parse import ParsedReport, ReportError, parse_report

SLUG_MAX_LENGTH = 60


@dataclass(frozen=True)
class ImportOptions:
    """What the command line adds to the report: date, source and overwrite permission."""

    date: dt.date
    source_name: str | None = None
    source_url: str | None = None
    force: bool = False


@dataclass(frozen=True)
class ImportResult:
    """The article written and human-readable lines on what was detected or removed."""

    path: Path
    notes: list[str] = field(default_factory=list)
    report: ParsedReport | None = None


def read_report(path: Path) -> str:
    """The report's text; decoding is strict so mojibake never reaches an article."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read the file ({exc.strerror})") from None
    if b"\0" in data:
        line, column = byte_position(data, data.index(b"\0"))
        raise BriefingError(f"{path}: a binary file, not wire copy: a NUL byte at line "
                            f"{line}, column {column}; give the report as plain text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        raise BriefingError(f"{path}: not UTF-8 text: byte 0x{data[exc.start]:02x} at line "
                            f"{line}, column {column} ({exc.reason}); save the report as "
                            "UTF-8 and retry") from None


def check_source_url(report_path: Path, url: str | None) -> str | None:
    """Refuse a source URL the site build would reject later, while the user is here."""
    if url is None or not url.strip():
        return None
    try:  # the same rule the build applies to source.url
        return schema.url(url, schema.Where(report_path, 0, Diagnostics()))
    except schema.Invalid as exc:
        raise UsageError(f"{report_path}: --source-url {exc}") from None


def source_mapping(report_path: Path, options: ImportOptions) -> dict[str, str] | None:
    """The ``source:`` front matter mapping, or None when no source was given."""
    source: dict[str, str] = {}
    name = (options.source_name or "").strip()
    if name:
        source["name"] = name
    url = check_source_url(report_path, options.source_url)
    if url:
        source["url"] = url
    return source or None


def front_matter(report: ParsedReport, date: dt.date, source: dict[str, str] | None,
                 original: str | None = None) -> dict[str, Any]:
    """What the article's front matter says (None: not written): an empty tag
    list, for the editor to fill in."""
    return {"title": report.title, "dek": report.dek or None, "date": date,
            "source": source or None, "original": original or None, "tags": []}


def article_text(report: ParsedReport, date: dt.date,
                 source: dict[str, str] | None, original: str | None = None) -> str:
    """The whole article file: front matter, a blank line, then the body."""
    front = front_matter_block(front_matter(report, date, source, original))
    return f"{front}\n{markdown_body(report.paragraphs)}"


def choose_slug(report_path: Path, report: ParsedReport) -> tuple[str, list[str]]:
    """A file name from the title, or from the report's name if the title has no letters."""
    slug = slugify(report.title, max_length=SLUG_MAX_LENGTH)
    if slug:
        return slug, []
    slug = slugify(report_path.stem, max_length=SLUG_MAX_LENGTH)
    if not slug:
        raise BriefingError(f"{report_path}: cannot make a file name from the title "
                            f"'{excerpt(report.title)}'; rename the report file and retry")
    return slug, [f"file name taken from the report's name: the title has no "
                  f"ASCII letters or digits ({slug}.md)"]


def summary_notes(report: ParsedReport) -> list[str]:
    """The first lines the user reads: title, dek and paragraph counts."""
    how = "detected" if report.title_detected else \
        "no headline found: first sentence used; edit it"
    kept, removed = len(report.paragraphs), len(report.removed)
    return [f"title: {report.title} ({how})",
            f"dek: {report.dek}" if report.dek else "dek: none found",
            f"{kept} paragraph{'s' * (kept != 1)} kept, "
            f"{removed} duplicate{'s' * (removed != 1)} removed"]


def write_article(report_path: Path, target: Path, text: str | bytes) -> None:
    """Write the article (or raw copy), creating folders; bytes, so line endings never vary."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as exc:
        raise BriefingError(f"{report_path}: cannot write {target} ({exc.strerror})") from None


def parse_file(report_path: Path) -> ParsedReport:
    """Read and parse a report, naming the file in any error."""
    try:
        return parse_report(read_report(report_path))
    except ReportError as exc:
        raise BriefingError(f"{report_path}: {exc}") from None


def import_report(report_path: Path, config: SiteConfig,
                  options: ImportOptions) -> ImportResult:
    """Write the article for one wire report; never overwrites unless forced."""
    report = parse_file(report_path)
    source = source_mapping(report_path, options)
    slug, slug_notes = choose_slug(report_path, report)
    target = article_path(config, slug)
    if target.exists() and not options.force:
        raise BriefingError(f"{report_path}: {target} already exists; pass --force "
                            "to overwrite it")
    raw = report_path.read_bytes()
    wire_copy = wire_path(config, report_path)
    folders = SiteFolders.of(config.root, config.content_dir)
    for path in (target, wire_copy):  # before anything is written
        folders.refuse_writing_out(path)
    if wire_copy.exists() and not options.force and not _same_file(wire_copy, raw):
        raise BriefingError(f"{report_path}: {wire_copy} already exists with other "
                            "content; rename the report or pass --force to overwrite it")
    write_article(report_path, wire_copy, raw)  # byte for byte, as filed
    original = f"{WIRE_DIR}/{report_path.name}"
    write_article(report_path, target, article_text(report, options.date, source, original))
    notes = summary_notes(report) + list(report.notes) + slug_notes
    notes.append(f"raw report kept as {config.content_dir.as_posix()}/{original} "
                 "(original: in the front matter)")
    return ImportResult(path=target, notes=notes, report=report)


def wire_path(config: SiteConfig, report_path: Path) -> Path:
    """Where the raw report is kept: ``content/wire/<its file name>``."""
    return config.root / config.content_dir / WIRE_DIR / report_path.name


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.read_bytes() == data
    except OSError:
        return False
