"""``briefing check`` on every core: the files read ahead, each article merged
and spell-checked against the glossary in a worker (merge/chain.merge_site);
what it says and finds is what one process says and finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build.api import BuildOptions
from briefing.build.pipeline import load_and_check
from briefing.core.errors import ContentErrors, in_reading_order
from briefing.core.parallel import MIN_ITEMS, available_cores, can_fork
from tests.conftest import copy_site, run_cli

COPIES = MIN_ITEMS + 4


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The glossary fixture, its article (a near miss, an unused term, a
    picture on another server) copied COPIES times with its notes."""
    site = copy_site("glossary", tmp_path / "site", search=False)
    articles, notes = site / "content/articles", site / "content/annotations"
    for source in sorted(articles.glob("*.md")):
        text = source.read_text(encoding="utf-8")
        for n in range(COPIES):
            (articles / f"{source.stem}-{n}.md").write_text(text, encoding="utf-8")
            for note in notes.glob(f"{source.stem}.y*ml"):
                (notes / f"{source.stem}-{n}{note.suffix}").write_text(
                    note.read_text(encoding="utf-8").replace(
                        f"article: {source.stem}", f"article: {source.stem}-{n}").replace(
                        "id: ", f"id: c{n}-"), encoding="utf-8")
    return site


def _checked(site: Path, jobs: int) -> tuple[list[str], list[object]]:
    try:
        checked = load_and_check(BuildOptions(site / "site.yml", jobs=jobs))
    except ContentErrors as errors:
        return sorted(map(str, errors.diagnostics)), []
    said = [str(item) for item in in_reading_order(checked.diagnostics.warnings)]
    return said, list(checked.pages)


@pytest.mark.skipif(available_cores() < 2 or not can_fork(), reason="needs two cores and fork")
def test_check_on_every_core_says_and_finds_what_one_process_does(site: Path) -> None:
    on_cores, alone = _checked(site, jobs=2), _checked(site, jobs=1)
    assert on_cores == alone
    said = "\n".join(on_cores[0])
    assert said.count("looks like the glossary term 'Nakhchivan'") == COPIES + 1
    assert "is not mentioned in any article" in said
    pages = on_cores[1]
    assert len(pages) == COPIES + 1 and all(page.body for page in pages)


def test_the_check_command_reports_a_near_miss_in_every_copy(site: Path) -> None:
    result = run_cli("check", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("looks like the glossary term 'Nakhchivan'") == COPIES + 1
    assert result.stdout == f"Checked {COPIES + 1} articles: no errors, {2 * COPIES + 3} warnings\n"
