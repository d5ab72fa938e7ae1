"""Everything from content is escaped; raw HTML and script URLs never get through."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.conftest import copy_site, read_tree, run_cli

DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


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
    assert len(pages) == 3
    for path, html in pages.items():
        for tag, attrs in parsed_tags(html):
            assert tag not in ("script", "img", "svg", "iframe", "b"), (path, tag)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            for name in ("href", "src"):
                assert not DANGEROUS_URL.match(attrs.get(name) or ""), (path, tag, attrs)
    article = pages["articles/attack/index.html"]
    assert "<p>&lt;script&gt;alert(‘block’)&lt;/script&gt;</p>" in article
    assert "&lt;/title&gt;&lt;script&gt;" in article
    assert "[click](javascript:alert(‘link’))" in article  # left as plain text
