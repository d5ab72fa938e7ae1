"""``briefing build --explain``: every file written or removed, and why; and,
in the manner of Hugo's render-count tests, that an edit writes exactly the
files it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from tests.conftest import run_cli


@pytest.fixture
def site(stories_site: Path) -> Path:
    return stories_site


def explained(site: Path) -> dict[str, str]:
    result = build(BuildOptions(config_path=site / "site.yml", explain=True))
    assert result.explanation is not None
    return dict(result.explanation.written)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_an_article_edit_names_the_input_and_writes_its_page_and_the_feeds(site):
    explained(site)
    append(site / "content/articles/loose-report.md", "\nOne more line.\n")
    result = build(BuildOptions(config_path=site / "site.yml", explain=True))
    assert result.explanation is not None
    assert result.explanation.inputs == (("content/articles/loose-report.md", "edited"),)
    written = dict(result.explanation.written)
    assert set(written) == {"articles/loose-report/index.html",
                            "articles/loose-report/index.md", "feed.json", "feed.xml"}
    assert written["articles/loose-report/index.html"] == \
        "merged again: content/articles/loose-report.md edited"
    assert written["feed.xml"] == "made every build; its bytes changed"
    assert result.explanation.removed == ()


def test_a_definition_edit_renders_again_only_the_pages_linking_the_term(site):
    glossary = site / "content/glossary.yml"
    glossary.write_text("terms:\n  - term: Geneva\n    definition: A city.\n")
    explained(site)
    glossary.write_text("terms:\n  - term: Geneva\n    definition: A city in Switzerland.\n")
    written = explained(site)
    articles = {path for path in written if path.startswith("articles/")}
    assert articles and all(written[path] == "the definition of a glossary term it shows "
                            "changed" for path in articles)  # patched: build/definitions.py
    linking = {path.split("/")[1] for path in articles}
    for slug in linking:
        assert "Geneva" in (site / f"content/articles/{slug}.md").read_text()


def test_a_deleted_article_lists_its_files_as_removed(site):
    explained(site)
    (site / "content/articles/loose-report.md").unlink()
    result = build(BuildOptions(config_path=site / "site.yml", explain=True))
    assert result.explanation is not None
    assert ("content/articles/loose-report.md", "removed") in result.explanation.inputs
    removed = dict(result.explanation.removed)
    assert "articles/loose-report/index.html" in removed


def test_the_command_prints_the_explanation_only_when_asked(site):
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    append(site / "content/articles/loose-report.md", "\nOne more line.\n")
    quiet = run_cli("build", "--config", site / "site.yml")
    assert "Written" not in quiet.stdout
    append(site / "content/articles/loose-report.md", "\nAnd another.\n")
    said = run_cli("build", "--config", site / "site.yml", "--explain")
    assert said.exit_code == 0, said.stderr
    assert "Inputs changed since the last build:" in said.stdout
    assert "edited   content/articles/loose-report.md" in said.stdout
    assert "articles/loose-report/index.html  merged again" in said.stdout


def test_each_article_names_its_own_file_and_notes_not_anothers(site):
    """Two articles and one of their notes files edited at once: each article's
    files name the inputs of its own that changed, never the other's."""
    explained(site)
    append(site / "content/articles/loose-report.md", "\nOne more line.\n")
    notes = site / "content/annotations/summit-a.yml"
    notes.write_text(notes.read_text().replace("hosted the talks since 2023",
                                               "hosted the talks since early 2023"))
    written = explained(site)
    assert written["articles/loose-report/index.html"] == \
        "merged again: content/articles/loose-report.md edited"
    assert written["articles/summit-a/index.html"] == \
        "merged again: content/annotations/summit-a.yml edited"


def test_a_site_wide_change_is_named_for_every_article_it_makes_again(site):
    """site.yml read by every page: each article merged again names it, and
    no article's own file, none of which changed."""
    explained(site)
    config = site / "site.yml"
    config.write_text(config.read_text() + "\ndescription: Another description.\n"
                      if "description:" not in config.read_text() else
                      config.read_text().replace("description:", "description: Now", 1))
    written = explained(site)
    articles = [path for path in written if path.startswith("articles/")
                and path.endswith("index.html")]
    assert articles
    assert all(written[path].endswith("site.yml edited") for path in articles), written


def test_a_story_edit_names_the_story_for_its_reports_alone(site):
    """A story's title shows on its reports' pages: they are rendered again and
    name the story's file; an article in no story is not made again."""
    explained(site)
    story = site / "content/stories/summit-talks.yml"
    text = story.read_text()
    story.write_text(text.replace("title: ", "title: Latest ", 1))
    written = explained(site)
    reports = {path: why for path, why in written.items()
               if path.startswith("articles/") and path.endswith("/index.html")}
    assert reports and set(reports.values()) == {
        "rendered again: content/stories/summit-talks.yml edited"}
    assert "articles/loose-report/index.html" not in written


def test_a_reason_names_three_inputs_and_counts_the_rest(tmp_path):
    """After a fresh checkout every input counts as changed: a reason names the
    first three and says how many more, and what all files share is found once
    (the namer), not for each of 40,000 files."""
    from briefing.engine.explain import MERGED, RENDERED, Sources
    root = tmp_path / "site"
    article = root / "content/articles/a.md"
    inputs = tuple(sorted([("content/articles/a.md", "edited"), ("content/articles/b.md", "edited"),
                           *((f"themes/t/templates/{n}.html", "edited") for n in range(5))]))
    named = Sources(root, {"articles/a/index.html": (str(article),),
                           "articles/c/index.html": (str(root / "content/articles/c.md"),)},
                    (root / "content/articles",)).namer(inputs)
    assert named("articles/a/index.html", MERGED) == "merged again: content/articles/a.md edited"
    assert named("articles/c/index.html", RENDERED) == (
        "rendered again: themes/t/templates/0.html edited, themes/t/templates/1.html edited, "
        "themes/t/templates/2.html edited and 2 more")
    assert named("feed.xml", "made every build; its bytes changed") == \
        "made every build; its bytes changed"


def test_a_new_file_that_is_no_page_is_not_called_one():
    """--explain called a picture's new variant "a new page"."""
    from briefing.engine.plan import new_output
    assert new_output("tags/peace/index.html") == "a new page"
    assert new_output("pictures/chart-56523e59e165-480.png") == "a new file"
