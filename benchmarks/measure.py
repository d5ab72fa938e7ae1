"""Running one command and measuring it: wall time, CPU time and peak memory.

Two memory figures are taken, because a build is more than one process
(briefing runs Pagefind; Hugo is one process with many threads):

- ``max_rss_mb``: the largest resident set of any one process of the command,
  from ``/usr/bin/time -v`` ("Maximum resident set size") when it is there,
  otherwise from ``resource.getrusage(RUSAGE_CHILDREN)`` in a fresh Python
  process that runs the command;
- ``tree_rss_mb``: the largest *sum* of the resident sets of all the
  command's processes at one moment, sampled from ``/proc`` every 50 ms (new
  child processes are looked for every 250 ms), so a short peak can be missed.
  A page a forked worker shares with its parent counts once per process here;
- ``tree_pss_mb``: the largest sum of their *proportional* sets (``Pss`` of
  ``/proc/<pid>/smaps_rollup``), where a shared page is split among the
  processes sharing it: the memory the command really takes. Sampled every
  250 ms, as the kernel walks every mapping of a process to answer.

A process that keeps running (the preview server of ``benchmarks.preview``) is
measured over a window instead: ``TreeSampler`` gives both peaks from ``/proc``
(the largest process sampled, as ``/usr/bin/time`` cannot see a window), and
``tree_cpu_seconds`` its CPU time so far.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SAMPLE_SECONDS = 0.05
SCAN_EVERY = 5  # samples between looks for new child processes

# Runs argv[2:], then writes the children's rusage to argv[1] as JSON.
_RUSAGE_WRAPPER = """\
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"maxrss_kb": usage.ru_maxrss, "user": usage.ru_utime, "sys": usage.ru_stime}, out)
sys.exit(code)
"""


class CommandFailed(RuntimeError):
    """The measured command exited with an error."""


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall clock, from start to exit
    cpu_seconds: float  # user + system time of all its processes
    max_rss_mb: float  # the largest single process
    tree_rss_mb: float  # all processes together, sampled
    stdout: str
    stderr: str
    tree_pss_mb: float = 0.0  # all processes together, shared pages counted once (0: unknown)


class TreeSampler(threading.Thread):
    """Samples the summed resident memory of a process and its descendants."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.known = {root}
        self.peak_bytes = 0
        self.largest_bytes = 0  # the largest single process sampled
        self.peak_pss_bytes = 0
        self.done = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self.done.is_set():
            if tick % SCAN_EVERY == 0:
                self.known |= descendants(self.known)
                self.peak_pss_bytes = max(self.peak_pss_bytes, sum(
                    proportional_bytes(pid) for pid in list(self.known)))
            sizes = [resident_bytes(pid) for pid in list(self.known)]
            self.peak_bytes = max(self.peak_bytes, sum(sizes))
            self.largest_bytes = max(self.largest_bytes, *sizes)
            tick += 1
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak_bytes / 2**20

    @property
    def largest_mb(self) -> float:
        return self.largest_bytes / 2**20

    @property
    def pss_mb(self) -> float:
        return self.peak_pss_bytes / 2**20


def proportional_bytes(pid: int) -> int:
    """The process's proportional set size (0 where the kernel does not say)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_cpu_seconds(root: int) -> float:
    """User + system time of ``root`` and its live descendants, with what each has
    reaped of its own children (a finished child's time moves into its parent's)."""
    ticks = 0
    for pid in {root} | descendants({root}):
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / CLOCK_TICKS


def descendants(parents: set[int]) -> set[int]:
    """Processes whose parent is in ``parents``, repeated until none are new."""
    found: set[int] = set()
    family = set(parents)
    links = _parent_links()
    grew = True
    while grew:
        new = {pid for pid, ppid in links.items() if ppid in family and pid not in family}
        family |= new
        found |= new
        grew = bool(new)
    return found


def _parent_links() -> dict[int, int]:
    links = {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            links[int(name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    return links


def run_measured(command: Sequence[str], cwd: Path | None = None,
                 env: Mapping[str, str] | None = None) -> Sample:
    """Run ``command`` to completion and measure it; raises CommandFailed on a non-zero exit."""
    with tempfile.TemporaryDirectory(prefix="bench-measure-") as scratch:
        report = Path(scratch) / "usage"
        wrapped = _wrapped(command, report)
        out_path, err_path = Path(scratch) / "stdout", Path(scratch) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen(wrapped, cwd=cwd, env=dict(env) if env else None,
                                       stdout=out, stderr=err)
            sampler = TreeSampler(process.pid)
            sampler.start()
            code = process.wait()
            seconds = time.perf_counter() - started
            tree_mb = sampler.stop()
            pss_mb = sampler.pss_mb
        stdout = out_path.read_text(encoding="utf-8", errors="replace")
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        if code != 0:
            raise CommandFailed(f"{' '.join(command)} exited with {code}:\n{stderr[-4000:]}")
        max_mb, cpu = _usage(report, stderr)
    return Sample(seconds, cpu, max_mb, max(tree_mb, max_mb), stdout, stderr, pss_mb)


def _wrapped(command: Sequence[str], report: Path) -> list[str]:
    if GNU_TIME.is_file() and os.access(GNU_TIME, os.X_OK):
        return [str(GNU_TIME), "-v", "-o", str(report), *command]
    return [sys.executable, "-c", _RUSAGE_WRAPPER, str(report), *command]


def _usage(report: Path, stderr: str) -> tuple[float, float]:
    """(largest resident set in MB, user + system seconds) from the report file."""
    text = report.read_text(encoding="utf-8", errors="replace") if report.exists() else ""
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        return data["maxrss_kb"] / 1024, data["user"] + data["sys"]
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    user = re.search(r"User time \(seconds\): ([\d.]+)", text)
    system = re.search(r"System time \(seconds\): ([\d.]+)", text)
    if not (rss and user and system):
        raise CommandFailed(f"no resource report from /usr/bin/time:\n{text}{stderr[-2000:]}")
    return int(rss.group(1)) / 1024, float(user.group(1)) + float(system.group(1))
