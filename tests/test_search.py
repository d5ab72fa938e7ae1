"""Search with Pagefind: the index is part of the build, and it finds things in a browser."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from briefing.write.site_writer import MANIFEST
from tests.conftest import REPO, read_tree, run_cli
from tests.serving import serve
from tests.tools import CHROMIUM_ARGS, chromium, serious_violations

EXAMPLE_BASE = "https://example.github.io/briefing/"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "_site"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out,
                     "--base-url", EXAMPLE_BASE)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_index_is_written_and_listed_in_the_manifest(built_basic):
    listed = (built_basic / MANIFEST).read_text().splitlines()
    index = sorted(p for p in read_tree(built_basic) if p.startswith("pagefind/"))
    shards = json.loads((built_basic / "pagefind/shards.json").read_text())["shards"]
    first = shards[0]  # the primary: its folder has Pagefind's script, the others share it
    assert {"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/shards.json",
            f"pagefind/{first}/pagefind.js"} <= set(index)
    for shard in shards:
        assert f"pagefind/{shard}/pagefind-entry.json" in index
        assert any(p.startswith(f"pagefind/{shard}/fragment/") for p in index)
    assert not any(p.startswith(f"pagefind/{shard}/pagefind.js") for shard in shards[1:]
                   for p in index)
    assert set(index) <= set(listed)


def test_a_second_build_replaces_the_index(built_basic, basic_site):
    (basic_site / "content/articles/older-report.md").unlink()
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    listed = set((built_basic / MANIFEST).read_text().splitlines())
    on_disk = {p for p in read_tree(built_basic) if p != MANIFEST}
    assert on_disk == listed - {line for line in listed if line.startswith("#")}


def test_only_content_pages_are_marked_for_the_index(example):
    marked = sorted(p.relative_to(example).as_posix() for p in example.rglob("*.html")
                    if "data-pagefind-body" in p.read_text())
    assert "articles/leaders-sign-peace-agreement-at-white-house/index.html" in marked
    assert "glossary/nakhchivan/index.html" in marked
    assert any(p.startswith("stories/") and p != "stories/index.html" for p in marked)
    for listing in ("index.html", "404.html", "search/index.html", "archive/index.html",
                    "tags/index.html", "stories/index.html", "glossary/index.html"):
        assert listing not in marked
    article = (example / marked[0]).read_text()
    assert '<section class="notes-print" aria-labelledby="notes-print-title" ' \
           'data-pagefind-ignore>' in article or "notes-print" not in article


def test_the_search_page_and_box_work_under_the_base_path(example):
    page = (example / "search/index.html").read_text()
    assert '<link rel="stylesheet" href="/briefing/pagefind/pagefind-ui.css">' in page
    assert '<script src="/briefing/pagefind/pagefind-ui.js" defer></script>' in page
    assert 'data-bundle="/briefing/pagefind/" data-base="/briefing/"' in page
    assert '<meta name="robots" content="noindex">' in page
    front = (example / "index.html").read_text()
    assert '<form class="site-search" role="search" action="/briefing/search/" method="get">' \
        in front


def test_search_false_turns_it_all_off(basic_site):
    with (basic_site / "site.yml").open("a") as f:
        f.write("search: false\n")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    tree = read_tree(basic_site / "_site")
    assert not any(p.startswith(("pagefind/", "search/")) for p in tree)
    for path, data in tree.items():
        if path.endswith(".html"):
            assert b"site-search" not in data and b"data-pagefind-body" not in data, path


def test_search_must_be_true_or_false(basic_site):
    with (basic_site / "site.yml").open("a") as f:
        f.write("search: maybe\n")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "'search'" in result.stderr and "expected true or false" in result.stderr


def test_without_pagefind_the_build_warns_and_leaves_search_out(basic_site, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(basic_site / "no-such-pagefind"))
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0
    assert "warning: search is on but Pagefind is not installed" in result.stderr
    tree = read_tree(basic_site / "_site")
    assert not any(p.startswith(("pagefind/", "search/")) for p in tree)


def test_a_failing_indexer_leaves_the_previous_site_alone(built_basic, basic_site,
                                                          monkeypatch, tmp_path):
    before = read_tree(built_basic)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "Pagefind failed to build the search index (exit 3): index exploded" in result.stderr
    assert read_tree(built_basic) == before
    leftovers = [p.name for p in basic_site.iterdir() if p.name.startswith(".")]
    assert leftovers in ([], [".briefing-cache"])  # no staging directory left behind


def test_the_index_is_byte_identical_across_builds(tmp_path):
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert run_cli("build", "--config", REPO / "site.yml", "--out", out,
                       "--base-url", EXAMPLE_BASE).exit_code == 0
        trees.append({p: d for p, d in read_tree(out).items() if p.startswith("pagefind/")})
    assert trees[0] and trees[0] == trees[1]


# In Chromium


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _failed_requests(page) -> list[str]:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    return failed


def _all_result_links(page) -> list[str]:
    """Every result's link, pressing "Load more results" until all are shown."""
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    more = page.locator("button.pagefind-ui__button")
    while more.count():
        more.first.click()
        page.wait_for_timeout(200)
    return page.eval_on_selector_all(".pagefind-ui__result-link",
                                     "els => els.map(e => e.getAttribute('href'))")


