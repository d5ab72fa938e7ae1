"""Loading ``content/pages/*.md`` into :class:`Page` objects: plain pages
(About, policies), shown at ``/<slug>/``.

A page is read like an article (front matter split from the body, YAML with
lines, the same schema checker, the symlink rule); its slug is its file
name, which must not be a name the build itself writes at the top of the
site (:data:`~briefing.config.layout.BUILT_IN_PATHS`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.config.layout import BUILT_IN_PATHS, PAGES_DIR, not_read
from briefing.core import schema
from briefing.core.errors import Diagnostics
from briefing.core.schema import Field, Invalid, Where
from briefing.core.slug import slugify
from briefing.core.yamlio import YamlMap
from briefing.load.articles import nul_in_body, read_front_matter
from briefing.model.plain_page import Page
from briefing.text.nesting import first_picture_line, warn_too_deep


def whole_number(value: Any, where: Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number (the page's place in the menu, "
                      f"1 first), got {schema.describe(value)}")
    return value


PAGE_FIELDS = (
    Field("title", schema.text, required=True),
    Field("description", schema.text),
    Field("menu", whole_number),
)

# A built-in name, or its stem, in lower case (CNAME and /cname/ are one name
# on a case-insensitive disk) -> the name a page would clash with.
_TAKEN = {name.lower(): name for name in BUILT_IN_PATHS} | {
    name.partition(".")[0].lower(): name for name in BUILT_IN_PATHS if not name.startswith(".")}


def load_pages(folder: Path, allows: Callable[[Path, bool], bool],
               diagnostics: Diagnostics) -> tuple[Page, ...]:
    """Every page of ``folder`` (none if it does not exist), by slug; ``allows``:
    whether a file may be read (symlinks.py: a link out of the site is an error)."""
    if not folder.is_dir():
        return ()
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    pages = []
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith(".") or entry.is_dir():
            continue
        if path.suffix != ".md":
            not_read(path, PAGES_DIR, diagnostics)
            continue
        if allows(path, entry.is_symlink()):
            page = load_page(path, diagnostics)
            if page is not None:
                pages.append(page)
    return tuple(pages)


def load_page(path: Path, diagnostics: Diagnostics) -> Page | None:
    """Parse one page file; every problem found goes to ``diagnostics``."""
    read = read_front_matter(path, diagnostics, needs="title:")
    if read is None:
        return None
    split, data = read
    before = len(diagnostics.errors)
    values = schema.check_mapping(data if data is not None else YamlMap(), PAGE_FIELDS,
                                  Where(path, split.yaml_line, diagnostics), "front matter")
    slug = page_slug(path, diagnostics)
    if values is None or slug is None or len(diagnostics.errors) > before:
        return None
    if nul_in_body(path, split.body, split.body_line, diagnostics):
        return None
    warn_too_deep(split.body, path, split.body_line, diagnostics)
    picture = first_picture_line(split.body)
    if picture is not None:  # came out as a raw <img>, its file never published
        diagnostics.error(path, split.body_line + picture, "a page does not show pictures",
                          "put the picture in an article, or in static/ and link to it")
        return None
    return Page(slug=slug, title=values["title"], body=split.body, path=path,
                body_line=split.body_line, description=values["description"],
                menu=values["menu"])


def page_slug(path: Path, diagnostics: Diagnostics) -> str | None:
    """The page's slug, its file name; an error if that is no slug, or is taken
    by a page the build writes itself."""
    if not schema.SLUG_RE.match(path.stem):
        suggestion = slugify(path.stem) or "page"
        diagnostics.error(path, 1, f"the file name '{path.name}' is not a usable slug",
                          f"rename it to '{suggestion}.md' (lower-case letters, digits "
                          "and hyphens)")
        return None
    taken = _TAKEN.get(path.stem)
    if taken is not None:
        diagnostics.error(path, 1, f"the page '{path.stem}' would be at /{path.stem}/, "
                          f"which clashes with the built-in '{taken}' of every build",
                          f"rename {PAGES_DIR}/{path.name}: a page's URL is its file name")
        return None
    return path.stem
