"""Values editors write by hand, as a review tried them: a slug too long for a
file name is a user error at its line, before anything is written (it was a
traceback, after an incremental build had rewritten part of the output); a
date or a slug in another shape comes with the one to write."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.commands.main import main
from briefing.core.schema import SLUG_MAX
from tests.conftest import copy_site


def listing(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_over_long_slug_is_an_error_and_the_output_stays(tmp_path: Path):
    site = copy_site("annotated", tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--config", str(site / "site.yml")]).exit_code == 0
    before = listing(site / "_site")
    assert before
    article = site / "content/articles/summit.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", f"---\nslug: {'a' * (SLUG_MAX + 1)}\n", 1),
                       encoding="utf-8")
    result = runner.invoke(main, ["build", "--config", str(site / "site.yml")])
    assert result.exit_code == 1, result.output
    assert "summit.md:2:" in result.output
    assert f"at most {SLUG_MAX}" in result.output
    assert "Traceback" not in result.output
    assert listing(site / "_site") == before


def test_a_date_in_another_shape_is_told_how_to_write_it():
    from briefing.core.schema import Invalid, date, date_or_datetime

    for written in ("2025-8-8", "2025/08/08", "2025.8.08"):
        with pytest.raises(Invalid, match="write 2025-08-08"):
            date(written, None)
    # Python's own reader takes week dates and basic ones: not ours.
    for written in ("2025-W32", "2025W321", "20250808", "2025-W32-1T10:00"):
        with pytest.raises(Invalid, match="expected an ISO date"):
            date_or_datetime(written, None)


def test_a_slug_that_is_not_one_comes_with_one_that_is():
    from briefing.core.schema import Invalid, slug

    with pytest.raises(Invalid, match="as in 'hello-world'"):
        slug("Hello World", None)