def test_typing_a_word_on_the_search_page_shows_results(browser, example):
    page = browser.new_page()
    failed = _failed_requests(page)
    with serve(example, "/briefing/") as base:
        page.goto(base + "search/")
        page.fill(".pagefind-ui__search-input", "Nakhchivan")
        links = _all_result_links(page)
    assert links and all(link.startswith("/briefing/") for link in links), links
    assert any(link.startswith("/briefing/articles/") for link in links), links
    assert "/briefing/glossary/nakhchivan/" in [link.split("#")[0] for link in links]
    assert failed == []
    page.close()


def test_the_masthead_box_opens_the_search_page_with_results(browser, example):
    page = browser.new_page()
    failed = _failed_requests(page)
    with serve(example, "/briefing/") as base:
        page.goto(base)
        page.fill("#site-search-query", "Syunik")
        page.press("#site-search-query", "Enter")
        page.wait_for_url("**/briefing/search/?q=Syunik")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        value = page.input_value(".pagefind-ui__search-input")
    assert value == "Syunik"
    assert failed == []
    page.close()


def test_what_a_search_found_is_said_in_a_status_line(browser, example):
    """Pagefind's "N results for ..." is not a live region (a review): a status
    line of the page's own repeats it for screen readers."""
    page = browser.new_page()
    with serve(example, "/briefing/") as base:
        page.goto(base + "search/?q=corridor")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        page.wait_for_function("document.querySelector('#search + [role=status]')"
                               ".textContent.includes('corridor')")
        said = page.text_content("#search + [role=status]")
        shown = page.text_content(".pagefind-ui__message")
    assert said == shown.strip() and "results for corridor" in said
    page.close()


def test_annotation_notes_are_searchable(browser, example):
    # "initialled" appears in editorial notes, never in the wire copy
    assert not any("initialled" in p.read_text().lower()
                   for p in (REPO / "content/articles").glob("*.md"))
    page = browser.new_page()
    with serve(example, "/briefing/") as base:
        page.goto(base + "search/?q=initialled")
        links = _all_result_links(page)
    assert any(link.startswith("/briefing/articles/") for link in links), links
    page.close()



def test_results_are_the_pages_own_words_never_their_popovers(browser, example):
    """Pagefind is handed what a reader searches, not the glossary definitions
    a page carries as popovers: a word only Nagorno-Karabakh's definition holds
    finds the term's pages, none of the articles and stories whose popovers
    carry it; and an article found by a term shows an excerpt of its own text,
    not of the term's popover. (The word shares no stem with any word of the
    content: Pagefind finds "southern" for "southernmost".)"""
    definition = "mountainous"
    assert definition in (REPO / "content/glossary.yml").read_text()
    assert not any(definition[:5] in path.read_text().lower()
                   for folder in ("articles", "annotations", "stories", "pages")
                   for path in (REPO / "content" / folder).glob("*") if path.is_file())
    page = browser.new_page()
    with serve(example, "/briefing/") as base:
        page.goto(base + f"search/?q={definition}")
        links = [link.split("#")[0] for link in _all_result_links(page)]
        page.goto(base + "search/?q=Syunik")
        _all_result_links(page)
        found = page.eval_on_selector_all(
            ".pagefind-ui__result", "els => els.map(e => [e.querySelector("
            "'.pagefind-ui__result-link').getAttribute('href'), e.querySelector("
            "'.pagefind-ui__result-excerpt').innerHTML])")
    page.close()
    assert "/briefing/glossary/nagorno-karabakh/" in links
    assert all(link.startswith("/briefing/glossary/") for link in links), links
    excerpts = {link: html for link, html in found if link.startswith("/briefing/articles/")}
    assert excerpts, found
    for link, html in excerpts.items():  # "Armenia's southernmost province": the popover
        assert "<mark>Syunik" in html and "southernmost" not in html, (link, html)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_on_the_search_page(browser, example, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(color_scheme=scheme)
    with serve(example, "/briefing/") as base:
        page.goto(base + "search/?q=Nakhchivan")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        results = Axe().run(page)
    serious = serious_violations(results)
    assert serious == []
    page.close()
