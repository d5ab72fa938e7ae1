"""The editor's HTTP endpoints: the only routes of the preview that write.

They live outside the site's base path, under ``/__briefing/``, and are only
ever served by ``briefing serve`` listening on a loopback address (127.0.0.1,
the default; elsewhere they answer 403, editor_page.py), answering only its own
host names (hosts.py). Every request to them must carry
this run's secret token (``X-Briefing-Token``, from the page the preview
served) and an ``Origin`` that is the preview itself, so a page on another site
(which cannot read the token) and a DNS-rebinding name both get 403 before
anything is read. Writes accept only JSON; what they may write is decided by
briefing/notes/ (inside ``content/annotations/`` only, checked by the build's
schema, refused on a conflict).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from tornado import web

from briefing.notes import desk
from briefing.notes.fields import fields_from
from briefing.notes.refusal import NoteRefused
from briefing.notes.selection import Selection
from briefing.preview.editor_page import API, Editor

STATUS = {"invalid": 400, "refused": 403, "missing": 404, "conflict": 409}
MAX_BODY = 1 << 20  # bytes: a note is a few kilobytes
ASSETS = {"editor.js": "text/javascript; charset=utf-8",
          "editor.css": "text/css; charset=utf-8"}


def routes(editor: Editor) -> list[tuple[str, Any, dict[str, Any]]]:
    """Tornado routes for the editor's script, style and endpoints."""
    return [(rf"{API}/(editor\.js|editor\.css)", AssetHandler, {}),
            (rf"{API}/notes/(list|add|change|remove)", NotesHandler, {"editor": editor})]


def refusing_routes() -> list[tuple[str, Any, dict[str, Any]]]:
    """With editor mode off (the preview listens beyond this machine): every request
    to the endpoints gets 403, saying why, and nothing is read."""
    return [(rf"{API}/notes/.*", EditorOffHandler, {})]


class EditorOffHandler(web.RequestHandler):
    """The endpoints of a preview others can reach: a clear 403 rather than the site's
    404 page, so a page cached from an earlier run says why saving fails."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"error": "editor mode is off: this preview listens on an "
                                "address other machines can reach; serve on 127.0.0.1 "
                                "to write notes", "reason": "refused"}))


class AssetHandler(web.RequestHandler):
    def get(self, name: str) -> None:
        data = resources.files("briefing.preview").joinpath("assets", name).read_bytes()
        self.set_header("Content-Type", ASSETS[name])
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(data)


class NotesHandler(web.RequestHandler):
    """List, add, change and remove notes (POST, JSON: browsers send ``Origin`` with
    a POST even to the page's own server); see the module docstring."""

    def initialize(self, editor: Editor) -> None:
        self._editor = editor

    def prepare(self) -> None:
        origin = self.request.headers.get("Origin", "")
        token = self.request.headers.get("X-Briefing-Token", "")
        if origin.lower() != f"{self.request.protocol}://{self.request.host}".lower():
            return self._answer(403, {"error": "this request does not come from the preview's "
                                      "own pages (wrong or missing Origin)"})
        if not hmac.compare_digest(token.encode(), self._editor.token.encode()):
            return self._answer(403, {"error": "missing or wrong editor token; reload the page "
                                      "(the preview was restarted?)"})
        if self.request.headers.get("Content-Type", "").split(";")[0].strip().lower() \
                != "application/json":
            return self._answer(415, {"error": "send the note as application/json"})
        if len(self.request.body) > MAX_BODY:
            return self._answer(413, {"error": "the request is too large for a note"})

    def post(self, action: str) -> None:
        try:
            data = json.loads(self.request.body or b"null")
        except ValueError:
            return self._answer(400, {"error": "the request is not JSON"})
        if not isinstance(data, dict):
            return self._answer(400, {"error": "the request must be a JSON object"})
        self._run(lambda: _perform(self._editor, action, data))

    def _run(self, work: Callable[[], dict[str, Any]]) -> None:
        try:
            answer = work()
        except NoteRefused as exc:
            return self._answer(STATUS[exc.reason], {"error": exc.message, "reason": exc.reason})
        self._answer(200, answer)

    def _answer(self, status: int, data: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(json.dumps(data, ensure_ascii=False))


def _perform(editor: Editor, action: str, data: dict[str, Any]) -> dict[str, Any]:
    config = editor.config()
    slug, served = _text(data, "article"), data.get("served")
    if not isinstance(served, int) or isinstance(served, bool):
        raise NoteRefused("invalid", "'served' (when the page was served) is missing")
    if action == "list":
        return {"notes": desk.listed_notes(config, slug)}
    if action == "remove":
        written = desk.remove(config, slug, served, _text(data, "id"))
    elif action == "change":
        written = desk.change(config, slug, served, _text(data, "id"),
                              fields_from(data.get("note")))
    else:
        written = desk.add(config, slug, served, _selection(data.get("selection")),
                           fields_from(data.get("note")))
    shown = written.path.relative_to(config.root).as_posix()
    return {"id": written.ident, "file": shown}


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise NoteRefused("invalid", f"'{key}' is missing")
    return value


def _selection(data: Any) -> Selection:
    if not isinstance(data, dict):
        raise NoteRefused("invalid", "'selection' is missing")
    block = data.get("block")
    values = [data.get(k) for k in ("text", "before", "exact")]
    if not isinstance(block, int) or not all(isinstance(v, str) for v in values):
        raise NoteRefused("invalid", "'selection' needs block, text, before and exact")
    return Selection(block, *values)
