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
    assert written["articles/loose-report/index.html"].startswith("merged again")
    assert written["feed.xml"] == "made every build; its bytes changed"
    assert result.explanation.removed == ()


def test_a_definition_edit_renders_again_only_the_pages_linking_the_term(site):
    glossary = site / "content/glossary.yml"
    glossary.write_text("terms:\n  - term: Geneva\n    definition: A city.\n")
    explained(site)
    glossary.write_text("terms:\n  - term: Geneva\n    definition: A city in Switzerland.\n")
    written = explained(site)
    articles = {path for path in written if path.startswith("articles/")}
    assert articles and all(written[path].startswith("rendered again") for path in articles)
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
