"""Every internal link and asset URL resolves when the site lives under a sub-path."""

from __future__ import annotations

from briefing.commands.linkcheck import check_links
from tests.conftest import run_cli


def test_all_internal_links_resolve_under_the_base_path(built_basic):
    assert check_links(built_basic, "https://example.github.io/repo/") == []


def test_links_use_the_base_path(built_basic):
    html = (built_basic / "articles/summit-signed/index.html").read_text()
    assert 'href="/repo/static/style.css?v=' in html
    assert 'href="/repo/"' in html
    assert 'href="/' not in html.replace('href="/repo/', "")


def test_a_different_base_url_moves_every_link(basic_site):
    result = run_cli("build", "--config", basic_site / "site.yml",
                     "--base-url", "https://news.example.org/deep/path/")
    assert result.exit_code == 0
    out = basic_site / "_site"
    assert check_links(out, "https://news.example.org/deep/path/") == []
    assert 'href="/deep/path/articles/older-report/"' in (out / "index.html").read_text()


def test_the_checker_finds_broken_links_and_fragments(built_basic):
    page = built_basic / "articles/older-report/index.html"
    page.write_text(page.read_text().replace(
        "</main>", '<a href="/repo/nowhere/">x</a><a href="/elsewhere/">y</a>'
        '<a href="/repo/articles/summit-signed/#missing">z</a>'
        '<a href="/repo/articles/summit-signed/#what-was-signed">ok</a></main>'))
    problems = [(p.url, p.reason) for p in check_links(built_basic,
                                                       "https://example.github.io/repo/")]
    assert problems == [
        ("/repo/nowhere/", "no such file in the built site"),
        ("/elsewhere/", "outside the site's base path /repo/"),
        ("/repo/articles/summit-signed/#missing",
         "no element with id 'missing' in articles/summit-signed/index.html"),
    ]
