"""A plain page: an About page or a policy, written as Markdown in
``content/pages/<slug>.md`` and shown at ``/<slug>/``; no date, no notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """One plain page: its front matter, its Markdown body and where it came from."""

    slug: str  # the file name: the page is at /<slug>/
    title: str
    body: str
    path: Path
    body_line: int  # line of the file on which the Markdown body starts
    description: str | None = None
    menu: int | None = None  # its place in the site menu; None: not in the menu

    @property
    def url_path(self) -> str:
        """Site-relative URL path, for the ``url()`` helper."""
        return f"{self.slug}/"


@dataclass(frozen=True)
class MenuItem:
    """A link of the site menu (the header navigation of every page)."""

    title: str
    url_path: str


def site_menu(pages: tuple[Page, ...]) -> tuple[MenuItem, ...]:
    """The pages with ``menu:``, in menu order, then by title (then slug)."""
    listed = sorted((page for page in pages if page.menu is not None),
                    key=lambda page: (page.menu, page.title, page.slug))
    return tuple(MenuItem(page.title, page.url_path) for page in listed)
