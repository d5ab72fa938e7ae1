"""Building URLs that stay correct under a project path such as ``/repo/``.

Templates and stages never join URL strings by hand; they ask :class:`Urls`,
which knows the base path from ``base_url``. Site-relative paths ("articles/x/")
become root-relative URLs ("/repo/articles/x/") so that the same HTML works at
any depth, including in 404.html, which GitHub Pages serves from any path.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ends with "/"

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def url(self, path: str = "") -> str:
        """Root-relative URL for a site-relative path ('' is the front page)."""
        return self.base_path + quote(path.lstrip("/"), safe="/#?=&%~:")

    def absolute(self, path: str = "") -> str:
        """Absolute URL, for canonical links, feeds and structured data."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.url(path)}"
