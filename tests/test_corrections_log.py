"""The corrections log: clarification notes, /corrections/, its Atom feed, the
notices that link to it, the footer, the sitemap and the JSON-LD."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import extruct
import feedparser
import pytest

from briefing.build.api import BuildOptions, build
from briefing.engine.incremental import BuildCache
from tests.conftest import build_site as built
from tests.conftest import copy_site, read_tree, run_cli

BASE = "https://example.github.io/repo/"


@pytest.fixture
def trust(trust_site: Path) -> Path:
    return built(trust_site)


def log_entries(html: str) -> list[str]:
    return re.findall(r'<li class="annotation correction-log-entry".*?</li>', html, re.DOTALL)


def test_the_log_lists_every_correction_and_clarification_newest_first(trust):
    html = (trust / "corrections/index.html").read_text()
    entries = log_entries(html)
    assert len(entries) == 3
    first, second, third = entries
    assert 'data-kind="correction"' in first and '<time datetime="2025-09-06">' in first
    assert 'data-kind="clarification"' in second and '<time datetime="2025-09-04">' in second
    assert '<span class="annotation-kind">Clarification</span>' in second
    assert '<time datetime="2025-09-03">3 September 2025</time>' in third
    # the article, linked under the base path; the quote; the body; the note itself
    assert '<a href="/repo/articles/port-reopens/">Port reopens after the storm</a>' in second
    assert "On “repairs to the northern quay would take two weeks”" in second
    assert "estimate for the <em>northern</em> quay only" in second
    assert 'href="/repo/articles/port-reopens/#annotation-quay-repairs"' in second
    assert 'href="/repo/articles/budget-vote/#annotation-vote-count"' in first


def test_the_log_escapes_what_notes_say(trust):
    html = (trust / "corrections/index.html").read_text()
    assert "31 to 21 &amp; named the wrong &lt;ward&gt;." in html
    assert "<ward>" not in html


def test_every_linked_note_exists_on_its_article_page(trust):
    html = (trust / "corrections/index.html").read_text()
    for folder, ident in re.findall(r'href="/repo/(articles/[^/]+/)#([^"]+)"', html):
        assert f'id="{ident}"' in (trust / folder / "index.html").read_text()


def test_an_empty_log_still_says_so(tmp_path):
    out = built(copy_site("basic", tmp_path))
    html = (out / "corrections/index.html").read_text()
    assert "No corrections or clarifications yet." in html
    assert log_entries(html) == []
    feed = feedparser.parse((out / "corrections/feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries == []


def test_an_unplaced_note_links_to_the_unplaced_notes(trust_site):
    path = trust_site / "content/annotations/budget-vote.yml"
    path.write_text(path.read_text().replace("by 31 votes to 12", "words the report lacks"))
    with (trust_site / "site.yml").open("a") as f:
        f.write("annotations: {strict: false}\n")
    html = (built(trust_site) / "corrections/index.html").read_text()
    assert 'href="/repo/articles/budget-vote/#unplaced-notes"' in html
    assert 'id="unplaced-notes"' in (trust_site / "_site/articles/budget-vote/index.html"
                                     ).read_text()


def test_the_atom_feed_of_the_log(trust):
    data = (trust / "corrections/feed.xml").read_bytes()
    feed = feedparser.parse(data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.id == f"{BASE}corrections/"
    assert feed.feed.updated == "2025-09-06T00:00:00+01:00"
    assert [e.id for e in feed.entries] == [
        f"{BASE}articles/budget-vote/#annotation-vote-count",
        f"{BASE}articles/port-reopens/#annotation-quay-repairs",
        f"{BASE}articles/port-reopens/#annotation-ships-waiting"]
    assert [e.updated for e in feed.entries] == [
        "2025-09-06T00:00:00+01:00", "2025-09-04T00:00:00+01:00", "2025-09-03T00:00:00+01:00"]
    second = feed.entries[1]
    assert second.title == "Clarification: Port reopens after the storm"
    assert second.link == f"{BASE}articles/port-reopens/#annotation-quay-repairs"
    assert "<em>northern</em>" in second.content[0].value
    assert f'href="{BASE}articles/port-reopens/"' in second.content[0].value
    html = (trust / "corrections/index.html").read_text()
    assert ('<link rel="alternate" type="application/atom+xml" href="/repo/corrections/feed.xml"'
            in html)


def test_the_feed_keeps_the_newest_notes_the_log_keeps_them_all(trust_site, monkeypatch):
    from briefing.publish import corrections
    monkeypatch.setattr(corrections, "FEED_LIMIT", 2)
    out = built(trust_site)
    feed = feedparser.parse((out / "corrections/feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == [
        f"{BASE}articles/budget-vote/#annotation-vote-count",
        f"{BASE}articles/port-reopens/#annotation-quay-repairs"]
    assert feed.feed.updated == "2025-09-06T00:00:00+01:00"
    assert len(log_entries((out / "corrections/index.html").read_text())) == 3


def test_the_feed_is_the_same_from_one_build_to_the_next(trust_site):
    first = (built(trust_site) / "corrections/feed.xml").read_bytes()
    shutil.rmtree(trust_site / "_site")
    assert (built(trust_site) / "corrections/feed.xml").read_bytes() == first


def test_notices_name_their_kind_and_link_to_the_log(trust):
    html = (trust / "articles/port-reopens/index.html").read_text()
    header = html.split('<div class="article-body">')[0]
    assert '<strong>Correction, <time datetime="2025-09-03">' in header
    assert '<strong>Clarification, <time datetime="2025-09-04">' in header
    assert header.count('<a href="/repo/corrections/">All corrections and clarifications</a>') == 2


def test_the_footer_of_every_page_links_to_the_log(trust):
    for page in ("index.html", "archive/index.html", "articles/budget-vote/index.html"):
        assert '<a href="/repo/corrections/">Corrections</a>' in (trust / page).read_text()


def test_the_sitemap_lists_the_log(trust):
    assert f"<loc>{BASE}corrections/</loc>" in (trust / "sitemap.xml").read_text()


def test_only_corrections_are_schema_org_corrections_but_both_update_the_article(trust):
    html = (trust / "articles/port-reopens/index.html").read_text()
    data = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert [c["text"] for c in article["correction"]] == [
        "An earlier version said 400 ships were waiting; the authority's figure is about 40."]
    assert article["dateModified"] == "2025-09-04T00:00:00+01:00"  # the clarification
    assert 'content="2025-09-04T00:00:00+01:00"' in html  # article:modified_time agrees
    entries = feedparser.parse((trust / "feed.xml").read_bytes()).entries
    assert next(e for e in entries if e.title.startswith("Port")).updated == \
        "2025-09-04T00:00:00+01:00"


def test_clarifications_are_editing_in_the_web_annotations(trust):
    page = json.loads((trust / "articles/port-reopens/annotations.jsonld").read_text())
    motivations = {item["id"].rsplit("#", 1)[-1]: item["motivation"] for item in page["items"]}
    assert motivations["annotation-quay-repairs"] == "editing"


def test_a_clarification_needs_a_date(trust_site):
    path = trust_site / "content/annotations/port-reopens.yml"
    path.write_text(path.read_text().replace("    date: 2025-09-04\n", ""))
    result = run_cli("build", "--config", trust_site / "site.yml")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert ("content/annotations/port-reopens.yml:8: annotation 'quay-repairs': a "
            "clarification needs the 'date' it was made, for the clarification notice "
            "(e.g. date: 2025-08-11)") in result.stderr


def test_story_pages_group_clarifications(tmp_path):
    site = copy_site("stories", tmp_path)
    notes = min((site / "content/annotations").glob("*.yml"))
    text = notes.read_text()
    assert "kind: context" in text
    notes.write_text(text.replace("kind: context", "kind: clarification\n    date: 2025-01-02",
                                  1))
    out = built(site)
    assert any("Clarifications <span class=\"count\">" in p.read_text()
               for p in out.glob("stories/*/index.html"))
    assert "Clarification" in (out / "corrections/index.html").read_text()


def test_a_note_edit_updates_the_log_as_a_clean_build_would(trust_site, tmp_path):
    cache = BuildCache()
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "inc")
    build(options, cache=cache)
    path = trust_site / "content/annotations/budget-vote.yml"
    path.write_text(path.read_text().replace("date: 2025-09-06", "date: 2025-09-02")
                    .replace("kind: correction", "kind: clarification"))
    build(options, cache=cache)
    incremental = read_tree(tmp_path / "inc")
    build(BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "clean"))
    assert incremental == read_tree(tmp_path / "clean")
    html = incremental["corrections/index.html"].decode()
    assert log_entries(html)[-1].count('data-kind="clarification"') == 1
    assert "budget-vote" in log_entries(html)[-1]


def test_an_edit_build_renders_no_unchanged_correction_note(trust_site, tmp_path, monkeypatch):
    """The log and its feed show every correction of the archive on every build;
    a note that did not change is not rendered again, even by a fresh process
    (the cache on disk, the in-process memo of renders emptied)."""
    from collections import OrderedDict

    from briefing.render import markdown

    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "out",
                           jobs=1)  # every render in this process, where it is counted
    build(options)
    rendered: list[str] = []
    parser = markdown.render_parser()

    class Counting:
        def render(self, text: str, env: dict) -> str:
            rendered.append(text)
            return parser.render(text, env)

    monkeypatch.setattr(markdown, "render_parser", Counting)
    monkeypatch.setattr(markdown, "_rendered", OrderedDict())  # as a new process starts
    article = trust_site / "content/articles/budget-vote.md"
    article.write_text(article.read_text() + "\nOne more sentence.\n")
    build(options)
    assert any("One more sentence." in text for text in rendered)  # the edited article
    unchanged = ("authority's figure is about 40", "estimate for the *northern* quay")
    assert [text for text in rendered if any(part in text for part in unchanged)] == []


@pytest.mark.parametrize("edit", [
    ("annotations/port-reopens.yml", "the authority's figure is about 40.",
     "the authority's figure is about 45, it now says."),  # a correction's text
    ("annotations/port-reopens.yml", "estimate for the *northern* quay",
     "estimate for the *north* quay"),  # a clarification's
    ("annotations/budget-vote.yml", 'rating: "False"', "rating: Accurate"),  # a fact-check's
    ("articles/port-reopens.md", "title: Port reopens after the storm",
     "title: Port reopens at last"),  # the article a correction is on
    ("articles/port-reopens.md", "name: Wire", "name: Harbour Wire"),  # its source
])
def test_editing_what_the_log_and_the_feeds_show_updates_them_as_a_clean_build(
        trust_site, tmp_path, edit):
    name, old, new = edit
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "inc")
    build(options)
    before = read_tree(tmp_path / "inc")
    path = trust_site / "content" / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    build(options)  # through the cache on disk
    incremental = read_tree(tmp_path / "inc")
    build(BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "clean",
                       use_cache=False))
    assert incremental == read_tree(tmp_path / "clean")
    shown = {"corrections/index.html", "corrections/feed.xml", "claimreview.json"}
    assert {path for path in shown if incremental[path] != before[path]}, \
        "the edit changes none of the log, its feed and the fact-check feed"


@pytest.mark.parametrize("linked", [False, True])
def test_a_definition_edit_renders_the_log_only_if_a_logged_note_links_the_term(
        trust_site, tmp_path, monkeypatch, linked):
    """The log carries the definitions of the terms its notes link: an edit of
    another term's definition leaves it as it was, unrendered (every correction
    of the archive, 0.4 s at 10,000 articles); one of a term a correction links
    renders it with the new definition. Either way, as a clean build. (An edit of
    definitions alone patches the pages instead, build/definitions.py: an
    article edited beside it makes the pipeline run.)"""
    from briefing.listings import corrections
    if linked:
        notes = trust_site / "content/annotations/budget-vote.yml"
        notes.write_text(notes.read_text().replace(
            "& named the wrong <ward>.", "& named the wrong <ward>, as a fact-check found."))
    made: list[int] = []
    real = corrections.log_entries
    monkeypatch.setattr(corrections, "log_entries",
                        lambda *args: made.append(1) or real(*args))
    out = tmp_path / "out"
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=out, jobs=1)
    build(options)
    assert ("term-definition-fact-check" in (out / "corrections/index.html").read_text()) \
        == linked
    glossary = trust_site / "content/glossary.yml"
    glossary.write_text(glossary.read_text().replace("rating from the desk's scale.",
                                                     "rating from the desk's own scale."))
    article = trust_site / "content/articles/port-reopens.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    made.clear()
    build(options)
    assert bool(made) == linked
    assert ("own scale" in (out / "corrections/index.html").read_text()) == linked
    build(BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "clean"))
    assert read_tree(out) == read_tree(tmp_path / "clean")


def _over_two_months(site: Path) -> None:
    """The trust fixture's oldest correction moved back into August 2025."""
    path = site / "content/annotations/port-reopens.yml"
    path.write_text(path.read_text().replace("kind: correction\n    date: 2025-09-03",
                                             "kind: correction\n    date: 2025-08-20"))


