"""Builds of edited glossary definitions alone (build/definitions.py): when they
run, what they write, and that each one leaves exactly what a clean build makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, BuildResult, build
from briefing.engine.incremental import BuildCache
from tests.conftest import clean_build as clean
from tests.conftest import copy_site, read_tree, run_cli

NOTE = """article: corridor
annotations:
  - id: route
    quote: The Trump Route for International Peace and Prosperity links Azerbaijan's
    kind: correction
    date: 2025-08-11
    body: TRIPP crosses Armenia; the route reaches Nakhchivan.
"""
PAGE = "---\ntitle: About\nmenu: 1\n---\n\nThe desk writes about Nakhchivan and Azerbaijan.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Every kind of page that carries a definition: an article, its story's page,
    the front page, the corrections log and a plain page, each linking Nakhchivan."""
    site = copy_site("glossary", tmp_path, search=False)
    (site / "content/annotations/corridor.yml").write_text(NOTE)
    (site / "content/pages").mkdir()
    (site / "content/pages/about.md").write_text(PAGE)
    story = site / "content/stories/route-talks.yml"
    story.write_text(story.read_text().replace("through the summer.",
                                               "through the summer, over Nakhchivan."))
    return site


def options(site: Path, out: Path) -> BuildOptions:
    return BuildOptions(config_path=site / "site.yml", output_dir=out)


def define(site: Path, term: str, definition: str) -> None:
    """Give ``term`` (a one-line definition in the fixture) a new definition."""
    path = site / "content/glossary.yml"
    text = path.read_text()
    start = text.index(f"  - term: {term}\n")
    line = text.index("    definition: ", start)
    end = text.index("\n", line)
    path.write_text(f"{text[:line]}    definition: {definition}{text[end:]}")


def rebuilt(site: Path, out: Path, tmp_path: Path) -> BuildResult:
    result = build(options(site, out))
    assert read_tree(out) == clean(site, tmp_path / "clean")
    return result


