"""Checks over a built site (``briefing check --links``)."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from briefing.commands.linkcheck import BrokenLink, check_links
from briefing.config.site import SiteConfig
from briefing.core.errors import UsageError

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


@dataclass(frozen=True)
class LinkReport:
    output_dir: Path
    pages: int
    broken: list[BrokenLink]
    # Why most links are broken, when the site was built with another base URL.
    hint: str | None = None


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
    broken = check_links(folder, config.base_url)
    return LinkReport(folder, pages, broken, other_base_hint(folder, config.base_url, broken))


def other_base_hint(folder: Path, base_url: str, broken: list[BrokenLink]) -> str | None:
    """A hint when most broken links lie under another path than ``base_url``'s:
    a site built with ``--base-url`` (or ``$BRIEFING_BASE_URL``) and checked
    with site.yml's, or the other way round, has every link of every page
    broken, hundreds of lines that do not say why."""
    if not broken:
        return None
    built = _built_base(folder)
    prefix = urlsplit(built).path if built else _common_prefix(base_url, broken)
    base_path = urlsplit(base_url).path
    if not prefix or prefix == base_path:
        return None
    under = sum(1 for link in broken if _path(base_url, link).startswith(prefix))
    if under * 2 < len(broken):
        return None
    built_with = f"the base URL {built}" if built else "another base URL"
    check_with = f"--base-url {built}" if built else "the --base-url it was built with"
    return (f"hint: the site seems built with {built_with} (its links start with {prefix}), "
            f"but the check uses {base_url} (links under {base_path}): build it again without "
            f"--base-url (or with the one you check with), or check with {check_with}")


def _built_base(folder: Path) -> str | None:
    """The base URL the site was built with: its front page's canonical URL
    (None for a theme whose front page has none)."""
    try:
        found = _CANONICAL.search((folder / "index.html").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return html.unescape(found.group(1)) if found else None


def _common_prefix(base_url: str, broken: list[BrokenLink]) -> str | None:
    """The folder the broken links have in common (``/sub/``), if it is not the root."""
    paths = [_path(base_url, link) for link in broken]
    common = os.path.commonprefix(paths)
    prefix = common[:common.rfind("/") + 1]
    return prefix if len(prefix) > 1 else None


def _path(base_url: str, link: BrokenLink) -> str:
    """The path a broken link leads to, resolved as the checker resolved it."""
    return urlsplit(urljoin(urljoin(base_url, link.page), link.url)).path
