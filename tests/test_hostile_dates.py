"""Impossible calendar dates (2026-02-30, month 13, hour 25) are content errors.

PyYAML's timestamp resolver raised ValueError on them while constructing, so
``briefing build``/``check`` showed a traceback and the preview "internal
error" with no file or line. They must be ``path:line: ...`` errors saying what
is wrong, in every file kind that holds dates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, read_config
from briefing.core.errors import Diagnostics
from briefing.core.yamlio import load_yaml
from briefing.preview.console import Console
from briefing.preview.rebuild import Rebuilder, Target
from tests.conftest import copy_site, run_cli

ARTICLE = "content/articles/corridor.md"
NOTES = "content/annotations/corridor.yml"
STORY = "content/stories/route-talks.yml"
FEB = "February 2026 has 28 days"


def _edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _note_with(field: str) -> tuple[str, str, str]:
    """An edit adding ``field`` to the one note of the glossary fixture (line 6)."""
    return (NOTES, "    kind: context\n", f"    kind: context\n    {field}\n")


# (file, old text, new text, expected start of the error line)
CASES = {
    "article day": (ARTICLE, "date: 2025-08-08", "date: 2026-02-30",
                    f"{ARTICLE}:4: 'date': 2026-02-30 is not a real date: {FEB}"),
    "article month": (ARTICLE, "date: 2025-08-08", "date: 2026-13-01",
                      f"{ARTICLE}:4: 'date': 2026-13-01 is not a real date: "
                      "month 13 does not exist"),
    "article hour": (ARTICLE, "date: 2025-08-08", "date: 2026-03-01T25:00:00",
                     f"{ARTICLE}:4: 'date': 2026-03-01T25:00:00 is not a real time: "
                     "hour 25 does not exist"),
    "article hour, no seconds": (ARTICLE, "date: 2025-08-08", "date: 2026-03-01T25:00",
                                 f"{ARTICLE}:4: 'date': 2026-03-01T25:00 is not a real "
                                 "time: hour 25 does not exist"),
    "article quoted": (ARTICLE, "date: 2025-08-08", "date: '2026-02-29'",
                       f"{ARTICLE}:4: 'date': 2026-02-29 is not a real date: {FEB}"),
    "article zone": (ARTICLE, "date: 2025-08-08", "date: 2026-03-01T10:00:00+24:00",
                     f"{ARTICLE}:4: 'date': 2026-03-01T10:00:00+24:00 is not a real time: "
                     "a time-zone offset must be less than 24 hours"),
    "article at the end of time": (
        ARTICLE, "date: 2025-08-08", "date: 9999-12-31T23:00:00-05:00",
        f"{ARTICLE}:4: 'date': 9999-12-31T23:00:00-05:00 is out of range: a time with a "
        "time-zone offset must fall between 0001-01-02 and 9999-12-30"),
    "article tags": (ARTICLE, "date: 2025-08-08", "date: 2025-08-08\ntags: 2026-02-30, x",
                     f"{ARTICLE}:5: 'tags': "),
    "note date": (*_note_with("date: 2026-02-30"),
                  f"{NOTES}:6: 'date': 2026-02-30 is not a real date: {FEB}"),
    "note datetime": (*_note_with("date: 2026-04-31T10:00:00"),
                      f"{NOTES}:6: 'date': 2026-04-31T10:00:00 is not a real date: "
                      "April 2026 has 30 days"),
    "note source accessed": (
        *_note_with("sources: [{title: Source, accessed: 2026-00-10}]"),
        f"{NOTES}:6: 'accessed': 2026-00-10 is not a real date: "
        "month 0 does not exist"),
    "story date": (STORY, "date: 2025-08-08", "date: 2026-02-30",
                   f"{STORY}:2: 'date': 2026-02-30 is not a real date: {FEB}"),
    "story minute": (STORY, "date: 2025-08-08", "date: 2026-02-03 10:61:00",
                     f"{STORY}:2: 'date': 2026-02-03 10:61:00 is not a real time: "
                     "minute 61 does not exist"),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_impossible_date_is_a_content_error(tmp_path, case, command):
    name, old, new, expected = CASES[case]
    site = copy_site("glossary", tmp_path)
    _edit(site, name, old, new)
    result = run_cli(command, "--config", site / "site.yml")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), \
        result.stderr


def test_site_yml_with_a_date_shaped_title_builds(tmp_path):
    """site.yml has no date fields; a date-shaped text that names no day is just text."""
    site = copy_site("glossary", tmp_path)
    _edit(site, "site.yml", "title: Glossary Fixture", "title: 2026-02-30")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert "<title>2026-02-30</title>" in (site / "_site/index.html").read_text()


def test_site_yml_impossible_date_in_a_checked_field(tmp_path):
    site = copy_site("glossary", tmp_path)
    _edit(site, "site.yml", "title: Glossary Fixture", "title: x\ntimezone: 2026-13-01")
    result = run_cli("check", "--config", site / "site.yml")
    assert result.exit_code in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert "site.yml:2: " in result.stderr


def test_preview_shows_the_error_with_its_line(tmp_path):
    site = copy_site("glossary", tmp_path)
    config = read_config(BuildOptions(site / "site.yml"), Diagnostics())
    errors: list[str] = []
    console = Console(info=lambda line: None, diagnostic=lambda d: None, error=errors.append)
    target = Target(site / "site.yml", tmp_path / "preview", "http://127.0.0.1:8000", True)
    rebuilder = Rebuilder(target, config, console)
    assert rebuilder.rebuild()
    _edit(site, ARTICLE, "date: 2025-08-08", "date: 2026-02-30")
    assert not rebuilder.rebuild([str(site / ARTICLE)])
    assert f"{ARTICLE}:4: 'date': 2026-02-30 is not a real date: {FEB}" in rebuilder.view.errors
    assert not any("internal error" in line or "Traceback" in line for line in errors)


def test_preview_does_not_show_errors_of_a_file_saved_again_while_built(tmp_path):
    """A build that read an article its editor was writing again (emptied,
    not yet written) fails: the preview says it builds again, shows no error
    and keeps the last good pages; a build that fails on a file as saved
    reports the error."""
    site = copy_site("glossary", tmp_path)
    config = read_config(BuildOptions(site / "site.yml"), Diagnostics())
    errors: list[str] = []
    info: list[str] = []
    console = Console(info=info.append, diagnostic=lambda d: None, error=errors.append)
    target = Target(site / "site.yml", tmp_path / "preview", "http://127.0.0.1:8000", True)
    rebuilder = Rebuilder(target, config, console)
    assert rebuilder.rebuild()
    (site / ARTICLE).write_text("", encoding="utf-8")  # emptied, as write_text does first
    changed = [str(site / ARTICLE)]
    assert rebuilder.rebuild(changed, moved=lambda paths: paths == changed) is None
    assert errors == [] and rebuilder.view.errors == ()
    assert "Saved again while it was built" in info[-1] and ARTICLE in info[-1]
    assert rebuilder.rebuild(changed, moved=lambda paths: False) is False
    assert any("Build failed" in line for line in errors) and rebuilder.view.errors


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-03-01T25:00:00",
                                  "0000-01-01", "2026-01-01T10:00:00+23:99"])
def test_loader_keeps_an_impossible_timestamp_as_text(text):
    from briefing.core.yamlio import ImpossibleDate

    data, problems = load_yaml(f"a: {text}\n")
    assert problems == []
    assert isinstance(data["a"], ImpossibleDate) and data["a"] == text


def test_real_dates_still_load_as_dates():
    data, _ = load_yaml("a: 2024-02-29\nb: 2026-03-01T23:59:59Z\n")
    assert data["a"].isoformat() == "2024-02-29"
    assert data["b"].isoformat() == "2026-03-01T23:59:59+00:00"
