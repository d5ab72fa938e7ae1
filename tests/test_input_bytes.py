"""Inputs whose times moved but whose bytes did not (engine/input_bytes.py):
touched files, a fresh checkout, an editor saving an unchanged file. The build
says it is up to date and saves the new times; files that did change are
built alone; and whatever the times do, every build equals a clean one."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.build.api import BuildOptions, build
from briefing.engine import input_bytes
from briefing.engine.store import CACHE_DIR
from tests.conftest import copy_site, read_tree, run_cli
from tests.test_incremental import clean_build

HOUR_AGO = int(time.time()) - 3600  # older than the racy window: times are trusted


@pytest.fixture
def site(stories_site: Path) -> Path:
    return stories_site


def options(site: Path, out: Path, **extra: object) -> BuildOptions:
    return BuildOptions(config_path=site / "site.yml", output_dir=out,
                        **extra)  # type: ignore[arg-type]


def age(paths: list[Path], when: int = HOUR_AGO) -> None:
    for path in paths:
        os.utime(path, (when, when))


def files_of(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in sorted(folder.rglob("*"))
            if path.is_file() and CACHE_DIR not in path.parts]


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any hashing of an input's bytes fail the test."""
    def refuse(path: str, times: object) -> None:
        raise AssertionError(f"{path} was read to compare its bytes")
    monkeypatch.setattr(input_bytes, "_digest", refuse)


@pytest.mark.parametrize("name", ["site.yml", "content/articles/summit-a.md",
                                  "content/annotations/summit-a.yml",
                                  "content/stories/summit-talks.yml"])
def test_a_file_touched_but_unchanged_leaves_the_build_up_to_date(site, tmp_path, name,
                                                                 monkeypatch):
    out = tmp_path / "out"
    age(files_of(site))
    build(options(site, out))
    before = {path: path.stat().st_mtime_ns for path in files_of(out)}
    age([site / name], HOUR_AGO + 60)
    result = build(options(site, out))
    assert result.up_to_date and result.touched == 1
    assert {path: path.stat().st_mtime_ns for path in files_of(out)} == before
    no_reading(monkeypatch)  # the new time was saved: the stamp alone says so now
    again = build(options(site, out))
    assert again.up_to_date and again.touched == 0


def test_the_cli_says_how_many_files_had_new_times(site):
    age(files_of(site))
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    age([site / "content/articles/summit-a.md", site / "site.yml"], HOUR_AGO + 60)
    said = run_cli("build", "--config", site / "site.yml")
    assert said.exit_code == 0
    assert "Up to date: nothing changed since the last build of " in said.stdout
    assert "pages; 2 files with new times but the same bytes); " in said.stdout
    age([site / "site.yml"], HOUR_AGO + 120)
    assert "pages; 1 file with a new time but the same bytes); " in \
        run_cli("build", "--config", site / "site.yml").stdout


def test_a_file_read_again_for_being_racily_clean_is_not_counted_as_touched(site, tmp_path):
    """The count is of files whose time moved: a file the last stamp found
    racily clean is compared by its bytes though its time is the same."""
    out = tmp_path / "out"
    age(files_of(site))
    build(options(site, out))
    fresh = site / "content/articles/loose-report.md"
    fresh.write_text(fresh.read_text() + "\nJust now.\n")  # racily clean in the next stamp
    build(options(site, out))
    age([site / "site.yml"], HOUR_AGO + 60)
    result = build(options(site, out))
    assert result.up_to_date and result.touched == 1


def test_a_fresh_checkout_with_nothing_changed_is_up_to_date(site, tmp_path, monkeypatch):
    """Every input and output with a new time, as a deploy restores them."""
    out = tmp_path / "out"
    build(options(site, out))
    written = read_tree(out)
    age(files_of(site, out), HOUR_AGO + 120)
    result = build(options(site, out))
    assert result.up_to_date and result.touched == len(files_of(site))
    assert read_tree(out) == written
    no_reading(monkeypatch)
    assert build(options(site, out)).up_to_date


