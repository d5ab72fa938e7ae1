"""Editor mode: what the preview adds to an article page so notes can be written in it.

Only ``briefing serve`` adds it, to responses, never to files: ``briefing
build`` output has no trace of it. On an article page the preview adds, after
the reload script, a JSON block with this run's secret token, the article's
slug, the time it was served (notes/files.py: a write to a file modified
since is a conflict), the kinds of note and the site's ratings, and
the editor script, which builds every control itself: with JavaScript off
there is nothing to see or use.

Editor mode is on only when the preview listens on loopback addresses alone
(127.0.0.1, the default, or ::1): the token is in every article page, so a
preview visible to the network (``--host 0.0.0.0``) would let anyone who can
open it write into ``content/annotations/``.
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from briefing.annotations.loader import RATED_KINDS
from briefing.config.site import SiteConfig
from briefing.model.annotation import KINDS, NOTICE_KINDS

API = "/__briefing"
_ARTICLE_PAGE = re.compile(r"articles/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?")


EDITOR_OFF = ("Editor mode is off: the preview listens on {host}, which other machines "
              "can reach, so its pages cannot write notes; to write notes in the "
              "browser, serve on 127.0.0.1 (the default --host)")


def listens_only_locally(sockets: Sequence[socket.socket]) -> bool:
    """Whether every address the preview listens on is a loopback one (as bound, so
    a host name is judged by what it resolved to): only then is editor mode on."""
    for sock in sockets:
        address = str(sock.getsockname()[0]).split("%")[0]  # an IPv6 scope id
        try:
            if not ipaddress.ip_address(address).is_loopback:
                return False
        except ValueError:
            return False
    return bool(sockets)


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Editor:
    """This run's token, and how to read the site's current settings."""

    config: Callable[[], SiteConfig]
    token: str = field(default_factory=new_token)

    def snippet(self, site_path: str) -> bytes:
        """What to add to the page at ``site_path`` (relative to the base path): the
        editor on an article page, nothing elsewhere."""
        match = _ARTICLE_PAGE.fullmatch(site_path)
        if match is None:
            return b""
        config = self.config()
        data = {"token": self.token, "api": API, "article": match.group(1),
                "served": time.time_ns(), "ratings": [r.name for r in config.ratings],
                "kinds": [{"name": k.name, "label": k.label} for k in KINDS.values()],
                "rated": list(RATED_KINDS), "dated": list(NOTICE_KINDS)}
        text = json.dumps(data, ensure_ascii=True).replace("<", "\\u003c")
        return (f'<script type="application/json" id="briefing-editor-config">{text}</script>'
                f'<script src="{API}/editor.js"></script>').encode()
