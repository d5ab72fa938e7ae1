"""Checks over a built site (``briefing check --links``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.commands.linkcheck import BrokenLink, check_links
from briefing.config.site import SiteConfig
from briefing.core.errors import UsageError


@dataclass(frozen=True)
class LinkReport:
    output_dir: Path
    pages: int
    broken: list[BrokenLink]


def check_built_links(config: SiteConfig, output_dir: Path | None = None) -> LinkReport:
    """Every broken internal link of the site built into ``output_dir``.

    ``config.base_url`` must be the one the site was built with: links under it
    are internal, and each must name a file (and fragment) that exists.
    """
    folder = output_dir or (config.root / config.output_dir)
    if not (folder / "index.html").is_file():
        raise UsageError(f"{folder}: no built site here (no index.html); run "
                         "briefing build first, with the same --out and --base-url")
    pages = sum(1 for _ in folder.rglob("*.html"))
    return LinkReport(folder, pages, check_links(folder, config.base_url))
