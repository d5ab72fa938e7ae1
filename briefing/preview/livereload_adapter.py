"""The one module that knows the browser side of live reload comes from ``livereload``.

From the ``livereload`` package we use only its client and protocol: the
vendored ``livereload.js`` (served at ``/livereload.js``) and the websocket
handler at ``/livereload`` that answers its handshake. livereload.js derives
the socket address from its own ``src``, so both must sit at the server root,
outside the site's base path. We do not use livereload's ``Server`` (no base
path, no custom 404, no error page) nor its watcher (it polls every 800 ms and
ignores changes within three seconds of a reload, which drops edits). To swap
the implementation, replace this module: the rest of the preview needs only
``SNIPPET``, ``routes()`` and ``reload_browsers()``.
"""

from __future__ import annotations

import json
from typing import Any

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado.websocket import WebSocketHandler

SNIPPET = b'<script src="/livereload.js"></script>'


class _ReloadSocket(LiveReloadHandler):
    """livereload's protocol handler, but only for pages this server itself served."""

    def check_origin(self, origin: str) -> bool:
        # livereload accepts any origin; tornado's default (same host) is what we want.
        return WebSocketHandler.check_origin(self, origin)

    def on_message(self, message: str | bytes) -> None:
        """Told of reloads from the page's first word, its ``hello``. livereload
        counts a page only at its ``info``, which the page sends once it has
        the server's reply: a save in between (a writer who saves the moment
        the page has opened) reloaded nothing, and the browser test failed
        now and then on a busy machine for that reason."""
        try:
            said = json.loads(message)
        except ValueError:
            said = None
        if isinstance(said, dict) and said.get("command") == "hello":
            LiveReloadHandler.waiters.add(self)
        super().on_message(message)


def routes() -> list[tuple[str, Any]]:
    """Tornado routes for the reload script and its socket; list them before the site's."""
    return [(r"/livereload", _ReloadSocket), (r"/livereload\.js", LiveReloadJSHandler)]


def reload_browsers() -> int:
    """Tell every connected page to reload itself; returns how many were told."""
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    waiters = list(LiveReloadHandler.waiters)
    for waiter in waiters:
        waiter.send_message(message)
    return len(waiters)
