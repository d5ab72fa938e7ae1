"""The glossary: loading, linking rules, term links in HTML, pages, checks."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.errors import Diagnostics
from briefing.glossary.linker import link_terms
from briefing.glossary.loader import load_glossary
from briefing.glossary.matcher import Matcher
from briefing.render.markdown import render_markdown
from tests.conftest import FIXTURES, copy_site, run_cli
from tests.serving import serve
from tests.tools import CHROMIUM_ARGS, chromium, serious_violations


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    site = copy_site("glossary", tmp_path_factory.mktemp("glossary"))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    return site / "_site", result.stderr


def body(out: Path) -> str:
    """The article's body without its notes (whose groups come before their paragraphs)."""
    html = (out / "articles/corridor/index.html").read_text()
    text = html.split('<div class="article-body">')[1].split("\n  </div>\n")[0]
    return re.sub(r'<div class="annotation-group">\n.*?</aside>\n</div>\n', "", text, flags=re.S)


def term_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="term" data-term="([^"]+)" href="[^"]+" '
                      r'aria-describedby="[^"]+">(?:<mark[^>]*>)?([^<]+)', html)


def test_first_mentions_are_linked_longest_first(built):
    links = term_links(body(built[0]))
    assert ("tripp", "Trump Route for International Peace and Prosperity") in links
    assert ("trump", "Trump") in links  # "Trump" alone, later, is its own term
    assert links.count(("nakhchivan", "Nakhchivan")) == 1  # first mention only
    assert ("azerbaijan", "Azerbaijan") in links  # possessive "Azerbaijan's"


def test_word_boundaries_and_spelling_variants(built):
    html = body(built[0])
    assert "Nakhchivani food and Karabakhi wine" in html
    assert ('data-term="nagorno-karabakh" href="/repo/glossary/nagorno-karabakh/" '
            'aria-describedby="term-definition-nagorno-karabakh">Nagorno Karabakh</a>') in html


def test_link_policies_per_term(built):
    links = term_links(body(built[0]))
    assert [text for slug, text in links if slug == "exclave"] == ["Exclave", "exclave",
                                                                  "EXCLAVE"]
    assert not any(slug == "kremlin" for slug, _ in links)


def test_headings_title_links_code_and_images_are_left_alone(built):
    page = (built[0] / "articles/corridor/index.html").read_text()
    assert '<h2 id="nakhchivan-in-a-heading">Nakhchivan in a heading</h2>' in page
    assert "<h1 class=\"headline\">Nakhchivan in the title is not linked</h1>" in page
    assert '<a href="https://example.org/k">link about Karabakh</a>' in page
    assert "<code>Karabakh in code</code>" in page
    assert 'alt="Karabakh map"' in page


def test_a_term_inside_an_annotated_quote_keeps_both(built):
    html = body(built[0])
    assert ('<a class="term" data-term="tripp" href="/repo/glossary/tripp/" '
            'aria-describedby="term-definition-tripp"><mark class="annotated" '
            'data-annotation="route"') in html
    assert '<sup class="annotation-ref"><a href="#annotation-route"' in html


def test_note_bodies_have_their_own_first_mentions(built):
    page = (built[0] / "articles/corridor/index.html").read_text()
    aside = page.split('id="annotation-route"')[1].split("</aside>")[0]
    assert [slug for slug, _ in term_links(aside)] == ["tripp", "nakhchivan"]


def test_story_pages_show_notes_linked_as_on_the_article_page(built):
    """The story page repeats the article's notes: their links are the ones merging
    made (first mention in the note), not a second linking pass over them."""
    story = (built[0] / "stories/route-talks/index.html").read_text()
    note = story.split('href="/repo/articles/corridor/#annotation-route"')[0]
    note = note.rsplit('<li', 1)[1]
    assert "Nakhchivan again" in note
    assert [slug for slug, _ in term_links(note)] == ["tripp", "nakhchivan"]


def test_merged_markdown_carries_the_links(built):
    text = (built[0] / "articles/corridor/index.md").read_text()
    assert ("[Nakhchivan](<https://example.github.io/repo/glossary/nakhchivan/>), and "
            "[Trump](<https://example.github.io/repo/glossary/trump/>) praised it") in text


def test_the_page_carries_definitions_for_the_terms_it_links(built):
    page = (built[0] / "articles/corridor/index.html").read_text()
    popovers = re.findall(r'<div id="term-definition-([^"]+)" class="term-popover" popover>',
                          page)
    assert sorted(popovers) == sorted({slug for slug, _ in term_links(page)})
    assert "static/terms.js?v=" in page