def test_the_log_shows_the_newest_notes_and_every_month_on_its_own_page(
        trust_site, monkeypatch):
    from briefing.listings import corrections
    monkeypatch.setattr(corrections, "LOG_NEWEST", 1)
    _over_two_months(trust_site)
    out = built(trust_site)
    first = (out / "corrections/index.html").read_text()
    assert len(log_entries(first)) == 1 and "#annotation-vote-count" in log_entries(first)[0]
    index = first.split('id="by-month"')[1]
    assert ('<a href="/repo/corrections/2025/09/">September 2025</a> '
            '<span class="count">2 notes</span>') in index
    assert ('<a href="/repo/corrections/2025/08/">August 2025</a> '
            '<span class="count">1 note</span>') in index
    assert index.index("2025/09/") < index.index("2025/08/")  # newest first
    september = (out / "corrections/2025/09/index.html").read_text()
    august = (out / "corrections/2025/08/index.html").read_text()
    assert [re.search(r'#annotation-[a-z-]+', e).group() for e in log_entries(september)] \
        == ["#annotation-vote-count", "#annotation-quay-repairs"]
    assert "#annotation-ships-waiting" in "".join(log_entries(august))
    assert "<title>August 2025 · Corrections and clarifications · Trust Fixture</title>" \
        in august
    # each month links its neighbours and the index; the first page has no such links
    assert '<a href="/repo/corrections/2025/08/"><span class="visually-hidden">Older month: ' \
        in september
    assert '<a href="/repo/corrections/2025/09/"><span aria-hidden="true">←</span>' in august
    assert '<a href="/repo/corrections/#by-month">All months</a>' in august
    assert 'aria-label="Months of the corrections log"' not in first
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{BASE}corrections/2025/08/</loc>" in sitemap


