"""``briefing import --revise``: a new version of an article's wire copy.

Wire copy is filed, then updated and corrected during the day. A revision is
cleaned as a first import is (stand-first, doubled title, repeated
paragraphs), kept as ``content/wire/<slug>/<n>.txt`` beside the versions
before it, listed under ``revisions:`` in the article's front matter (time,
file, the editor's summary) and made the article's body.

Nothing is written until everything is checked: the new version must be
later than the newest, and the body must still be what the last import
wrote. An editor's hand edits are never silently overwritten: when they
touch other paragraphs than the wire's changes they are merged
(wire/merge_edits.py) and listed; otherwise the command refuses and says how
to go on (``--force`` replaces them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefing.config.layout import WIRE_DIR
from briefing.config.site import SiteConfig
from briefing.core.dates import localise
from briefing.core.errors import BriefingError, UsageError
from briefing.core.symlinks import SiteFolders
from briefing.core.yamlio import dump_yaml
from briefing.model.revision import Revision
from briefing.model.site import Article
from briefing.wire.importer import parse_file, write_article
from briefing.wire.merge_edits import merge
from briefing.wire.parse import ParsedReport
from briefing.wire.versions import body_of, version_body


@dataclass(frozen=True)
class ReviseOptions:
    """What the command line says about the new version."""

    time: dt.datetime  # when it came in (naive: the site's time zone)
    summary: str | None = None
    force: bool = False  # replace a body edited by hand since the last import


@dataclass(frozen=True)
class Revised:
    """What a revision writes: the new version's copy and the new article file."""

    wire_file: Path
    wire_relative: str  # as ``revisions:`` names it
    article_text: str
    number: int
    kept_edits: tuple[int, ...] = ()  # paragraphs of the editor's merged into the new body


def versions_so_far(article: Article) -> tuple[Revision, ...]:
    """The article's versions; an imported article never revised has one, its
    ``original:`` copy at the article's date."""
    if article.revisions:
        return article.revisions
    if not article.original:
        raise BriefingError(f"{article.path}: the article has no 'original:' wire copy, so "
                            "there is no version to revise; import the report with "
                            "'briefing import' first")
    return (Revision(1, article.date, article.has_time, article.original,
                     article.line_of("original")),)


def check_time(report_path: Path, time: dt.datetime, versions: tuple[Revision, ...]) -> None:
    """The new version must come after the newest: no two at one time, none older."""
    newest = versions[-1]
    if time == newest.time:
        raise UsageError(f"{report_path}: --date {time.isoformat()} is the time of "
                         f"revision {newest.number} ({newest.label}); give the new "
                         "version the time it came in")
    if time < newest.time:
        raise UsageError(f"{report_path}: --date {time.isoformat()} is older than revision "
                         f"{newest.number} ({newest.label}), the newest; a revision must "
                         "come after it")


def body_with_edits(article: Article, newest_body: str, body: str
                    ) -> tuple[str, tuple[int, ...]]:
    """The new ``body``, with the editor's hand edits merged in when they touch
    other paragraphs than the wire's changes; refuses when that is ambiguous."""
    have, had = article.body.strip("\n").split("\n"), newest_body.strip("\n").split("\n")
    if have == had:
        return body, ()
    merged = merge(newest_body, article.body, body)
    if merged is not None:
        return merged[0], tuple(merged[1])
    first = next((i for i, (a, b) in enumerate(zip(have, had)) if a != b), min(len(have),
                                                                             len(had)))
    line = article.body_line + len(article.body) - len(article.body.lstrip("\n")) + first
    raise BriefingError(
        f"{article.path}:{line}: the body was edited by hand since the last import "
        "(it differs from the newest version of the wire copy here), and the new version "
        "changes the same paragraphs; nothing was written. "
        "Move your changes into notes or the front matter and run the command again, or "
        "pass --force to replace the body with the new version (your edits are lost: "
        "commit them first)")


def newest_body(article: Article, content: Path) -> str:
    """The body the last import wrote: the newest version, cleaned."""
    if article.revisions:
        return article.revisions[-1].body
    return version_body((content / (article.original or "")).read_text(encoding="utf-8-sig"))


def plan_revision(article: Article, file_text: str, report: ParsedReport,
                  report_path: Path, config: SiteConfig, options: ReviseOptions) -> Revised:
    """Everything a revision writes, checked; raises before anything is written."""
    versions = versions_so_far(article)
    time, _ = localise(options.time, config.timezone)
    check_time(report_path, time, versions)
    body, kept = body_of(report), ()
    if not options.force:
        newest = newest_body(article, config.root / config.content_dir)
        if body.strip() == newest.strip():  # a version that changes nothing is no update
            raise BriefingError(f"{report_path}: the same text as version {len(versions)} "
                                f"of '{article.slug}'; there is nothing to record (pass "
                                "--force to record it anyway)")
        body, kept = body_with_edits(article, newest, body)
    number = len(versions) + 1
    relative = f"{WIRE_DIR}/{article.slug}/{number}.txt"
    wire_file = config.root / config.content_dir / relative
    entries = [_entry(v) for v in versions]
    entries.append(_entry(Revision(number, time, True, relative, 0, options.summary)))
    block = dump_yaml({"revisions": entries})
    text = with_revisions(file_text, article.body_line, block, body)
    return Revised(wire_file, relative, text, number, kept)


def _entry(revision: Revision) -> dict[str, str]:
    when = revision.time.isoformat(timespec="minutes") if revision.has_time \
        else revision.time.date().isoformat()
    entry = {"time": when, "wire": revision.wire}
    if revision.summary:
        entry["summary"] = revision.summary
    return entry


def with_revisions(file_text: str, body_line: int, block: str, body: str) -> str:
    """The article file with ``revisions:`` replaced by ``block`` (the last key of
    the front matter; every other line kept as the editor wrote it) and ``body``."""
    lines = file_text.split("\n")[:body_line - 1]
    close = max(i for i, line in enumerate(lines) if i > 0 and line.rstrip() in ("---", "..."))
    kept = _without_key(lines[1:close], "revisions")
    return "\n".join(["---", *kept, *block.rstrip("\n").split("\n"), "---", "", body])


def _without_key(lines: list[str], key: str) -> list[str]:
    """YAML lines without a top-level ``key`` and its value (indented lines, or a
    block sequence's ``-`` lines, that follow it)."""
    kept, inside = [], False
    for line in lines:
        top = line[:1] not in (" ", "\t", "-", "") and not line.startswith("#")
        if top:
            inside = line.split(":", 1)[0].strip() == key
        if not inside:
            kept.append(line)
    return kept


def revise_report(report_path: Path, article: Article, config: SiteConfig,
                  options: ReviseOptions) -> tuple[Revised, ParsedReport]:
    """Check, then write the new version's copy and the article; ``article`` as
    loaded, its versions' bodies read (load/revisions.with_bodies)."""
    report = parse_file(report_path)
    file_text = article.path.read_text(encoding="utf-8")
    plan = plan_revision(article, file_text, report, report_path, config, options)
    raw = report_path.read_bytes()
    folders = SiteFolders.of(config.root, config.content_dir)
    for path in (article.path, plan.wire_file):  # before anything is written
        folders.refuse_writing_out(path)
    if plan.wire_file.exists() and plan.wire_file.read_bytes() != raw and not options.force:
        raise BriefingError(f"{report_path}: {plan.wire_file} already exists with other "
                            "content; pass --force to overwrite it")
    write_article(report_path, plan.wire_file, raw)  # byte for byte, as filed
    write_article(report_path, article.path, plan.article_text)
    return plan, report
