"""Which ``Host`` headers the preview answers: the defence against DNS rebinding.

Any web page can make a browser send requests to 127.0.0.1 by pointing a name
of its own at that address after the page has loaded (DNS rebinding); the
browser then treats the preview as part of that page's site and lets it read
the drafts. Such requests still carry the page's own name in their ``Host``
header, so the preview answers only the names it was started for: localhost,
the ``--host`` it listens on, and IP addresses (a request that names an
address was not steered there by DNS, so a LAN address stays usable with
``--host 0.0.0.0``). Any port is accepted: the name is what rebinding forges,
and a forwarded port (``ssh -L``) should keep working. Everything else gets a
403 from :class:`WrongHostHandler`, for every route, the reload socket
included.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from tornado import httputil, web
from tornado.routing import Matcher

LOCAL_NAMES = frozenset({"localhost"})
# name[:port] or [IPv6]:port, nothing else; the name checked below.
_HOST_RE = re.compile(r"(?:\[(?P<v6>[0-9a-f:.%]+)\]|(?P<name>[^:\[\]]+))(?::[0-9]{1,5})?")


def allowed_names(host: str) -> frozenset[str]:
    """The host names a preview started with ``--host host`` answers, besides IP addresses."""
    return LOCAL_NAMES | {host.strip("[]").lower().rstrip(".")}


def host_name(header: str) -> str | None:
    """The name in a ``Host`` header, lower-case, without port, brackets or a final
    dot; None when the header is not a host name with an optional port."""
    match = _HOST_RE.fullmatch(header.strip().lower())
    if match is None:
        return None
    if match["v6"] is not None:
        return match["v6"] if _is_address(match["v6"]) else None
    return match["name"].rstrip(".") or None


def is_allowed(header: str, allowed: frozenset[str]) -> bool:
    """True if a request with this ``Host`` header may be answered (see the module docstring)."""
    name = host_name(header)
    return name is not None and (name in allowed or _is_address(name))


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class AllowedHost(Matcher):
    """A tornado route matcher: the routes under it see only allowed ``Host`` headers."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed

    def match(self, request: httputil.HTTPServerRequest) -> dict[str, Any] | None:
        return {} if is_allowed(request.host, self.allowed) else None


class WrongHostHandler(web.RequestHandler):
    """Answers every request whose ``Host`` the preview does not serve, whatever its
    method or path: 403 with a short plain-text reason, before anything is read."""

    def initialize(self, origin: str) -> None:
        self._origin = origin

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(f"Forbidden: this preview answers only requests for localhost, "
                    f"its own address or an IP address; open {self._origin}/ instead.\n")