def test_a_definition_edit_patches_the_pages_that_show_it(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    before = read_tree(out)
    define(site, "Nakhchivan", "An exclave of *Azerbaijan*, [west of Armenia](../armenia/).")
    result = rebuilt(site, out, tmp_path)
    assert result.narrow and not result.full
    carrying = {"articles/corridor/index.html", "stories/route-talks/index.html",
                "index.html", "corrections/index.html", "corrections/2025/08/index.html",
                "about/index.html"}
    shown = {"glossary/index.html", "glossary/nakhchivan/index.html"}
    after = read_tree(out)
    assert {path for path in after if after[path] != before.get(path)} - {".briefing-build"} \
        == carrying | shown
    assert result.changed == len(carrying | shown)
    for path in carrying:
        html = (out / path).read_text()
        assert "An exclave of <em>Azerbaijan</em>" in html, path
        assert 'href="/repo/glossary/armenia/"' in html  # as the term's page resolves it


def test_edits_in_a_row_and_back_each_leave_a_clean_build(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    for definition in ("First new words.", "Second new words.", "An exclave of Azerbaijan."):
        define(site, "Nakhchivan", definition)
        assert rebuilt(site, out, tmp_path).narrow
    define(site, "Trump", "A president of the United States.")  # another term
    define(site, "Nakhchivan", "Third new words.")
    assert rebuilt(site, out, tmp_path).narrow


def test_builds_after_one_are_exact_too(site, tmp_path):
    """An article edit built alone, then a whole build, after the patch: the
    store still tells each of them the truth."""
    out = tmp_path / "out"
    build(options(site, out))
    define(site, "Nakhchivan", "New words.")
    assert rebuilt(site, out, tmp_path).narrow
    article = site / "content/articles/corridor.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    rebuilt(site, out, tmp_path)
    (site / "content/articles/later.md").write_text(
        "---\ntitle: Later\ndate: 2025-08-20\n---\n\nNakhchivan again.\n")
    assert rebuilt(site, out, tmp_path).full is False
    define(site, "Nakhchivan", "Newer words.")
    assert rebuilt(site, out, tmp_path).narrow


def test_the_patched_articles_entries_stay_current(site, tmp_path):
    """After the patch, an edit of another report of the story is still built
    alone (the story page reads every report's entry), and a build of the whole
    site renders no patched article again: their entries have the keys and
    digests a build of the whole site would give them."""
    (site / "content/articles/corridor-two.md").write_text(
        "---\ntitle: Second report\ndate: 2025-08-09\nstory: route-talks\n---\n\n"
        "Nakhchivan was named again.\n")
    out = tmp_path / "out"
    cache = BuildCache()
    build(options(site, out), cache=cache)
    define(site, "Nakhchivan", "New words.")
    assert build(options(site, out), cache=cache).narrow
    assert cache.rendered == 2  # the two reports' pages, patched
    article = site / "content/articles/corridor.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    assert build(options(site, out), cache=cache).narrow
    (site / "content/articles/later.md").write_text(
        "---\ntitle: Later\ndate: 2025-08-20\n---\n\nNo term here.\n")
    assert not build(options(site, out), cache=cache).narrow
    assert cache.rendered == 1  # the new article alone
    assert read_tree(out) == clean(site, tmp_path / "clean")


def test_the_term_page_lists_what_it_listed_articles_mentioning_it_in_headings_too(
        site, tmp_path):
    """A mention in a heading is listed on the term's page, though a heading
    links nothing (its page carries no popover of the term)."""
    (site / "content/articles/heading-only.md").write_text(
        "---\ntitle: Heading only\ndate: 2025-08-09\n---\n\n## Azerbaijan in a heading\n\n"
        "No other mention.\n")
    out = tmp_path / "out"
    build(options(site, out))
    define(site, "Azerbaijan", "A country on the Caspian Sea.")
    assert rebuilt(site, out, tmp_path).narrow
    assert "heading-only" in (out / "glossary/azerbaijan/index.html").read_text()


def test_an_edit_of_a_definition_nothing_links_changes_the_glossary_alone(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    path = site / "content/glossary.yml"
    path.write_text(path.read_text() + "  - term: Zangezur\n    definition: A region.\n")
    build(options(site, out))  # a new term: the whole pipeline
    define(site, "Zangezur", "A region of Armenia.")
    result = rebuilt(site, out, tmp_path)
    assert result.narrow and result.changed == 2  # the index of terms and its page


@pytest.mark.parametrize("edit", [
    lambda site: define(site, "Nakhchivan", "New words.\n    aliases: [Naxçıvan]"),
    lambda site: define(site, "Nakhchivan", "New words.\n    links: [{title: More, "
                                            "url: 'https://example.org/n'}]"),
    lambda site: (define(site, "Nakhchivan", "New words."),
                  (site / "content/articles/corridor.md").write_text(
                      (site / "content/articles/corridor.md").read_text() + "\nMore.\n")),
], ids=["an alias too", "its links too", "an article too"])
def test_anything_more_than_definitions_runs_the_whole_pipeline(site, tmp_path, edit):
    out = tmp_path / "out"
    build(options(site, out))
    edit(site)
    result = rebuilt(site, out, tmp_path)
    assert not result.narrow


def test_a_theme_that_shows_definitions_elsewhere_runs_the_whole_pipeline(site, tmp_path):
    """A template of the site's own reads ``definitions`` outside the block of
    popovers: its page may show a definition anywhere, so it is rendered."""
    (site / "templates").mkdir()
    theme = Path(__file__).parents[1] / "briefing/themes/default/templates/page.html"
    if not theme.exists():
        theme = Path(__file__).parents[1] / "themes/default/templates/page.html"
    (site / "templates/page.html").write_text(theme.read_text().replace(
        "{% endblock %}", "<p class=\"terms\">{{ definitions | map(attribute='definition_html')"
        " | join(' ') }}</p>{% endblock %}", 1))
    out = tmp_path / "out"
    build(options(site, out))
    define(site, "Nakhchivan", "New words.")
    result = rebuilt(site, out, tmp_path)
    assert not result.narrow


def test_an_error_in_the_new_definition_is_reported_and_nothing_written(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    before = read_tree(out)
    define(site, "Nakhchivan", "A map, ![the map](map.png)")
    result = run_cli("build", "--config", site / "site.yml", "--out", out)
    assert result.exit_code == 1
    assert "content/glossary.yml:" in result.stderr and "picture" in result.stderr
    assert read_tree(out) == before


def test_explain_names_the_definition(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    define(site, "Nakhchivan", "New words.")
    result = run_cli("build", "--config", site / "site.yml", "--out", out, "--explain")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"articles/corridor/index\.html +the definition of a glossary term it "
                     r"shows changed", result.stdout), result.stdout


def test_with_search_on_the_index_follows(tmp_path):
    site = copy_site("glossary", tmp_path)
    out = tmp_path / "out"
    build(options(site, out))
    define(site, "Nakhchivan", "New words.")
    assert rebuilt(site, out, tmp_path).narrow