def test_a_fresh_checkout_with_one_edit_builds_that_article_alone(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    age(files_of(site, out), HOUR_AGO + 120)
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    result = build(options(site, out, explain=True))
    assert result.narrow and not result.full
    assert result.explanation is not None
    assert result.explanation.inputs == (("content/articles/loose-report.md", "edited"),)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_bytes_are_compared_with_the_last_builds(site, tmp_path):
    """An edit, then the old bytes back under a new time: the last build read
    the edit, so the old bytes are a change again."""
    out = tmp_path / "out"
    article = site / "content/articles/summit-b.md"
    first = article.read_text()
    build(options(site, out))
    article.write_text(first + "\nA paragraph that will go again.\n")
    age([article], HOUR_AGO)
    build(options(site, out))
    article.write_text(first)
    age([article], HOUR_AGO + 60)
    result = build(options(site, out))
    assert not result.up_to_date
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_file_rewritten_within_its_second_is_still_compared_by_bytes(site, tmp_path):
    """Saved unchanged just now (racily clean), then changed to bytes of the same
    size under the very same time: the stamp kept its bytes, so the change is
    seen though its size and time say nothing."""
    out = tmp_path / "out"
    build(options(site, out))
    article = site / "content/articles/loose-report.md"
    text = article.read_text()
    article.write_text(text)  # the same bytes, a time of now
    assert build(options(site, out)).up_to_date
    now = article.stat().st_mtime_ns
    article.write_text(text.replace("Exports", "Imports", 1))
    assert len(article.read_bytes()) == len(text.encode())
    os.utime(article, ns=(now, now))
    result = build(options(site, out))
    assert not result.up_to_date
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


# Each file has two versions of different sizes, so no sequence of times can make
# an edit look like no change to the stamp (that limit of sizes and times is Git's
# too, and not what this tests).
_FILES = {
    "content/articles/loose-report.md": "\nA sentence added by the test.\n",
    "content/annotations/summit-a.yml": "# a comment the test adds\n",
    "content/glossary.yml": None,  # made by the test: two definitions of one term
}
_GLOSSARY = "terms:\n  - term: Geneva\n    definition: {}\n"
_ACTIONS = st.sampled_from(["toggle", "touch", "same bytes", "back in time"])
_STEPS = st.lists(st.tuples(st.sampled_from(sorted(_FILES)), _ACTIONS), min_size=1,
                  max_size=5)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=_STEPS)
def test_whatever_the_times_do_every_build_equals_a_clean_one(steps):
    """Files edited, touched, saved unchanged or set back in time, in any order,
    each followed by a build: each build's output is that of a clean build of
    the files as they are (clean builds remembered by the files' bytes)."""
    with tempfile.TemporaryDirectory() as folder:
        site = copy_site("stories", Path(folder), search=False)
        versions = _versions(site)
        state = dict.fromkeys(versions, 0)
        _write(site, versions, state)
        out, clean = Path(folder) / "out", {}
        build(options(site, out))
        for name, action in steps:
            _act(site / name, versions[name], state, name, action)
            build(options(site, out))
            key = tuple(sorted(state.items()))
            if key not in clean:
                clean[key] = clean_build(site, Path(folder) / f"clean-{len(clean)}")
            assert read_tree(out) == clean[key], (name, action)


def _versions(site: Path) -> dict[str, tuple[str, str]]:
    found = {}
    for name, extra in _FILES.items():
        if extra is None:
            found[name] = (_GLOSSARY.format("A city."), _GLOSSARY.format("A Swiss city."))
        else:
            text = (site / name).read_text()
            found[name] = (text, text + extra)
    return found


def _write(site: Path, versions: dict[str, tuple[str, str]], state: dict[str, int]) -> None:
    for name, index in state.items():
        (site / name).write_text(versions[name][index])
        os.utime(site / name, (HOUR_AGO, HOUR_AGO))


def _act(path: Path, versions: tuple[str, str], state: dict[str, int], name: str,
         action: str) -> None:
    if action == "toggle":
        state[name] = 1 - state[name]
        path.write_text(versions[state[name]])
    elif action == "touch":
        os.utime(path)
    elif action == "same bytes":
        path.write_text(versions[state[name]])
    else:  # back to a time it had before, or never had
        os.utime(path, (HOUR_AGO, HOUR_AGO))


def test_a_build_without_the_store_hashes_no_input(site, tmp_path, monkeypatch):
    """--no-cache: no later build reads the digests, so none are taken."""
    no_reading(monkeypatch)
    result = build(options(site, tmp_path / "out", use_cache=False))
    assert result.full and result.pages
