"""docs/themes.md, checked against the code, so that it stays true.

Every template of the default theme has a section (a heading such as
"### `term.html`"). The variables of a page template are the rows of its
section's table whose header starts with "variable"; they must be the very
keywords the render stage passes it (``RenderContext.page``), recorded while
the example briefing is built. What ``RenderContext.page`` adds to every page
is the table of "### Every page"; the template globals and filters are the
tables headed "global" and "filter"."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
import pytest

from briefing.build.api import BuildOptions, build
from briefing.listings import corrections, glossary
from briefing.render.context import RenderContext
from briefing.search.pagefind import render_search_page
from tests.conftest import REPO

DOC = REPO / "docs/themes.md"
TEMPLATES = REPO / "themes/default/templates"
EVERY_PAGE = "Every page"  # the section of what RenderContext.page gives every page
HEADING = re.compile(r"(#{1,6}) +(.*?) *$")
NAME = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)")  # `name`, `url(path="")`


# --- reading the doc -------------------------------------------------------------------------

def sections(text: str) -> dict[str, list[str]]:
    """Each heading's title (backticks dropped) -> the lines under it, up to the next
    heading of any level; lines inside fenced code blocks are never headings."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else HEADING.fullmatch(line)
        if heading:
            title = heading.group(2).replace("`", "")
            assert title not in found, f"docs/themes.md: two sections '{title}'"
            lines = found[title] = []
        else:
            lines.append(line)
    return found


def tables(lines: list[str]) -> Iterator[list[list[str]]]:
    """Each Markdown table among ``lines``, as rows of cells (header first)."""
    rows: list[list[str]] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            yield rows
            rows = []


def documented(section: str, kind: str = "variable") -> set[str]:
    """The names in the first column of the tables of ``section`` whose header's first
    cell is ``kind`` ("variable", "global", "filter"): one name a row."""
    found = sections(DOC.read_text(encoding="utf-8"))
    assert section in found, f"docs/themes.md has no section '{section}'"
    names: set[str] = set()
    for header, _, *rows in tables(found[section]):
        if header[0].lower() != kind:
            continue
        for row in rows:
            name = NAME.match(row[0])
            assert name, f"docs/themes.md, {section}: '{row[0]}' names no {kind}"
            names.add(name.group(1))
    return names


# --- what the code gives templates -----------------------------------------------------------

@dataclass
class Recorded:
    """What one build of the example briefing gave its templates."""

    passed: dict[str, set[str]] = field(default_factory=dict)  # RenderContext.page keywords
    rendered: dict[str, set[str]] = field(default_factory=dict)  # what each was rendered with
    paths: set[str] = field(default_factory=set)  # the pages RenderContext.page made
    env: jinja2.Environment | None = None


def example_copy(root: Path) -> Path:
    """The repository's example briefing (site.yml, content/, static/), search off:
    the search page is rendered on its own below, without running Pagefind."""
    for name in ("content", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    (root / "site.yml").write_text((REPO / "site.yml").read_text(encoding="utf-8")
                                   + "search: false\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """The example built from scratch in this process, every page template's values
    recorded; a term's and the log's first pages cut to one entry, so that a
    term's year pages and the log's month pages are made too."""
    site = example_copy(tmp_path_factory.mktemp("themes"))
    seen = Recorded()
    contexts: list[RenderContext] = []
    page, render = RenderContext.page, RenderContext.render

    def recording_page(self, template, path, **values):
        seen.passed.setdefault(template, set()).update(values)
        seen.paths.add(path)
        contexts.append(self)
        return page(self, template, path, **values)

    def recording_render(self, template, **values):
        seen.rendered.setdefault(template, set()).update(values)
        return render(self, template, **values)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RenderContext, "page", recording_page)
        patch.setattr(RenderContext, "render", recording_render)
        patch.setattr(glossary, "TERM_NEWEST", 1)
        patch.setattr(corrections, "LOG_NEWEST", 1)
        build(BuildOptions(config_path=site / "site.yml", output_dir=site / "_site",
                           use_cache=False, jobs=1))
        listing = contexts[-1]
        config = replace(listing.site.config, search=True)
        assert render_search_page(replace(listing, site=replace(listing.site, config=config),
                                          reuse=None))
    seen.env = listing.env
    return seen


def page_templates() -> set[str]:
    """The default theme's templates rendered as pages: all but the layout and partials."""
    return {path.name for path in TEMPLATES.glob("*.html")
            if not path.name.startswith("_") and path.name != "base.html"}


# --- the tests -------------------------------------------------------------------------------

def test_every_template_of_the_default_theme_has_a_section():
    names = sorted(path.name for path in TEMPLATES.iterdir() if path.is_file())
    found = sections(DOC.read_text(encoding="utf-8"))
    assert names and [name for name in names if name not in found] == []


def test_the_example_renders_every_page_template_and_both_kinds_of_split_page(recorded):
    assert set(recorded.passed) == page_templates()
    assert any(re.fullmatch(r"glossary/[^/]+/\d{4}/index\.html", p) for p in recorded.paths)
    assert any(re.fullmatch(r"corrections/\d{4}/\d{2}/index\.html", p) for p in recorded.paths)


def test_every_variable_a_page_template_is_given_is_in_its_section(recorded):
    missing = [f"{template}: {name}" for template, names in sorted(recorded.passed.items())
               for name in sorted(names - documented(template))]
    assert missing == []


def test_every_variable_a_page_templates_section_lists_is_given(recorded):
    stale = [f"{template}: {name}" for template, names in sorted(recorded.passed.items())
             for name in sorted(documented(template) - names)]
    assert stale == []


def test_what_every_page_is_given_is_the_every_page_section(recorded):
    added = set().union(*(recorded.rendered[template] - names
                          for template, names in recorded.passed.items()))
    assert added == documented(EVERY_PAGE)


def test_partials_rendered_on_their_own_have_their_variables_in_their_section(recorded):
    alone = {template: names for template, names in recorded.rendered.items()
             if template not in recorded.passed}
    assert "_annotation.html" in alone
    assert {template: names - documented(template) for template, names in alone.items()
            if names - documented(template)} == {}


def test_the_globals_and_filters_are_the_documented_ones(recorded):
    plain = jinja2.Environment()
    assert set(recorded.env.globals) - set(plain.globals) == documented("Globals", "global")
    assert set(recorded.env.filters) - set(plain.filters) == documented("Filters", "filter")
