"""Timing the preview: how long after a save ``briefing serve`` serves the new words.

``briefing serve`` runs on the corpus at a free port of 127.0.0.1, in a process
group of its own, so stopping it (SIGTERM to the group, then SIGKILL if it
lingers) also stops anything it started, however the measurement ended. Once it
serves the newest article's page, each edit saves that article with a sentence
naming a word no page has (``edits.edit_for_preview``), and the time from the
save to the first response for the page, fetched over HTTP every 10 ms, that
holds the word is one sample: what a writer waits for, the server's noticing
the save, its 30 ms wait for the save to end, the rebuild and the request
together.
The server is asked about the page the writer looks at, not its reload socket,
so no browser is needed; the browser's reload adds a page load on top.

Memory is the peak of the server's processes (largest one, and all together)
sampled from ``/proc`` while the edits are served, after its first build; CPU
is what they used from each save until the page had the words.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.edits import edit_for_preview
from benchmarks.measure import Sample, TreeSampler, tree_cpu_seconds

HOST = "127.0.0.1"
POLL_SECONDS = 0.01
EDITS = 3  # edits per run; the row's time is the median over all runs' edits
READY_TIMEOUT = 3600.0  # seconds: the first build of a large corpus is a cold one
EDIT_TIMEOUT = 300.0  # seconds from a save to the page with its words
SETTLE_SECONDS = 1.0  # after each edit, so the next save is a burst of its own
STOP_TIMEOUT = 10.0  # seconds the server gets to stop before it is killed


class PreviewFailed(RuntimeError):
    """The server did not start, stopped, or never served an edit."""


@dataclass(frozen=True)
class PreviewSite:
    """What to serve and which page to edit and watch."""

    briefing: Path  # the briefing command
    config: Path  # site.yml
    article: Path  # the Markdown file edited
    page: str  # its URL path, e.g. /briefing/articles/<slug>/
    log_dir: Path  # where the server's output goes (files: a pipe could fill and block it)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def fetch(port: int, path: str, timeout: float) -> tuple[int, str]:
    """GET ``path`` from the server: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        return reply.status, reply.read().decode("utf-8", "replace")
    finally:
        conn.close()


class PreviewServer:
    """One ``briefing serve`` process group, started at once and stopped by ``stop``."""

    def __init__(self, site: PreviewSite, env: Mapping[str, str]) -> None:
        self.site, self.port = site, free_port()
        self.out, self.err = site.log_dir / "serve.out", site.log_dir / "serve.err"
        site.log_dir.mkdir(parents=True, exist_ok=True)
        command = [str(site.briefing), "serve", "--config", str(site.config),
                   "--host", HOST, "--port", str(self.port)]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(command, cwd=site.config.parent, env=dict(env),
                                            stdout=out, stderr=err, start_new_session=True)

    def log(self) -> str:
        """The server's output so far, for an error message."""
        text = "".join(path.read_text(encoding="utf-8", errors="replace")
                       for path in (self.out, self.err) if path.exists())
        return text[-4000:]

    def check_running(self) -> None:
        if self.process.poll() is not None:
            raise PreviewFailed(f"briefing serve exited with {self.process.returncode}:\n"
                                f"{self.log()}")

    def page(self, timeout: float) -> str | None:
        """The watched page's HTML, or None while the server does not answer with it."""
        self.check_running()
        try:
            status, body = fetch(self.port, self.site.page, timeout)
        except OSError:  # not listening yet, or busy past the timeout
            return None
        return body if status == 200 else None

    def wait_until_serving(self) -> float:
        """Seconds until the page is served (the server's first build)."""
        started = time.perf_counter()
        while self.page(timeout=10.0) is None:
            if time.perf_counter() - started > READY_TIMEOUT:
                raise PreviewFailed(f"briefing serve did not serve {self.site.page} within "
                                    f"{READY_TIMEOUT:.0f} s:\n{self.log()}")
            time.sleep(0.1)
        return time.perf_counter() - started

    def stop(self) -> None:
        """Stop the whole process group: politely, then by force."""
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, signum)
            except ProcessLookupError:
                break
            try:
                self.process.wait(STOP_TIMEOUT)
                break
            except subprocess.TimeoutExpired:
                continue
        self.process.wait()


def time_edit(server: PreviewServer, original: str, word: str) -> float:
    """Save the article with ``word`` in it; seconds until the served page has it."""
    started = time.perf_counter()
    edit_for_preview(server.site.article, original, word)
    while True:
        body = server.page(timeout=EDIT_TIMEOUT)
        seconds = time.perf_counter() - started
        if body is not None and word in body:
            return seconds
        if seconds > EDIT_TIMEOUT:
            raise PreviewFailed(f"{server.site.page} did not show the edit to "
                                f"{server.site.article} within {EDIT_TIMEOUT:.0f} s:\n"
                                f"{server.log()}")
        time.sleep(POLL_SECONDS)


def measure_preview(site: PreviewSite, env: Mapping[str, str], run: int,
                    edits: int = EDITS) -> tuple[float, list[Sample]]:
    """Serve the site, time ``edits`` saves of the article, stop the server and put
    the article back; (seconds until it first served, one Sample per edit)."""
    original = site.article.read_text(encoding="utf-8")
    server = PreviewServer(site, env)
    sampler = TreeSampler(server.process.pid)
    try:
        ready = server.wait_until_serving()
        sampler.start()  # after the first build: the edits' memory, not a cold build's
        timed = [_timed(server, original, f"previewword{run:02d}{edit:02d}")
                 for edit in range(1, edits + 1)]
    finally:
        tree_mb = sampler.stop() if sampler.is_alive() else 0.0
        server.stop()
        site.article.write_text(original, encoding="utf-8")
    largest = sampler.largest_mb
    return ready, [Sample(seconds, cpu, largest, max(tree_mb, largest), "", "", sampler.pss_mb)
                   for seconds, cpu in timed]


def _timed(server: PreviewServer, original: str, word: str) -> tuple[float, float]:
    """One edit: (seconds until served, CPU seconds the server used meanwhile)."""
    cpu = tree_cpu_seconds(server.process.pid)
    seconds = time_edit(server, original, word)
    used = tree_cpu_seconds(server.process.pid) - cpu
    time.sleep(SETTLE_SECONDS)
    return seconds, used
