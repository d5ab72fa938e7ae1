"""Reusing the previous build's work for articles whose inputs did not change.

A long-running process (``briefing serve``) keeps a :class:`BuildCache` between
builds. Each article's merged page is keyed by everything merging reads (the
article, its notes, the glossary, the site settings); its rendered files are
keyed by that plus everything rendering reads site-wide (stories, templates,
theme and static files). An unchanged key means the bytes would be the same,
so they are reused; listing pages (front page, stories, topics, archive,
glossary, feeds, sitemap) are always rendered again, from the merged pages.
A rebuild therefore writes exactly what a full build would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import Diagnostic, Diagnostics
from briefing.merge import MergedPage
from briefing.render import OutputFile
from briefing.structure.model import Article, Site


def fingerprint(*parts: object) -> str:
    """A content hash of dataclasses and plain values (their repr is deterministic)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def tree_fingerprint(folders: Iterable[Path]) -> str:
    """A hash of every file's path and bytes under ``folders`` (templates, theme, static)."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path).encode("utf-8") + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()


@dataclass
class _Entry:
    merge_key: str
    page: MergedPage
    diagnostics: list[Diagnostic]
    render_key: str = ""
    files: list[OutputFile] = field(default_factory=list)


@dataclass
class BuildCache:
    """The previous build's merged pages and article files, by slug."""

    entries: dict[str, _Entry] = field(default_factory=dict)
    rendered: int = 0  # article pages rendered (not reused) by the last build

    def merge(self, site: Site, article: Article, diagnostics: Diagnostics,
              merge: Callable[[Article], MergedPage]) -> MergedPage:
        """The article's merged page, reused when nothing merging reads has changed."""
        key = fingerprint(article, site.annotations.get(article.slug, ()), site.glossary,
                          site.config)
        entry = self.entries.get(article.slug)
        if entry is not None and entry.merge_key == key:
            diagnostics.items.extend(entry.diagnostics)  # its warnings are still true
            return entry.page
        before = len(diagnostics.items)
        page = merge(article)
        self.entries[article.slug] = _Entry(key, page, diagnostics.items[before:])
        return page

    def files(self, page: MergedPage, site_key: str,
              render: Callable[[MergedPage], list[OutputFile]]) -> list[OutputFile]:
        """The article's output files, reused when neither it nor the site changed."""
        entry = self.entries[page.article.slug]
        if entry.render_key == site_key and entry.files:
            return entry.files
        entry.files, entry.render_key = render(page), site_key
        self.rendered += 1
        return entry.files

    def forget_missing(self, site: Site) -> None:
        """Drop deleted (or now excluded) articles so they cannot come back."""
        present = {article.slug for article in site.articles}
        for slug in set(self.entries) - present:
            del self.entries[slug]
