"""Publishing: feeds, sitemap, robots.txt, page metadata, CNAME and the link check.

Real parsers read the output the way feed readers and search engines do:
feedparser for the Atom feed, xmlschema with the sitemaps.org schema, extruct
for JSON-LD and Open Graph.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import extruct
import feedparser
import pytest
import xmlschema

from briefing.publish.feeds import absolute_links
from briefing.render.metadata import og_locale
from tests.conftest import FIXTURES, REPO, copy_site, read_tree, run_cli

EXAMPLE_BASE = "https://example.github.io/briefing/"
BASIC_BASE = "https://example.github.io/repo/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CORRECTED = "articles/leaders-sign-peace-agreement-at-white-house/"
LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "_site"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out,
                     "--base-url", EXAMPLE_BASE)
    assert result.exit_code == 0, result.stderr
    return out


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# Feeds


def test_atom_feed_parses_without_errors_newest_first(built_basic):
    feed = feedparser.parse((built_basic / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.id for entry in feed.entries] == [
        f"{BASIC_BASE}articles/{slug}/" for slug in ("summit-signed", "older-report",
                                                     "custom-slug")]  # no drafts
    first = feed.entries[0]
    assert first.title == "Leaders sign “peace” declaration – at last"
    assert first.published == "2025-08-08T18:30:00+01:00"
    assert first.link == f"{BASIC_BASE}articles/summit-signed/"
    assert [a.name for a in first.authors] == ["Desk Editor", "Second Author"]
    assert feed.feed.title == "Fixture Briefing"
    assert feed.feed.updated == "2025-08-08T18:30:00+01:00"  # the newest entry's, no build time
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": f"{BASIC_BASE}feed.xml", "alternate": BASIC_BASE}


def test_feed_content_is_the_full_text_with_absolute_links(built_basic):
    root = ET.parse(built_basic / "feed.xml").getroot()
    entry = root.find(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = content.text
    assert "<h2 id=\"what-was-signed\">What was signed</h2>" in html
    assert 'class="footnotes"' in html and "The footnote’s text." in html
    for url in LINK.findall(html):
        assert url.startswith(("https://", "http://", "#")), url


def test_annotations_become_footnotes_and_corrections_update_the_entry(example):
    feed = feedparser.parse((example / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    entries = {entry.id: entry for entry in feed.entries}
    corrected = entries[EXAMPLE_BASE + CORRECTED]
    assert corrected.published == "2025-08-08T00:00:00+00:00"
    assert corrected.updated == "2025-08-09T00:00:00+00:00"  # the correction's date
    assert feed.feed.updated == "2025-08-11T00:00:00+00:00"  # report A's clarification
    root = ET.parse(example / "feed.xml").getroot()
    html = next(e.find(f"{ATOM}content").text for e in root.iter(f"{ATOM}entry")
                if e.find(f"{ATOM}id").text == EXAMPLE_BASE + CORRECTED)
    assert '<section class="footnotes">' in html
    assert "<strong>Correction.</strong>" in html
    assert "They signed a\njoint declaration" in html
    assert 'class="annotation"' not in html  # footnotes, not the page's asides
    for url in LINK.findall(html):
        assert url.startswith((EXAMPLE_BASE, "https://", "#")), url
    assert f'href="{EXAMPLE_BASE}glossary/' in html  # glossary links made absolute


def test_each_entry_s_footnotes_are_named_after_its_article(example):
    """A reader showing several entries on one page had an id="fn1" in each
    (a review): every note link led to the first entry's note."""
    root = ET.parse(example / "feed.xml").getroot()
    seen: set[str] = set()
    for entry in root.iter(f"{ATOM}entry"):
        html = entry.find(f"{ATOM}content").text
        slug = entry.find(f"{ATOM}id").text.rstrip("/").rsplit("/", 1)[-1]
        ids = set(re.findall(r' id="(fn[^"]*)"', html))
        targets = {href[1:] for href in re.findall(r'href="(#fn[^"]*)"', html)}
        assert ids == targets  # each note link finds its note in the same entry
        assert all(name.startswith((f"fn-{slug}-", f"fnref-{slug}-")) for name in ids), ids
        assert not ids & seen
        seen |= ids
    assert seen  # the example's entries have notes


