"""Checking that every internal link of a built site resolves.

Works on the output directory, the way a visitor's browser would: each
``href`` and ``src`` under the site's base path must name a file that exists,
and each ``#fragment`` an element id in that file. External links are not
fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = {"href", "src"}


@dataclass
class _Page(HTMLParser):
    links: list[tuple[str, int]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None:
                self.links.append((value, self.getpos()[0]))
            elif name in ("id", "name") and value:
                self.ids.add(value)


@dataclass(frozen=True)
class BrokenLink:
    page: str
    line: int
    url: str
    reason: str

    def format(self) -> str:
        return f"{self.page}:{self.line}: {self.url}: {self.reason}"


def check_links(output_dir: Path, base_url: str) -> list[BrokenLink]:
    """Every broken internal link of the HTML pages under ``output_dir``."""
    pages = _Pages(output_dir)
    problems = []
    for path in sorted(output_dir.rglob("*.html")):
        page_url = urljoin(base_url, path.relative_to(output_dir).as_posix())
        for url, line in pages.parse(path).links:
            reason = _problem(urljoin(page_url, url), base_url, output_dir, pages)
            if reason:
                problems.append(BrokenLink(path.relative_to(output_dir).as_posix(),
                                           line, url, reason))
    return problems


class _Pages:
    def __init__(self, root: Path):
        self.root = root

    @lru_cache(maxsize=None)  # noqa: B019 - one checker per run
    def parse(self, path: Path) -> _Page:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        return page


def _problem(absolute: str, base_url: str, root: Path, pages: _Pages) -> str | None:
    target, base = urlsplit(absolute), urlsplit(base_url)
    if target.scheme not in ("http", "https") or target.netloc != base.netloc:
        return None  # external, mailto: and the like are not checked
    if not target.path.startswith(base.path):
        return f"outside the site's base path {base.path}"
    relative = unquote(target.path[len(base.path):])
    file = root / relative
    if file.is_dir() or relative == "":
        file = file / "index.html"
    if ".." in Path(relative).parts or not file.is_file():
        return "no such file in the built site"
    if target.fragment and file.suffix == ".html":
        if unquote(target.fragment) not in pages.parse(file).ids:
            return f"no element with id '{target.fragment}' in {file.relative_to(root)}"
    return None
