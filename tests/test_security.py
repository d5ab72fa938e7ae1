"""Everything from content is escaped; raw HTML and script URLs never get through."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from tests.conftest import copy_site, read_tree, run_cli

DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
# Script files of the theme and of the search index (Pagefind), under the base path.
OWN_SCRIPT = re.compile(r"^/x/(static|pagefind)/[\w.-]+\.js(\?v=[0-9a-f]{10})?$")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.tags


def test_attacks_in_every_field_come_out_escaped(tmp_path):
    site = copy_site("xss", tmp_path)
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    pages = {path: data.decode() for path, data in read_tree(site / "_site").items()
             if path.endswith(".html")}
    assert {"index.html", "404.html", "articles/attack/index.html",
            "archive/index.html", "tags/index.html"} <= set(pages)  # and each tag's page
    for path, html in pages.items():
        for tag, attrs in parsed_tags(html):
            if tag == "script":  # our own structured data or script files, never content
                assert attrs == {"type": "application/ld+json"} \
                    or OWN_SCRIPT.match(attrs.get("src") or ""), (path, attrs)
                continue
            assert tag not in ("img", "svg", "iframe", "b"), (path, tag)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            for name in ("href", "src"):
                assert not DANGEROUS_URL.match(attrs.get(name) or ""), (path, tag, attrs)
    article = pages["articles/attack/index.html"]
    assert "<p>&lt;script&gt;alert(‘block’)&lt;/script&gt;</p>" in article
    assert "&lt;/title&gt;&lt;script&gt;" in article
    assert "[click](javascript:alert(‘link’))" in article  # left as plain text


def test_structured_data_cannot_close_its_script_element(tmp_path):
    site = copy_site("xss", tmp_path)
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    html = (site / "_site/articles/attack/index.html").read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    for block in blocks:
        assert "<" not in block and ">" not in block
        data = json.loads(block)
        if data["@type"] == "BreadcrumbList":
            data = {"headline": data["itemListElement"][-1]["name"]}
        assert data["headline"] == "</title><script>alert('title')</script>"
