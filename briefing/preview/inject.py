"""Adding the live-reload script to HTML as it is served.

The script is added to responses only, never to files on disk, so what the
preview shows is byte for byte what ``briefing build`` would publish, plus one
tag at the end of the body.
"""

from __future__ import annotations

_BODY_END = b"</body>"


def inject_script(html: bytes, snippet: bytes) -> bytes:
    """``html`` with ``snippet`` before its last ``</body>`` (any case), or appended if none."""
    at = html.lower().rfind(_BODY_END)
    if at == -1:
        return html + snippet
    return html[:at] + snippet + html[at:]


def is_html(name: str) -> bool:
    """Whether a served file is a page that should get the script (by extension, as browsers see it)."""
    return name.lower().endswith((".html", ".htm"))