def test_unused_terms_and_near_misses_are_warned_about(built):
    warnings = built[1].splitlines()
    assert ("content/glossary.yml:24: warning: the term 'Never Mentioned' is not mentioned in "
            "any article, note, story or page (check its spelling or aliases, or remove it)") in warnings
    assert ("content/articles/corridor.md:21: warning: 'Nakhichevan' looks like the glossary "
            "term 'Nakhchivan' (86% similar) (if it means the same, add 'Nakhichevan' to the "
            "aliases of 'Nakhchivan' in glossary.yml)") in warnings
    assert not any("Nakhchivani" in w for w in warnings)  # a derived word, not a misspelling


def test_check_command_reports_the_same(tmp_path):
    site = copy_site("glossary", tmp_path)
    result = run_cli("check", "--config", site / "site.yml")
    assert result.exit_code == 0
    assert "'Nakhichevan' looks like the glossary term 'Nakhchivan'" in result.stderr
    assert "the image 'https://example.org/map.png' is on another server" in result.stderr
    assert result.stdout == "Checked 1 article: no errors, 3 warnings\n"
    assert not (site / "_site").exists()


def test_a_term_mentioned_only_in_a_note_counts_as_used_until_the_note_changes(tmp_path):
    """Each note's mentions are remembered by its text: editing one note is
    noticed, through the cache, as a build from scratch would notice it."""
    from briefing.build.api import BuildOptions, build
    site = copy_site("glossary", tmp_path)
    notes = site / "content/annotations/corridor.yml"
    original = notes.read_text()
    options = BuildOptions(config_path=site / "site.yml")

    def unused() -> list[bool]:
        said = [[w.message for w in build(replace(options, use_cache=cached)).warnings]
                for cached in (True, False)]
        return [any("'Never Mentioned' is not mentioned" in m for m in w) for w in said]

    notes.write_text(original.replace("Nakhchivan again.", "Never Mentioned, now mentioned."))
    assert unused() == [False, False]
    notes.write_text(original)
    assert unused() == [True, True]


def test_glossary_errors(tmp_path):
    site = copy_site("errors/glossary", tmp_path)
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/glossary.yml:4: 'Karabakh' is defined twice: by 'Karabakh' (line 2) and by "
        "'Nagorno-Karabakh'",
        # A misspelt required key is told once, as a misspelling, not again as missing.
        "content/glossary.yml:8: unknown key 'definiton' in term (did you mean 'definition'?)",
        "content/glossary.yml:10: 'definition': must not be empty",
        "content/glossary.yml:12: 'link': 'often' is not a link policy; use one of first, all, none",
        "Failed: 4 errors; nothing was written.",
    ]


@pytest.mark.parametrize("aliases, message", [
    ("[Karabakh, Artsakh, Artsakh]", "the alias 'Artsakh' repeats another alias"),
    ("[Karabakh, artsakh, ARTSAKH]", "the alias 'ARTSAKH' repeats another alias"),
    ("[Karabakh, Nagorno-Karabakh]", "the alias 'Nagorno-Karabakh' repeats the term"),
    ("[Karabakh, nagorno-karabakh]", "the alias 'nagorno-karabakh' repeats the term"),
])
def test_a_name_given_twice_in_one_term_is_an_error_whatever_its_case(
        tmp_path, aliases, message):
    site = copy_site("glossary", tmp_path)
    glossary = site / "content/glossary.yml"
    glossary.write_text(glossary.read_text().replace("aliases: [Karabakh, Artsakh]",
                                                     f"aliases: {aliases}"))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"content/glossary.yml:2: {message} of 'Nagorno-Karabakh' (remove it)")


def test_site_link_policy_none_links_nothing(tmp_path):
    site = copy_site("glossary", tmp_path)
    with (site / "site.yml").open("a") as f:
        f.write("glossary:\n  link: none\n")
    glossary = site / "content/glossary.yml"
    glossary.write_text(glossary.read_text().replace("    link: all\n", ""))
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    assert term_links((site / "_site/articles/corridor/index.html").read_text()) == []


# --- pages ------------------------------------------------------------------------

