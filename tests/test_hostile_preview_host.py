"""The preview answers only the host names it was started for (DNS rebinding).

A page on another site that points its own name at 127.0.0.1 sends requests
with that name in ``Host``; they must get a 403, on every route, the live
reload socket included, and never a draft. In-process tornado tests: the
application is built exactly as ``briefing serve`` builds it.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.testing import AsyncHTTPTestCase, gen_test
from tornado.websocket import websocket_connect

from briefing.preview.hosts import allowed_names, host_name, is_allowed
from briefing.preview.rebuild import SiteView
from briefing.preview.server import application

DRAFT = "Draft: the minister resigns tomorrow"
FOREIGN = ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
           "localhost.evil.example:8000", "evil.example.:8000", "xn--e1afmkfd.example",
           "127.0.0.1:8000@evil.example", "[::1", "::1", "localhost:http", " ", "a b"]
LOCAL = ["127.0.0.1", "127.0.0.1:8000", "localhost", "localhost:8000", "LOCALHOST:8000",
         "localhost.:8000", "[::1]", "[::1]:8000", "192.168.1.20:8000", "preview.lan",
         "preview.lan:8000"]


def test_local_names_and_the_chosen_host_are_allowed() -> None:
    allowed = allowed_names("preview.lan")
    for header in LOCAL:
        assert is_allowed(header, allowed), header


def test_other_names_are_refused() -> None:
    allowed = allowed_names("127.0.0.1")
    for header in FOREIGN:
        assert not is_allowed(header, allowed), header
    assert not is_allowed("preview.lan:8000", allowed)


LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
DNS_NAME = st.lists(LABEL, min_size=1, max_size=4).map(".".join).filter(
    lambda name: any(c.isalpha() for c in name) and name != "localhost")


@given(name=DNS_NAME, port=st.none() | st.integers(0, 65535), dot=st.booleans())
def test_no_dns_name_but_localhost_is_allowed(name: str, port: int | None, dot: bool) -> None:
    header = name + ("." if dot else "") + (f":{port}" if port is not None else "")
    assert not is_allowed(header, allowed_names("127.0.0.1")), header
    assert is_allowed(header, allowed_names(name)), header


@given(st.text(max_size=40))
def test_any_header_allowed_names_a_local_host_or_an_address(header: str) -> None:
    if is_allowed(header, allowed_names("127.0.0.1")):
        name = host_name(header)
        assert name in ("localhost", "127.0.0.1") or ipaddress.ip_address(name or "x")


class PreviewHostTest(AsyncHTTPTestCase):
    """The whole preview application, answering requests with chosen Host headers."""

    tmp: Path

    def get_app(self):  # type: ignore[no-untyped-def]
        site = self.tmp / "out"
        (site / "drafts").mkdir(parents=True)
        (site / "drafts" / "index.html").write_text(f"<html><body>{DRAFT}</body></html>")
        (site / "404.html").write_text("<html><body>missing</body></html>")
        return application(lambda: SiteView(site, "/repo/"), "127.0.0.1", 8000)

    def ask(self, path: str, host: str, method: str = "GET") -> tuple[int, str]:
        response = self.fetch(path, method=method, headers={"Host": host},
                              follow_redirects=False, raise_error=False,
                              allow_nonstandard_methods=True,
                              body=b"" if method in ("POST", "PUT") else None)
        return response.code, response.body.decode("utf-8", "replace")

    def test_the_site_is_served_to_local_names(self) -> None:
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"):
            status, body = self.ask("/repo/drafts/", host)
            assert status == 200 and DRAFT in body, host

    def test_every_route_refuses_a_foreign_host(self) -> None:
        for host in ("evil.example:8000", "evil.example", "127.0.0.1.evil.example:8000"):
            for path in ("/repo/drafts/", "/repo/drafts/index.html", "/", "/repo",
                         "/repo/missing/", "/livereload.js", "/livereload", "/../etc/passwd"):
                status, body = self.ask(path, host)
                assert status == 403, (host, path, status)
                assert DRAFT not in body and "livereload" not in body.lower()
                assert body.startswith("Forbidden") and len(body) < 300

    def test_other_methods_are_refused_too(self) -> None:
        for method in ("HEAD", "POST", "PUT", "DELETE", "OPTIONS"):
            status, body = self.ask("/repo/drafts/", "evil.example:8000", method)
            assert status == 403, method
            assert DRAFT not in body

    @gen_test
    async def test_the_reload_socket_refuses_a_foreign_host(self) -> None:
        url = f"ws://127.0.0.1:{self.get_http_port()}/livereload"
        for host in ("evil.example:8000", "localhost.evil.example"):
            request = HTTPRequest(url, headers={"Host": host, "Origin": f"http://{host}"})
            with pytest.raises(HTTPClientError) as refused:
                await websocket_connect(request)
            assert refused.value.code == 403

    @gen_test
    async def test_the_reload_socket_accepts_its_own_pages(self) -> None:
        port = self.get_http_port()
        request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload",
                              headers={"Origin": f"http://127.0.0.1:{port}"})
        socket = await websocket_connect(request)
        socket.close()


@pytest.fixture(autouse=True)
def _tmp_for_app(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.cls is not None:
        request.cls.tmp = tmp_path