def test_json_feed_matches_the_atom_feed(example):
    data = json.loads((example / "feed.json").read_text())
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["home_page_url"] == EXAMPLE_BASE
    assert data["feed_url"] == EXAMPLE_BASE + "feed.json"
    assert data["language"] == "en"
    assert data["authors"] == [{"name": "The Caucasus Briefing desk"}]
    atom = feedparser.parse((example / "feed.xml").read_bytes())
    assert [item["id"] for item in data["items"]] == [e.id for e in atom.entries]
    item = next(i for i in data["items"] if i["url"] == EXAMPLE_BASE + CORRECTED)
    assert item["date_published"] == "2025-08-08T00:00:00+00:00"
    assert item["date_modified"] == "2025-08-09T00:00:00+00:00"
    assert item["tags"][:2] == ["Armenia", "Azerbaijan"]
    assert '<section class="footnotes">' in item["content_html"]
    for url in LINK.findall(item["content_html"]):
        assert url.startswith(("https://", "#")), url


def test_links_in_content_are_made_absolute():
    page = "https://e.org/repo/articles/a/"
    html = ('<a href="/repo/articles/b/">b</a> <a href="../c/?x=1&amp;y=2">c</a> '
            '<img src="pic.png" alt=""> <a href="#fn1">1</a> <a href="https://w.org/">w</a>')
    assert absolute_links(html, page) == (
        '<a href="https://e.org/repo/articles/b/">b</a> '
        '<a href="https://e.org/repo/articles/c/?x=1&amp;y=2">c</a> '
        '<img src="https://e.org/repo/articles/a/pic.png" alt=""> '
        '<a href="#fn1">1</a> <a href="https://w.org/">w</a>')


