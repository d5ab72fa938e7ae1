"""The archive: one page per month (``/archive/2025/08/``) and the index of
months at ``/archive/``.

One page listing every report grew with the archive and was rewritten by any
edit. Each month's page is given only its own reports and the names of its
neighbours, and the index only names and counts, so an edit to one report
rewrites its month's page and nothing else of the archive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from briefing.listings.views import ARCHIVE_PATH, Month, archive_years

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.render.context import RenderContext



def render_archive(context: RenderContext, months: Sequence[Month]
                   ) -> Iterator[OutputFile | KeptFile]:
    """The index of months (newest first) and each month's page, which links the
    months before and after it."""
    yield context.page("archive.html", f"{ARCHIVE_PATH}index.html", years=archive_years(months))
    for index, month in enumerate(months):
        newer = months[index - 1].name if index > 0 else None
        older = months[index + 1].name if index + 1 < len(months) else None
        yield context.page("month.html", f"{month.url_path}index.html",
                           month=month, newer=newer, older=older)
