"""The old output a full build replaced: removed by a process of its own when
large (the build does not wait for it), at once when small, and swept up by a
later full build when a removal never finished (write/retired.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core import parallel
from briefing.write import retired
from tests.conftest import copy_site, read_tree


def old_outputs(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("._site.old-"))


def wait_until_gone(site: Path, seconds: float = 30) -> list[str]:
    end = time.monotonic() + seconds
    while old_outputs(site) and time.monotonic() < end:
        time.sleep(0.05)
    return old_outputs(site)


def full_build(site: Path) -> None:
    build(BuildOptions(config_path=site / "site.yml", use_cache=False))


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork: removed at once")
def test_a_large_old_output_is_removed_by_a_process_of_its_own(tmp_path, monkeypatch):
    site = copy_site("basic", tmp_path)
    full_build(site)
    first = read_tree(site / "_site")
    monkeypatch.setattr(retired, "LATER_FILES", 0)  # every output counts as large

    def not_here(path, *args, **kwargs):
        raise AssertionError(f"{path} removed by the build itself")

    monkeypatch.setattr(retired, "_remove_here", not_here)
    full_build(site)  # the process started for it is a fresh interpreter
    assert read_tree(site / "_site") == first
    assert wait_until_gone(site) == []


def test_a_small_old_output_is_removed_before_the_build_returns(tmp_path):
    site = copy_site("basic", tmp_path)
    full_build(site)
    full_build(site)
    assert old_outputs(site) == []
    assert not (site / "_site" / retired.MARK).exists()


def test_a_removal_takes_the_mark_last(tmp_path, monkeypatch):
    """A removal that dies half way leaves a folder the next sweep knows as
    briefing's: its mark goes after everything else in it."""
    folder = tmp_path / "._site.old-x"
    (folder / "a").mkdir(parents=True)
    (folder / "a/page.html").write_text("x")
    (folder / "z.html").write_text("x")
    (folder / retired.MARK).write_text(folder.name)
    gone: list[str] = []
    real_unlink = Path.unlink
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: gone.append(
        self.name) or real_unlink(self, missing_ok=missing_ok))
    retired._remove_here(folder)
    assert not folder.exists() and gone[-1] == retired.MARK


def test_an_old_output_a_removal_left_is_swept_by_the_next_full_build(tmp_path, monkeypatch):
    """Only folders briefing retired (their mark names them), not links, not a
    writer's folder named like them, and only once they are old enough that
    no removal can still be at work on them."""
    site = copy_site("basic", tmp_path)
    left = site / "._site.old-k1ll3d00"
    (left / "articles").mkdir(parents=True)
    (left / "articles/index.html").write_text("left by a removal that died")
    (left / retired.MARK).write_text(left.name)
    backup = site / "._site.old-backup"  # a writer's own, named like a retired output
    backup.mkdir()
    (backup / "report.html").write_text("my only copy")
    copied = site / "._site.old-copy0000"  # a copy of a retired folder: not it
    copied.mkdir()
    (copied / retired.MARK).write_text(left.name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not briefing's")
    (site / "._site.old-alink000").symlink_to(elsewhere)
    (site / "._site.older").mkdir()  # not a name briefing gives
    full_build(site)
    assert left.is_dir()  # retired just now, as far as anyone can tell: left alone
    monkeypatch.setattr(retired, "STALE_S", -1)
    full_build(site)
    end = time.monotonic() + 30
    while left.exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert not left.exists()
    assert (backup / "report.html").read_text() == "my only copy" and copied.is_dir()
    assert (elsewhere / "keep.txt").read_text() == "not briefing's"
    assert (site / "._site.old-alink000").is_symlink() and (site / "._site.older").is_dir()