def test_every_linked_note_and_month_of_the_log_exists(trust_site, monkeypatch):
    from briefing.listings import corrections
    monkeypatch.setattr(corrections, "LOG_NEWEST", 1)
    _over_two_months(trust_site)
    out = built(trust_site)
    pages = [out / "corrections/index.html", *out.glob("corrections/*/*/index.html")]
    assert len(pages) == 3
    for page in pages:
        html = page.read_text()
        for folder in re.findall(r'href="/repo/(corrections/[^"#]*/)', html):
            assert (out / folder / "index.html").is_file(), folder
        assert (out / "corrections/feed.xml").is_file()
        for folder, ident in re.findall(r'href="/repo/(articles/[^/]+/)#([^"]+)"', html):
            assert f'id="{ident}"' in (out / folder / "index.html").read_text()


def test_an_edit_of_an_older_note_rewrites_its_month_alone(trust_site, tmp_path, monkeypatch):
    """A page of the log is given only the notes it shows: an edit of a note
    neither the first page nor another month shows leaves them as they were, and
    the build equals a clean one."""
    from briefing.listings import corrections
    monkeypatch.setattr(corrections, "LOG_NEWEST", 1)
    _over_two_months(trust_site)
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "inc")
    build(options)
    before = read_tree(tmp_path / "inc")
    path = trust_site / "content/annotations/port-reopens.yml"
    path.write_text(path.read_text().replace("figure is about 40.", "figure is about 45."))
    build(options)
    incremental = read_tree(tmp_path / "inc")
    changed = {name for name in incremental if incremental[name] != before.get(name)}
    assert {name for name in changed if name.startswith("corrections/")} \
        == {"corrections/2025/08/index.html", "corrections/feed.xml"}
    build(BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "clean",
                       use_cache=False))
    assert incremental == read_tree(tmp_path / "clean")


def test_a_month_whose_notes_are_gone_loses_its_page(trust_site, tmp_path):
    _over_two_months(trust_site)
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "inc")
    build(options)
    assert (tmp_path / "inc/corrections/2025/08/index.html").is_file()
    path = trust_site / "content/annotations/port-reopens.yml"
    path.write_text(path.read_text().replace("date: 2025-08-20", "date: 2025-09-02"))
    build(options)
    assert not (tmp_path / "inc/corrections/2025/08").exists()
    build(BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "clean",
                       use_cache=False))
    assert read_tree(tmp_path / "inc") == read_tree(tmp_path / "clean")
