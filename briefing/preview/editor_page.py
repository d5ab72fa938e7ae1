"""Editor mode: what the preview adds to an article page so notes can be written in it.

Only ``briefing serve`` adds it, to responses, never to files: ``briefing
build`` output has no trace of it. On an article page the preview adds, after
the reload script, a JSON block with this run's secret token, the article's
slug, the time it was served (notes/files.py: a write to a file modified
since is a conflict), the kinds of note and the site's ratings, and
the editor script, which builds every control itself: with JavaScript off
there is nothing to see or use.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.annotations.loader import RATED_KINDS
from briefing.config.site import SiteConfig
from briefing.model.annotation import KINDS, NOTICE_KINDS

API = "/__briefing"
_ARTICLE_PAGE = re.compile(r"articles/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?")


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