def test_a_briefing_without_articles_still_has_valid_feeds(tmp_path):
    site = copy_site("basic", tmp_path)
    for article in (site / "content/articles").glob("*.md"):
        article.unlink()
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    feed = feedparser.parse((site / "_site/feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00+00:00"
    assert json.loads((site / "_site/feed.json").read_text())["items"] == []


# Sitemap and robots.txt


def test_sitemap_is_valid_and_lists_every_page(example):
    schema = xmlschema.XMLSchema(FIXTURES / "sitemap" / "sitemap.xsd")
    schema.validate(str(example / "sitemap.xml"))
    urls = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod")
            for u in ET.parse(example / "sitemap.xml").getroot()}
    expected = {EXAMPLE_BASE + p.removesuffix("index.html") for p in html_pages(example)
                if p not in ("404.html", "search/index.html")}
    assert set(urls) == expected
    assert urls[EXAMPLE_BASE + CORRECTED].text == "2025-08-09T00:00:00+00:00"
    assert urls[EXAMPLE_BASE].text == "2025-08-11T00:00:00+00:00"  # report A's clarification
    assert next(iter(urls)) == EXAMPLE_BASE


def test_the_sitemap_schema_rejects_a_broken_sitemap():
    schema = xmlschema.XMLSchema(FIXTURES / "sitemap" / "sitemap.xsd")
    assert not schema.is_valid('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                               "<url><lastmod>yesterday</lastmod></url></urlset>")


def test_robots_txt_names_the_sitemap(example):
    text = (example / "robots.txt").read_text()
    assert f"Sitemap: {EXAMPLE_BASE}sitemap.xml\n" in text
    assert "User-agent: *\nAllow: /\n" in text


def test_a_robots_txt_in_static_wins(basic_site):
    (basic_site / "static").mkdir()
    (basic_site / "static/robots.txt").write_text("User-agent: *\nDisallow: /\n")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert (basic_site / "_site/robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


# Page metadata


def opengraph(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in extruct.extract(html, syntaxes=["opengraph"])["opengraph"]:
        for name, value in block["properties"]:
            found.setdefault(name, []).append(value)
    return found


def test_article_pages_carry_news_article_and_breadcrumbs(built_basic):
    url = BASIC_BASE + "articles/summit-signed/"
    html = (built_basic / "articles/summit-signed/index.html").read_text()
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert article["headline"] == 'Leaders sign "peace" declaration -- at last'
    assert article["datePublished"] == "2025-08-08T18:30:00+01:00"
    assert article["dateModified"] == "2025-08-08T18:30:00+01:00"
    assert article["author"] == [{"@type": "Person", "name": "Desk Editor"},
                                 {"@type": "Person", "name": "Second Author"}]
    assert article["publisher"] == {"@type": "Organization", "name": "Fixture Desk",
                                    "url": "https://example.org/"}
    assert article["isBasedOn"] == "https://example.com/wire-b/summit"
    assert article["mainEntityOfPage"] == url
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Fixture Briefing", BASIC_BASE),
        (2, 'Leaders sign "peace" declaration -- at last', url)]


def test_date_modified_follows_corrections_with_a_time_zone(example):
    html = (example / CORRECTED / "index.html").read_text()
    data = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert article["datePublished"] == "2025-08-08T00:00:00+00:00"
    assert article["dateModified"] == "2025-08-09T00:00:00+00:00"
    assert article["author"] == {"@type": "Organization", "name": "Wire report B"}
    og = opengraph(html)
    assert og["article:modified_time"] == ["2025-08-09T00:00:00+00:00"]


def test_article_open_graph_and_twitter_tags(built_basic):
    url = BASIC_BASE + "articles/summit-signed/"
    html = (built_basic / "articles/summit-signed/index.html").read_text()
    og = opengraph(html)
    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["Leaders sign “peace” declaration – at last"]
    assert og["og:description"] == ["The two leaders met at the White House."]
    assert og["og:url"] == [url]
    assert og["og:site_name"] == ["Fixture Briefing"]
    assert og["og:locale"] == ["en_GB"]
    assert og["article:published_time"] == ["2025-08-08T18:30:00+01:00"]
    assert og["article:tag"] == ["Armenia", "Azerbaijan", "Diplomacy"]
    assert og["article:section"] == ["Armenia"]
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    title = "Leaders sign “peace” declaration – at last"
    assert f'<meta name="twitter:title" content="{title}">' in html
    assert '<link rel="alternate" type="application/atom+xml" href="/repo/feed.xml"' in html


def test_every_page_has_title_description_and_sharing_tags(example):
    for path in html_pages(example):
        html = (example / path).read_text()
        assert '<html lang="en">' in html, path
        assert re.search(r"<title>[^<]+</title>", html), path
        assert re.search(r'<meta name="description" content="[^"]+">', html), path
        og = opengraph(html)
        for name in ("og:type", "og:title", "og:description", "og:site_name", "og:locale"):
            assert og.get(name), (path, name)
        assert '<meta name="twitter:card" content="summary_large_image">' in html, path
        assert '<meta property="og:image" content="https://' in html, path  # never a bare card
        expected_type = "article" if path.startswith("articles/") \
            and "/history/" not in path else "website"  # a history page lists versions
        assert og["og:type"] == [expected_type], path
        if path != "404.html":  # served at any URL, so it names none
            canonical = EXAMPLE_BASE + path.removesuffix("index.html")
            assert f'<link rel="canonical" href="{canonical}">' in html, path
            assert og["og:url"] == [canonical], path


def test_pages_of_other_kinds_get_defaults(example):
    html = (example / "index.html").read_text()
    og = opengraph(html)
    assert og["og:title"] == ["The Caucasus Briefing"]
    assert og["og:description"] == [("Wire reports on Armenia, Azerbaijan and the South "
                                     "Caucasus, annotated by our editors.")]
    assert "article:published_time" not in og
    assert '<meta name="robots" content="noindex">' in (example / "404.html").read_text()
    assert '<meta name="robots"' not in html


@pytest.mark.parametrize(("language", "locale"), [("en", "en"), ("en-GB", "en_GB"),
                                                  ("fr-ca", "fr_CA"), ("zh-Hant-TW", "zh_TW")])
def test_open_graph_locale(language, locale):
    assert og_locale(language) == locale


# Link check


def test_check_links_passes_on_the_example_site(example):
    result = run_cli("check", "--links", "--config", REPO / "site.yml", "--out", example,
                     "--base-url", EXAMPLE_BASE)
    assert result.exit_code == 0, result.stderr
    assert "none broken" in result.stdout


def test_check_links_reports_each_broken_link(built_basic, basic_site):
    page = built_basic / "articles/older-report/index.html"
    text = page.read_text().replace("</main>", '<a href="/repo/nowhere/">x</a></main>')
    page.write_text(text)
    line = text[:text.index("/repo/nowhere/")].count("\n") + 1
    result = run_cli("check", "--links", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert (f"articles/older-report/index.html:{line}: /repo/nowhere/: "
            "no such file in the built site") in result.stderr
    assert "Failed: 1 broken link" in result.stderr
    assert "hint" not in result.stderr  # one link is broken, not the base URL


def test_check_links_after_a_build_with_another_base_url_says_so(basic_site):
    """A site built with --base-url and checked with site.yml's base_url had
    every internal link broken: hundreds of lines, and not a word of why."""
    other = "https://news.example.org/deep/path/"
    assert run_cli("build", "--config", basic_site / "site.yml", "--base-url", other
                   ).exit_code == 0
    result = run_cli("check", "--links", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    hint, failed = result.stderr.splitlines()[-2:]
    assert hint == (f"hint: the site seems built with the base URL {other} (its links start "
                    "with /deep/path/), but the check uses https://example.github.io/repo/ "
                    "(links under /repo/): build it again without --base-url (or with the one "
                    f"you check with), or check with --base-url {other}")
    assert failed.startswith("Failed: ") and int(failed.split()[1]) > 100
    (basic_site / "_site/index.html").write_text(re.sub(
        r'<link rel="canonical"[^>]*>', "", (basic_site / "_site/index.html").read_text()))
    result = run_cli("check", "--links", "--config", basic_site / "site.yml")
    assert result.stderr.splitlines()[-2] == (
        "hint: the site seems built with another base URL (its links start with /deep/path/), "
        "but the check uses https://example.github.io/repo/ (links under /repo/): build it "
        "again without --base-url (or with the one you check with), or check with the "
        "--base-url it was built with")
    assert run_cli("check", "--links", "--config", basic_site / "site.yml", "--base-url",
                   other).exit_code == 0


def test_check_links_needs_a_built_site(basic_site):
    result = run_cli("check", "--links", "--config", basic_site / "site.yml")
    assert result.exit_code == 2
    assert "no built site here" in result.stderr


def test_the_not_found_page_links_under_the_project_path(example):
    html = (example / "404.html").read_text()
    for url in LINK.findall(html):
        assert url.startswith(("/briefing/", "https://", "#")), url


# GitHub Pages: CNAME


def test_cname_writes_the_cname_file(basic_site):
    with (basic_site / "site.yml").open("a") as f:
        f.write("cname: News.Example.org\n")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert (basic_site / "_site/CNAME").read_text() == "news.example.org\n"
    assert "CNAME" in (basic_site / "_site/.briefing-build").read_text()


@pytest.mark.parametrize("value", ["https://news.example.org", "localhost", "news..org",
                                   "-bad.example.org", "192.168.1.1", "news.example.org/x"])
def test_cname_must_be_a_host_name(basic_site, value):
    with (basic_site / "site.yml").open("a") as f:
        f.write(f"cname: {value}\n")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "site.yml:" in result.stderr and "'cname'" in result.stderr


@pytest.mark.parametrize("command", ["build", "check"])
def test_cname_and_a_static_cname_file_conflict(basic_site, command):
    """A content error at the cname: line, told by check too and with the
    site's other errors (it was a usage error, exit 2, when the build wrote)."""
    with (basic_site / "site.yml").open("a") as f:
        f.write("cname: news.example.org\n")
    line = len((basic_site / "site.yml").read_text().splitlines())
    (basic_site / "static").mkdir()
    (basic_site / "static/CNAME").write_text("other.example.org\n")
    result = run_cli(command, "--config", basic_site / "site.yml")
    assert result.exit_code == 1, result.stderr
    assert f"site.yml:{line}: 'cname': static/CNAME exists too" in result.stderr
    assert "keep one of them: remove this line or the file static/CNAME" in result.stderr
    assert "Traceback" not in result.stderr
    said = "Failed: 1 error; nothing was written." if command == "build" else "Failed: 1 error."
    assert result.stderr.splitlines()[-1] == said  # check writes nothing at all


def test_nojekyll_is_always_written(built_basic):
    assert (built_basic / ".nojekyll").read_bytes() == b""


def test_outputs_are_byte_identical_across_builds(tmp_path):
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert run_cli("build", "--config", REPO / "site.yml", "--out", out,
                       "--base-url", EXAMPLE_BASE).exit_code == 0
        trees.append(read_tree(out))
    assert trees[0] == trees[1]
    assert {"feed.xml", "feed.json", "sitemap.xml", "robots.txt"} <= set(trees[0])
