"""A throwaway HTTP server that serves a built site under its base path, on
127.0.0.1 and a free port: for the search page's timings (benchmarks/search.py)
and the browser tests (tests/serving.py). A site's links are root-relative
(``/repo/static/...``), so ``file://`` would not load them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    base_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.base_path):])

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a page closed while a file was on its way: nothing to report


@contextmanager
def serve(directory: Path, base_path: str) -> Iterator[str]:
    """``directory`` at ``http://127.0.0.1:PORT{base_path}`` while the block runs."""
    handler = type("Handler", (_Handler,), {"base_path": base_path})
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