def json_ld(html: str) -> list[dict]:
    return [json.loads(b) for b in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_glossary_index_is_an_a_to_z_definition_list(built):
    html = (built[0] / "glossary/index.html").read_text()
    assert '<dfn id="nagorno-karabakh"><a href="/repo/glossary/nagorno-karabakh/">' \
        'Nagorno-Karabakh</a></dfn>' in html
    order = [html.index(f'<dfn id="{slug}">') for slug in
             ("azerbaijan", "exclave", "kremlin", "nagorno-karabakh", "nakhchivan", "trump",
              "tripp")]
    assert order == sorted(order)
    assert '<a href="#letter-n">N</a>' in html and '<span aria-hidden="true">Q</span>' in html
    [data] = json_ld(html)
    assert data["@type"] == "DefinedTermSet"
    assert len(data["hasDefinedTerm"]) == 8


def test_a_term_linked_only_in_a_note_lists_the_report_on_its_page(tmp_path):
    """A reader who follows a note's glossary link finds the report on the
    term's page, with the note's sentence (it said "No report mentions this
    term yet"); an edit of the note alone changes the term's page, as a build
    from scratch does."""
    from briefing.build.api import BuildOptions, build
    from tests.conftest import read_tree
    site = copy_site("glossary", tmp_path / "site")
    notes = site / "content/annotations/corridor.yml"
    original = notes.read_text()
    out, clean = site / "_site", tmp_path / "clean"
    build(BuildOptions(config_path=site / "site.yml"))
    term = out / "glossary/never-mentioned/index.html"
    assert "No report mentions this term yet." in term.read_text()
    notes.write_text(original.replace("Nakhchivan again.", "Never Mentioned, now mentioned."))
    build(BuildOptions(config_path=site / "site.yml"))
    html = term.read_text()
    assert "No report mentions this term yet." not in html
    assert '<a href="/repo/articles/corridor/">' in html
    assert re.search(r'<blockquote class="appearance-sentence"><p>[^<]*Never Mentioned, now '
                     r'mentioned\.</p>', html), html
    build(BuildOptions(config_path=site / "site.yml", output_dir=clean, use_cache=False))
    assert read_tree(out) == read_tree(clean)


def test_term_page_shows_aliases_reading_and_appearances(built):
    html = (built[0] / "glossary/nagorno-karabakh/index.html").read_text()
    assert "Also: Karabakh, Artsakh" in html
    assert "<p>A region in the <em>South Caucasus</em>.</p>" in html
    assert '<a href="https://example.org/karabakh">Further reading</a>' in html
    assert '<a href="/repo/articles/corridor/">Nakhchivan in the title is not linked</a>' in html
    assert ("<p>Nagorno Karabakh and Nagorno–Karabakh are both spellings of "
            "Nagorno-Karabakh.</p>") in html
    [data] = json_ld(html)
    assert data["@type"] == "DefinedTerm"
    assert data["name"] == "Nagorno-Karabakh"
    assert data["alternateName"] == ["Karabakh", "Artsakh"]
    assert data["inDefinedTermSet"] == "https://example.github.io/repo/glossary/"
    assert data["description"] == "A region in the *South Caucasus*."


def test_unmentioned_term_page_says_so(built):
    assert "No report mentions this term yet." in \
        (built[0] / "glossary/never-mentioned/index.html").read_text()


# --- properties -------------------------------------------------------------------

GLOSSARY = load_glossary(FIXTURES / "glossary/content/glossary.yml", "all", Diagnostics())
MATCHER = Matcher(GLOSSARY)
PIECES = ["Nakhchivan", "Nakhchivani", "Trump", "Trump Route for International Peace and "
          "Prosperity", "Azerbaijan's", "Karabakh", "exclave", "*Karabakh*", "`Trump`",
          "[Karabakh](https://e.org/)", "Nagorno Karabakh", "peace", "the", "route", "\n",
          "## Nakhchivan\n", "- Trump\n", "> exclave", "\n\n", "1."]


def test_two_terms_a_space_apart_are_both_linked():
    """"Nakhchivan exclave": the second name was left unlinked, as if the links
    would touch (a review found the example's "exclave" linked nowhere)."""
    linked = link_terms("The Nakhchivan exclave, and Nakhchivan-exclave.\n", GLOSSARY, MATCHER,
                        lambda t: f"https://g.example/{t.slug}/")
    assert linked.markdown.startswith("The [Nakhchivan](<https://g.example/nakhchivan/>) "
                                      "[exclave](<https://g.example/exclave/>),")


@settings(max_examples=200)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.sampled_from(["first", "all"]))
def test_linking_never_changes_the_visible_text(pieces, policy):
    markdown = " ".join(pieces)
    glossary = GLOSSARY if policy == "all" else load_glossary(
        FIXTURES / "glossary/content/glossary.yml", "first", Diagnostics())
    linked = link_terms(markdown, glossary, MATCHER, lambda t: f"https://g.example/{t.slug}/")
    strip = re.compile(r'<a href="https://g\.example/[^"]+/">|</a>')
    before = re.sub(r"</?a[^>]*>", "", render_markdown(markdown))
    after = strip.sub("", render_markdown(linked.markdown))
    assert re.sub(r"</?a[^>]*>", "", after) == before
    assert linked.markdown.count("](<https://g.example/") <= len(linked.mentions)


