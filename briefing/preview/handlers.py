"""Answering HTTP requests the way GitHub Pages serves the built site.

The site lives under its base path (``/repo/``): ``/`` redirects there, a
folder URL without its slash redirects to the slash, a folder serves its
``index.html``, anything missing gets the site's own ``404.html`` with status
404. While the last build failed, every page is the error page (status 500)
instead. HTML gets the reload script on the way out; files on disk never do.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path

from tornado import web

from briefing.preview.errorpage import error_page
from briefing.preview.inject import inject_script, is_html
from briefing.preview.paths import resolve_inside
from briefing.preview.rebuild import SiteView

_TYPES = {".md": "text/markdown", ".html": "text/html", ".css": "text/css",
          ".js": "text/javascript", ".xml": "application/xml", ".json": "application/json"}


def content_type(name: str) -> str:
    """The Content-Type for a file name; text is always UTF-8, as briefing writes it."""
    suffix = Path(name).suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith(("xml", "json")):
        kind += "; charset=utf-8"
    return kind


class SiteHandler(web.RequestHandler):
    """Serves the current preview build; see the module docstring for the rules."""

    def initialize(self, view: Callable[[], SiteView], snippet: bytes,
                   extra: Callable[[str], bytes] = lambda site_path: b"") -> None:
        self._view = view
        self._snippet = snippet
        self._extra = extra  # what else a page gets, by its path in the site (the editor)

    def compute_etag(self) -> None:
        """No ETags: every response is ``no-store``, and a HEAD's would hash an empty body."""
        return

    def get(self) -> None:
        self._respond(include_body=True)

    def head(self) -> None:
        self._respond(include_body=False)

    def _respond(self, include_body: bool) -> None:
        view = self._view()
        path = self.request.path  # raw: still percent-encoded, never normalised
        base = view.base_path
        if path != base and path in ("/", base.rstrip("/")):
            return self.redirect(base)
        if view.errors:
            return self._send(500, error_page(list(view.errors), self._snippet),
                              "text/html; charset=utf-8", include_body)
        target = resolve_inside(view.output_dir, path[len(base):]) \
            if path.startswith(base) else None
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                return self.redirect(path + "/")
            # Resolved again: an index.html that is a link must not lead out either.
            target = resolve_inside(view.output_dir, path[len(base):] + "index.html")
        if target is None or not target.is_file():
            return self._not_found(view, include_body)
        self._send_file(200, target, include_body, self._extra(path[len(base):]))

    def _not_found(self, view: SiteView, include_body: bool) -> None:
        page = resolve_inside(view.output_dir, "404.html")
        if page is None or not page.is_file():
            return self._send(404, b"Not found\n", "text/plain; charset=utf-8", include_body)
        self._send_file(404, page, include_body)

    def _send_file(self, status: int, file: Path, include_body: bool,
                   extra: bytes = b"") -> None:
        data = file.read_bytes()
        if is_html(file.name):
            data = inject_script(data, self._snippet + extra)
        self._send(status, data, content_type(file.name), include_body)

    def _send(self, status: int, data: bytes, kind: str, include_body: bool) -> None:
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")  # a reload must fetch the new build
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(len(data)))
        if include_body:
            self.write(data)
        self.finish()
