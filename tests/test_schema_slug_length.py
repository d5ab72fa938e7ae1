"""Slugs name files and folders: one too long for a file name is a user error
at its line, before anything is written (a review found a traceback, and an
incremental build that had already rewritten part of the output)."""

from __future__ import annotations

import hashlib
from pathlib import Path

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