# --- in the browser ------------------------------------------------------------------

def test_definition_on_hover_focus_and_escape(built):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        with serve(built[0], "/repo/") as base:
            page.goto(base + "articles/corridor/")
            is_open = "document.querySelector('#term-definition-nakhchivan')" \
                ".matches(':popover-open')"
            link = page.locator('a.term[data-term="nakhchivan"]').first
            link.hover()
            page.wait_for_function(is_open)
            page.locator("#term-definition-nakhchivan").hover()  # hoverable
            page.wait_for_timeout(500)
            assert page.evaluate(is_open)
            page.keyboard.press("Escape")  # dismissible
            assert not page.evaluate(is_open)
            page.mouse.move(0, 0)
            link.focus()  # keyboard focus shows it too
            page.wait_for_function(is_open)
            from axe_playwright_python.sync_playwright import Axe

            for path in ("articles/corridor/", "glossary/", "glossary/nagorno-karabakh/"):
                page.goto(base + path)
                assert serious_violations(Axe().run(page)) == [], path
        browser.close()


def test_on_a_touch_screen_a_first_tap_shows_the_definition_and_a_second_follows(built):
    """A review: the second tap showed the definition again, every time (the
    popover had closed itself on the press), so the term page was unreachable."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 800}, has_touch=True,
                                is_mobile=True)
        with serve(built[0], "/repo/") as base:
            page.goto(base + "articles/corridor/")
            link = page.locator('a.term[data-term="nakhchivan"]').first
            link.scroll_into_view_if_needed()
            link.tap()
            page.wait_for_function("document.querySelector('#term-definition-nakhchivan')"
                                   ".matches(':popover-open')")
            assert page.url.endswith("articles/corridor/")
            with page.expect_navigation():
                link.tap()
            assert page.url.endswith("glossary/nakhchivan/")
        browser.close()


def _story_site(root: Path) -> Path:
    """Two reports and a story whose summary alone mentions 'Port Authority'."""
    (root / "content/articles").mkdir(parents=True)
    (root / "content/stories").mkdir()
    (root / "site.yml").write_text("title: Terms\nbase_url: https://example.org/\n"
                                   "timezone: UTC\nsearch: false\n")
    (root / "content/glossary.yml").write_text(
        "terms:\n  - term: Harbour Board\n    definition: Runs the port.\n"
        "  - term: Port Authority\n    definition: Owns the port.\n")
    for slug in ("one", "two"):
        (root / f"content/articles/{slug}.md").write_text(
            f"---\ntitle: Report {slug}\ndate: 2025-01-0{len(slug)}\nstory: port\n---\n\n"
            "The Harbour Board met.\n")
    (root / "content/stories/port.yml").write_text(
        "title: The port\ndate: 2025-01-03\nsummary: The Port Authority sold the quay.\n")
    return root


def test_once_every_term_is_used_the_other_texts_are_not_searched_but_kept(
        tmp_path, monkeypatch):
    """The unused-term check stops searching texts beyond the articles once
    every term is used, and keeps their remembered searches: a later build
    that needs them again reads them, searching nothing."""
    from briefing.build.api import BuildOptions, build
    from briefing.glossary import checks
    site = _story_site(tmp_path / "site")
    options = BuildOptions(config_path=site / "site.yml")
    from briefing.engine.incremental import BuildCache
    searched: list[str] = []  # searched for terms
    asked: list[str] = []  # the keys of searches, made or read from the store
    real, remember = checks._mentioned, BuildCache.remember
    monkeypatch.setattr(checks, "_mentioned",
                        lambda text, matcher: searched.append(text) or real(text, matcher))
    monkeypatch.setattr(BuildCache, "remember", lambda self, kind, key, compute: (
        asked.append(key) if kind.name == "terms-in-text" else None) or remember(
            self, kind, key, compute))
    unused = "the term 'Port Authority' is not mentioned"
    assert not any(unused in w.message for w in build(options).warnings)
    assert "The Port Authority sold the quay." in searched  # the story made it used
    report = site / "content/articles/one.md"
    report.write_text(report.read_text().replace("met.", "met the Port Authority."))
    asked.clear()
    build(options)  # the report mentions every term: the summary is not even read
    assert asked == []
    report.write_text(report.read_text().replace("met the Port Authority.", "met."))
    searched.clear()
    assert not any(unused in w.message for w in build(options).warnings)
    assert "The Port Authority sold the quay." not in searched  # read, as it was kept
    clean = build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "clean",
                               use_cache=False))
    assert not any(unused in w.message for w in clean.warnings)
