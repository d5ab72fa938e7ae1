"""Running ``briefing serve`` in a subprocess for tests, and talking raw HTTP to it.

The server runs as a real process (``python -m briefing serve``) so tests see
exactly what a user gets: the port, signals, exit codes and terminal lines.
Its output goes to files (never a pipe that could fill up and block it), and
its temporary directory is created under a test-owned ``TMPDIR`` so tests can
find the output directory and check that it is removed on exit.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

READY_TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


def fetch(port: int, path: str, timeout: float = 5.0) -> Response:
    """GET ``path`` exactly as written: http.client neither normalises nor re-encodes it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        body = reply.read().decode("utf-8", "replace")
        return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, body)
    finally:
        conn.close()


def wait_for(check, timeout: float, interval: float = 0.05):  # type: ignore[no-untyped-def]
    """Poll ``check()`` until it returns something truthy; that value, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class ServeProcess:
    """``briefing serve`` for one site, on a free port, in its own process."""

    def __init__(self, site: Path, workdir: Path, *extra: str, port: int | None = None) -> None:
        self.site = site
        self.port = port or free_port()
        self.tmpdir = workdir / "tmp"
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        self._out = workdir / f"serve-{self.port}.out"
        self._err = workdir / f"serve-{self.port}.err"
        env = {**os.environ, "TMPDIR": str(self.tmpdir), "PYTHONUNBUFFERED": "1"}
        with self._out.open("wb") as out, self._err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "briefing", "serve", "--config",
                 str(site / "site.yml"), "--port", str(self.port), *extra],
                cwd=workdir, env=env, stdout=out, stderr=err)

    @property
    def stdout(self) -> str:
        return self._out.read_text(encoding="utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self._err.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> Response:
        return fetch(self.port, path)

    def wait_ready(self, path: str = "/repo/") -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited early:\n{self.stdout}\n{self.stderr}")
            try:
                return self.get(path).status in (200, 500)
            except OSError:
                return False
        assert wait_for(ready, READY_TIMEOUT), f"not ready:\n{self.stdout}\n{self.stderr}"

    def output_dirs(self) -> list[Path]:
        """The server's build folders in the site's cache (one per address it served at)."""
        return sorted(p for p in (self.site / ".briefing-cache").glob("preview-*") if p.is_dir())

    def interrupt(self, timeout: float = 5.0) -> int:
        """Ctrl-C, as a terminal sends it; returns the exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout)

    def stop(self) -> None:
        """Always leaves no process behind, however the test ended."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
