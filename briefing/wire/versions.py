"""A version of a wire report as an article body: cleaned as a first import is.

Shared by ``briefing import --revise`` (which writes the newest version into
the article) and the load stage (which reads every version for the history
page and for notes retired by a revision), so both see the same text.
"""

from __future__ import annotations

from briefing.text.escape import markdown_body
from briefing.wire.parse import ParsedReport, parse_report


def version_body(text: str) -> str:
    """The Markdown body an import of ``text`` gives (raises parse.ReportError)."""
    return body_of(parse_report(text))


def body_of(report: ParsedReport) -> str:
    """The article body of a parsed report: its paragraphs, escaped as Markdown."""
    return markdown_body(report.paragraphs)
