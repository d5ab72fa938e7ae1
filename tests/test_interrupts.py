"""Ctrl-C and concurrent builds: the output is the old site or the new one, never
half of either, and a second build waits for the first instead of crashing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.build.lock import site_lock
from briefing.core import parallel
from briefing.core.interrupts import deferred
from briefing.core.outputs import OutputFile
from briefing.write import site_writer as write
from tests.conftest import copy_site, read_tree, run_cli

SLOW_BUILD = """
    import pathlib, sys, time
    from briefing.engine import jobs as article_jobs
    from briefing.core import parallel
    parallel.MIN_ITEMS, parallel.CHUNK = 1, 1
    started = pathlib.Path(sys.argv[2])
    original = article_jobs.ArticleJobs.__call__
    def slow(self, job):
        started.touch()
        time.sleep(60)
        return original(self, job)
    article_jobs.ArticleJobs.__call__ = slow
    from briefing.commands.main import run
    sys.argv = ["briefing", "build", "--no-cache", "--config", sys.argv[1]]
    run()
    """


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("._site."))


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork: no workers to stop")
def test_ctrl_c_during_a_parallel_build_exits_130_quickly_and_keeps_the_site(tmp_path):
    site = copy_site("basic", tmp_path)
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    before = read_tree(site / "_site")
    script, started = tmp_path / "slow.py", tmp_path / "started"
    script.write_text(textwrap.dedent(SLOW_BUILD), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), str(site / "site.yml"), str(started)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        wait_for(started.exists)
        time.sleep(0.2)  # every worker is inside its 60-second job
        os.killpg(process.pid, signal.SIGINT)  # as the terminal sends Ctrl-C: to the group
        sent = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "Interrupted" in stderr
    assert took < 5, f"{took:.1f} s: the workers were waited for"  # 2 s on an idle machine
    assert read_tree(site / "_site") == before
    assert leftovers(site) == []


def test_a_signal_inside_deferred_arrives_after_the_block():
    finished = False
    with pytest.raises(KeyboardInterrupt):
        with deferred():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # Python would run the handler here
            finished = True
    assert finished
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_between_the_two_renames_of_the_swap_still_swaps(tmp_path, monkeypatch):
    """The old output is renamed away, then the new one into its place: an
    interrupt between the two used to leave no output directory at all."""
    out = tmp_path / "_site"
    write.write_site([OutputFile("index.html", b"old")], out)
    original = Path.rename

    def rename_then_interrupt(self: Path, target: Path) -> Path:
        moved = original(self, target)
        if self == out:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
        return moved

    monkeypatch.setattr(Path, "rename", rename_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write.write_site([OutputFile("index.html", b"new")], out)
    assert (out / "index.html").read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    site = copy_site("basic", tmp_path)
    holding = threading.Event()
    release = threading.Event()

    def first_build_running() -> None:
        with site_lock(site):
            holding.set()
            release.wait(60)

    holder = threading.Thread(target=first_build_running)
    holder.start()
    holding.wait(10)
    process = subprocess.Popen([sys.executable, "-m", "briefing", "build", "--config",
                                str(site / "site.yml")], stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "another build of" in line and "waiting for it to finish" in line
        time.sleep(0.3)
        assert process.poll() is None and not (site / "_site").exists()
    finally:
        release.set()
        holder.join()
    assert process.wait(60) == 0
    assert (site / "_site/index.html").is_file()


def test_concurrent_full_builds_of_one_site_all_succeed(tmp_path):
    """Two builds at once renamed each other's output away ('_site' ->
    '._site.old-…': FileNotFoundError) in 3 of about 95 runs."""
    site = copy_site("basic", tmp_path)
    command = [sys.executable, "-m", "briefing", "build", "--no-cache", "--config",
               str(site / "site.yml")]
    for _ in range(6):
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(3)]
        results = [(run.wait(120), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
        assert all(code == 0 and "Traceback" not in err for code, err in results), results
        assert leftovers(site) == []
    assert (site / "_site/index.html").is_file()


def test_builds_in_two_threads_take_turns(tmp_path, monkeypatch):
    site = copy_site("basic", tmp_path)
    inside, overlaps = [], []
    original = write.SiteWriter.finish

    def finish(self, *args, **kwargs):
        overlaps.append(len(inside))
        inside.append(1)
        time.sleep(0.1)
        try:
            return original(self, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(write.SiteWriter, "finish", finish)
    options = BuildOptions(site / "site.yml", use_cache=False)
    threads = [threading.Thread(target=build, args=(options,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert overlaps == [0, 0]
