"""Listings that stay small: a bounded front page, the archive as one page per
month with an index of months, topic pages in pages of ``topic_pages: per_page``;
each given only the reports it shows, so one edit rewrites a bounded number of
pages (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.config.site import load_config
from briefing.core.errors import Diagnostics
from briefing.render.context import RenderContext
from tests.conftest import read_tree, run_cli

BASE = "https://example.org/news/"

# slug, date, tags: five months of 2024-25 with a gap (no April), and a report
# filed late on 31 January in New York, which is 1 February in the site's UTC.
REPORTS = [
    ("dec-a", "2024-12-10", ["Economy"]),
    ("dec-b", "2024-12-20", ["Economy", "Trade"]),
    ("jan-a", "2025-01-05", ["Economy"]),
    ("late-jan", "2025-01-31T23:30:00-05:00", ["Economy"]),
    ("mar-a", "2025-03-15", ["Economy", "Trade"]),
    ("may-a", "2025-05-02", ["Trade"]),
]


def write_site(root: Path, reports=REPORTS, settings: str = "",
               stories: dict[str, str] | None = None) -> Path:
    """A site of ``reports`` (slug, date, tags[, story]); ``stories``: slug -> date."""
    (root / "content/articles").mkdir(parents=True)
    (root / "site.yml").write_text(f"title: Listings\nbase_url: {BASE}\ntimezone: UTC\n"
                                   f"search: false\n{settings}")
    for slug, date, tags, *story in reports:
        extra = f"story: {story[0]}\n" if story else ""
        (root / f"content/articles/{slug}.md").write_text(
            f"---\ntitle: Report {slug}\ndate: {date}\ntags: [{', '.join(tags)}]\n{extra}"
            f"---\n\nThe body of {slug}.\n")
    for slug, date in (stories or {}).items():
        (root / "content/stories").mkdir(exist_ok=True)
        (root / f"content/stories/{slug}.yml").write_text(
            f"title: Story {slug}\ndate: {date}\nsummary: What {slug} is about.\n")
    return root


def built(site: Path) -> Path:
    out = site / "_site"
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    return out


def main_of(out: Path, path: str) -> str:
    html = (out / path / "index.html").read_text()
    return html.split('<main id="main"')[1].split("</main>")[0]


def linked_reports(html: str) -> list[str]:
    return re.findall(r'href="/news/articles/([a-z0-9-]+)/"', html)


# --- the archive ------------------------------------------------------------------------

def test_each_month_has_a_page_of_its_own_reports_in_the_sites_time_zone(tmp_path):
    out = built(write_site(tmp_path / "site"))
    months = sorted(p.parent.relative_to(out).as_posix()
                    for p in out.glob("archive/*/*/index.html"))
    assert months == ["archive/2024/12", "archive/2025/01", "archive/2025/02",
                      "archive/2025/03", "archive/2025/05"]  # no page for April
    assert linked_reports(main_of(out, "archive/2024/12")) == ["dec-b", "dec-a"]
    assert linked_reports(main_of(out, "archive/2025/01")) == ["jan-a"]
    assert linked_reports(main_of(out, "archive/2025/02")) == ["late-jan"]  # 04:30 UTC
    html = main_of(out, "archive/2024/12")
    assert '<h1 class="page-title">December 2024</h1>' in html
    assert "2 reports, newest first." in html


def test_a_month_links_the_months_before_and_after_it(tmp_path):
    out = built(write_site(tmp_path / "site"))

    def neighbours(path: str) -> list[str]:
        nav = main_of(out, path).split('<nav class="pagination" aria-label="Months')[1]
        return re.findall(r'href="/news/archive/([0-9/]*)"', nav.split("</nav>")[0])

    assert neighbours("archive/2025/05") == ["", "2025/03/"]  # newest: no newer month
    assert neighbours("archive/2025/03") == ["2025/05/", "", "2025/02/"]  # April has none
    assert neighbours("archive/2024/12") == ["2025/01/", ""]
    assert "Newer month: </span>January 2025" in main_of(out, "archive/2024/12")


def test_the_archive_is_an_index_of_months_with_counts_newest_first(tmp_path):
    out = built(write_site(tmp_path / "site"))
    html = main_of(out, "archive")
    assert re.findall(r'<h2 class="archive-month-title" id="year-(\d+)">', html) == [
        "2025", "2024"]
    entries = re.findall(r'<li id="month-([0-9-]+)"><a href="/news/(archive/[0-9/]+)">'
                         r'([^<]+)</a> <span class="count">([^<]+)</span>', html)
    assert entries == [
        ("2025-05", "archive/2025/05/", "May 2025", "1 report"),
        ("2025-03", "archive/2025/03/", "March 2025", "1 report"),
        ("2025-02", "archive/2025/02/", "February 2025", "1 report"),
        ("2025-01", "archive/2025/01/", "January 2025", "1 report"),
        ("2024-12", "archive/2024/12/", "December 2024", "2 reports"),
    ]
    assert linked_reports(html) == []  # the reports are on the months' pages


def test_an_empty_archive_says_so(tmp_path):
    out = built(write_site(tmp_path / "site", reports=[]))
    assert "No reports yet." in main_of(out, "archive")
    assert not list(out.glob("archive/*/"))


# --- topic pages --------------------------------------------------------------------------

def tagged(count: int) -> list[tuple[str, str, list[str]]]:
    """``count`` reports on Economy, one a day, newest last."""
    return [(f"day-{day:02d}", f"2025-06-{day:02d}", ["Economy"]) for day in range(1, count + 1)]


def test_a_topic_of_exactly_one_page_size_has_one_page_and_no_page_links(tmp_path):
    out = built(write_site(tmp_path / "site", tagged(3), "topic_pages: {per_page: 3}\n"))
    assert linked_reports(main_of(out, "tags/economy")) == ["day-03", "day-02", "day-01"]
    assert not (out / "tags/economy/page").exists()
    html = (out / "tags/economy/index.html").read_text()
    assert 'class="pagination"' not in html and 'rel="next"' not in html
    assert "3 reports, newest first." in html


def test_one_report_more_than_a_page_size_makes_a_second_page(tmp_path):
    out = built(write_site(tmp_path / "site", tagged(4), "topic_pages: {per_page: 3}\n"))
    first, second = (out / "tags/economy/index.html").read_text(), \
        (out / "tags/economy/page/2/index.html").read_text()
    assert linked_reports(main_of(out, "tags/economy")) == ["day-04", "day-03", "day-02"]
    assert linked_reports(main_of(out, "tags/economy/page/2")) == ["day-01"]
    assert not (out / "tags/economy/page/1").exists()  # page 1 is /tags/economy/
    assert not (out / "tags/economy/page/3").exists()
    assert '<link rel="next" href="/news/tags/economy/page/2/">' in first
    assert 'rel="prev"' not in first
    assert '<link rel="prev" href="/news/tags/economy/">' in second
    assert 'rel="next"' not in second
    assert f'<link rel="canonical" href="{BASE}tags/economy/page/2/">' in second
    assert "<title>Economy · page 2 · Listings</title>" in second
    assert "4 reports, newest first; page 2 of 2." in second
    nav = second.split('<nav class="pagination" aria-label="Pages of Economy">')[1]
    assert ('<a href="/news/tags/economy/page/2/" aria-current="page">'
            '<span class="visually-hidden">Page </span>2</a>') in nav
    assert nav.count("aria-current") == 1


def test_a_long_topic_links_the_pages_near_this_one_not_every_page(tmp_path):
    out = built(write_site(tmp_path / "site", tagged(20), "topic_pages: {per_page: 2}\n"))
    assert len(list(out.glob("tags/economy/page/*/index.html"))) == 9  # pages 2 to 10
    nav = main_of(out, "tags/economy/page/6").split('class="pagination"')[1]
    assert re.findall(r"</span>(\d+)</a>", nav) == ["1", "4", "5", "6", "7", "8", "9", "10"]
    assert nav.count('class="pagination-gap"') == 1


def test_the_topics_index_counts_every_report_and_links_page_one(tmp_path):
    out = built(write_site(tmp_path / "site", tagged(4), "topic_pages: {per_page: 3}\n"))
    assert ('<li><a href="/news/tags/economy/">Economy</a> <span class="count">4 reports'
            '</span></li>') in main_of(out, "tags")


# --- the front page -------------------------------------------------------------------------

STORIED = [
    ("old-story-report", "2025-01-10", ["Economy"], "old"),
    ("mid-story-report", "2025-02-10", ["Economy"], "middle"),
    ("new-story-report", "2025-03-10", ["Economy"], "new"),
    ("loose-1", "2025-01-01", ["Trade"]),
    ("loose-2", "2025-02-01", ["Trade"]),
    ("loose-3", "2025-03-01", ["Trade"]),
]
STORIES = {"old": "2025-01-10", "middle": "2025-02-10", "new": "2025-03-10"}


def test_the_front_page_shows_the_newest_stories_and_reports_and_links_on(tmp_path):
    out = built(write_site(tmp_path / "site", STORIED, "front_page: {stories: 2, reports: 3}\n",
                           STORIES))
    html = main_of(out, "")
    stories = html.split("Other reports")[0]
    assert re.findall(r'href="/news/stories/([a-z]+)/">Story', stories) == ["new", "middle"]
    others = html.split("Other reports")[1].split('<p class="more">')[0]
    # the old story is not shown, so its report is among the reports, with its story
    assert linked_reports(others) == ["loose-3", "loose-2", "old-story-report"]
    assert 'Story: <a href="/news/stories/old/">Story old</a>' in others
    assert '<p class="more"><a href="/news/stories/">Older stories</a></p>' in html
    assert '<p class="more"><a href="/news/archive/">Older reports in the archive</a></p>' in html


def test_by_default_a_small_briefing_shows_everything_on_the_front_page(tmp_path):
    out = built(write_site(tmp_path / "site", STORIED, "", STORIES))
    html = main_of(out, "")
    assert re.findall(r'href="/news/stories/([a-z]+)/">Story', html) == ["new", "middle", "old"]
    assert linked_reports(html.split("Other reports")[1]) == ["loose-3", "loose-2", "loose-1"]
    assert '<p class="more">' not in html


def test_a_front_page_without_stories_shows_the_newest_reports(tmp_path):
    out = built(write_site(tmp_path / "site", settings="front_page: {reports: 3}\n"))
    html = main_of(out, "")
    assert linked_reports(html.split('<p class="browse">')[0]) == ["may-a", "mar-a", "late-jan"]
    assert "Older reports in the archive" in html


# --- site.yml -------------------------------------------------------------------------------

def test_listing_settings_default_and_are_read(tmp_path):
    path = tmp_path / "site.yml"
    path.write_text("title: T\nbase_url: https://e.org/\n")
    config = load_config(path, Diagnostics())
    assert (config.front_page_stories, config.front_page_reports, config.topic_page_size) \
        == (10, 20, 20)
    path.write_text("title: T\nbase_url: https://e.org/\nfront_page:\n  stories: 0\n"
                    "  reports: 5\ntopic_pages: {per_page: 50}\n")
    config = load_config(path, Diagnostics())
    assert (config.front_page_stories, config.front_page_reports, config.topic_page_size) \
        == (0, 5, 50)


@pytest.mark.parametrize("text, expected", [
    ("front_page:\n  stories: -1\n",
     "site.yml:4: 'stories': expected a whole number from 0 up, got int -1"),
    ("front_page:\n  reports: ten\n",
     "site.yml:4: 'reports': expected a whole number from 0 up, got str 'ten'"),
    ("front_page:\n  storys: 3\n",
     "site.yml:4: unknown key 'storys' in front_page (did you mean 'stories'?)"),
    ("topic_pages:\n  per_page: 0\n",
     ("site.yml:4: 'per_page': expected a whole number from 1 up (the reports on each "
      "page), got int 0")),
    ("topic_pages: 20\n",
     "site.yml:3: 'topic_pages': expected a mapping with the keys per_page, got int 20"),
    ("front_pages: {stories: 3}\n",
     "site.yml:3: unknown key 'front_pages' in site.yml (did you mean 'front_page'?)"),
])
def test_listing_settings_that_are_wrong_are_errors_at_their_line(tmp_path, text, expected):
    path = tmp_path / "site.yml"
    path.write_text("title: T\nbase_url: https://e.org/\n" + text)
    diagnostics = Diagnostics()
    assert load_config(path, diagnostics) is None
    assert [error.format() for error in diagnostics.errors] == [expected]


def test_a_wrong_listing_setting_fails_the_build_with_its_line_and_no_traceback(tmp_path):
    site = write_site(tmp_path / "site", settings="topic_pages: {per_page: 0}\n")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code != 0
    assert "site.yml:5: 'per_page': expected a whole number from 1 up" in result.stderr
    assert "Traceback" not in result.stderr


# --- valid HTML -----------------------------------------------------------------------------

def test_month_topic_and_front_pages_with_every_link_are_valid_html(tmp_path):
    """Pages in the middle of a long topic (both page links, a gap), a front page
    that leaves stories and reports out, months with neighbours on both sides."""
    from tests.tools import vnu_errors
    reports = [*REPORTS, *tagged(12), *STORIED]
    out = built(write_site(tmp_path / "site", reports, "front_page: {stories: 1, reports: 2}\n"
                           "topic_pages: {per_page: 2}\n", STORIES))
    assert (out / "tags/economy/page/9/index.html").exists()
    pages = [out / "index.html", out / "archive/index.html", out / "tags/index.html",
             *sorted(out.glob("archive/*/*/index.html")),
             *sorted(out.glob("tags/economy/**/index.html"))]
    assert vnu_errors(pages) == []


# --- the sitemap ----------------------------------------------------------------------------

def test_every_month_and_topic_page_is_in_the_sitemap(tmp_path):
    out = built(write_site(tmp_path / "site", settings="topic_pages: {per_page: 2}\n"))
    sitemap = (out / "sitemap.xml").read_text()
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    pages = {f"{BASE}{p.parent.relative_to(out).as_posix()}/"
             for p in out.rglob("index.html")} - {f"{BASE}./"}
    assert {f"{BASE}archive/", f"{BASE}archive/2024/12/", f"{BASE}archive/2025/05/",
            f"{BASE}tags/economy/", f"{BASE}tags/economy/page/2/",
            f"{BASE}tags/economy/page/3/", f"{BASE}tags/trade/page/2/"} <= locs
    assert pages <= locs
    for path in ("archive/2025/03", "tags/economy/page/3"):
        html = (out / path / "index.html").read_text()
        assert f'<link rel="canonical" href="{BASE}{path}/">' in html


# --- what an edit rewrites -------------------------------------------------------------------

SMALL = "front_page: {stories: 1, reports: 2}\ntopic_pages: {per_page: 2}\n"


def written_by(site: Path, edit) -> set[str]:
    """The output files an incremental build after ``edit()`` writes (or removes)."""
    options = BuildOptions(config_path=site / "site.yml", output_dir=site / "_site")
    build(options)
    before = {p.relative_to(site / "_site").as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
              for p in (site / "_site").rglob("*") if p.is_file()}
    edit()
    result = build(options)
    assert not result.full
    after = {p.relative_to(site / "_site").as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
             for p in (site / "_site").rglob("*") if p.is_file()}
    return {path for path in before.keys() | after.keys()
            if before.get(path) != after.get(path)} - {".briefing-build"}


def retitle(site: Path, slug: str) -> None:
    path = site / f"content/articles/{slug}.md"
    path.write_text(path.read_text().replace(f"title: Report {slug}", "title: A new title"))


def test_editing_a_report_rewrites_its_month_not_the_other_months(tmp_path):
    site = write_site(tmp_path / "site", settings=SMALL)
    written = written_by(site, lambda: retitle(site, "dec-a"))
    # its sharing card shows its title: the new card is written, the old one removed
    assert len([p for p in written if p.startswith("pictures/cards/dec-a-")]) == 2
    listings = {p for p in written if not p.startswith(("articles/", "pictures/cards/dec-a-"))}
    # its month and the one page of Economy that shows it (page 3: mar-a late-jan |
    # jan-a dec-b | dec-a); the feeds list every report of a site this small
    assert listings == {"archive/2024/12/index.html", "tags/economy/page/3/index.html",
                        "feed.xml", "feed.json"}
    assert {p for p in written if p.startswith("articles/")} <= {
        f"articles/dec-a/{name}" for name in ("index.html", "index.md", "annotations.jsonld")}
    assert read_tree(site / "_site") == read_tree(clean(site, tmp_path / "clean"))


def test_a_report_on_the_front_page_rewrites_the_front_page_too(tmp_path):
    site = write_site(tmp_path / "site", settings=SMALL)
    written = written_by(site, lambda: retitle(site, "may-a"))
    assert {"index.html", "archive/2025/05/index.html", "tags/trade/index.html"} <= written
    assert not {"archive/index.html", "tags/index.html", "archive/2025/03/index.html",
                "tags/economy/index.html", "tags/trade/page/2/index.html"} & written


def test_moving_a_report_to_another_month_rewrites_both_months_and_the_index(tmp_path):
    site = write_site(tmp_path / "site", settings=SMALL)
    path = site / "content/articles/dec-a.md"
    written = written_by(site, lambda: path.write_text(
        path.read_text().replace("date: 2024-12-10", "date: 2025-03-01")))
    archive = {p for p in written if p.startswith("archive/")}
    assert archive == {"archive/index.html", "archive/2024/12/index.html",
                       "archive/2025/03/index.html"}


def listing_renders(monkeypatch) -> list[str]:
    """The URL paths of the pages other than articles' rendered from now on."""
    rendered: list[str] = []
    render = RenderContext.render

    def recording(self, template, **values):
        if template != "article.html":
            rendered.append(values.get("url_path", template))
        return render(self, template, **values)

    monkeypatch.setattr(RenderContext, "render", recording)
    return rendered


def test_only_the_pages_showing_an_edited_report_are_rendered_again(tmp_path, monkeypatch):
    """Not rendered at all, not merely rendered to the same bytes: each listing
    page is given only what it shows, so the others' keys are unchanged."""
    site = write_site(tmp_path / "site", settings=SMALL)
    options = BuildOptions(config_path=site / "site.yml", output_dir=site / "_site")
    build(options)
    rendered = listing_renders(monkeypatch)
    retitle(site, "dec-a")
    build(options)
    assert sorted(rendered) == ["archive/2024/12/", "tags/economy/page/3/"]


def clean(site: Path, out: Path) -> Path:
    build(BuildOptions(config_path=site / "site.yml", output_dir=out, use_cache=False))
    return out


# --- the stories index ----------------------------------------------------------------------

MANY_STORIES = {f"s{n}": f"2025-01-{n:02d}" for n in range(1, 6)}
IN_STORIES = [(f"report-{n}", f"2025-01-{n:02d}", ["Economy"], f"s{n}") for n in range(1, 6)]


def test_the_stories_index_is_paginated_newest_first(tmp_path):
    out = built(write_site(tmp_path / "site", IN_STORIES, "topic_pages: {per_page: 2}\n",
                           MANY_STORIES))
    pages = [main_of(out, "stories"), main_of(out, "stories/page/2"),
             main_of(out, "stories/page/3")]
    assert [re.findall(r'href="/news/stories/(s\d)/">Story', page) for page in pages] == [
        ["s5", "s4"], ["s3", "s2"], ["s1"]]
    assert not (out / "stories/page/4").exists()
    second = (out / "stories/page/2/index.html").read_text()
    assert "<title>Stories · page 2 · Listings</title>" in second
    assert "page 2 of 3, 5 stories in all." in second
    assert '<link rel="prev" href="/news/stories/">' in second
    assert '<link rel="next" href="/news/stories/page/3/">' in second
    assert 'Older<span class="visually-hidden"> stories</span>' in second
    assert "1 report</span>" in pages[0]


def test_editing_a_report_in_a_story_rewrites_its_story_not_the_stories_index(tmp_path):
    """The index shows a story's title, date, status and number of reports, none
    of which a report's text changes."""
    site = write_site(tmp_path / "site", IN_STORIES, "topic_pages: {per_page: 2}\n",
                      MANY_STORIES)
    path = site / "content/articles/report-3.md"
    written = written_by(site, lambda: path.write_text(
        path.read_text().replace("The body of report-3.", "A new body of report-3.")))
    assert "stories/s3/index.html" in written
    assert not {p for p in written if p.startswith("stories/") and "/s3/" not in p}
    assert read_tree(site / "_site") == read_tree(clean(site, tmp_path / "clean"))


def test_a_report_joining_a_story_rewrites_the_index_page_that_counts_it(tmp_path):
    site = write_site(tmp_path / "site", IN_STORIES, "topic_pages: {per_page: 2}\n",
                      MANY_STORIES)
    path = site / "content/articles/report-2.md"
    written = written_by(site, lambda: path.write_text(
        path.read_text().replace("story: s2", "story: s1")))
    assert {"stories/page/2/index.html", "stories/page/3/index.html"} <= written
    assert "stories/index.html" not in written  # s5 and s4 are as they were
    assert read_tree(site / "_site") == read_tree(clean(site, tmp_path / "clean"))


def test_a_report_mentioning_a_term_renders_no_page_that_only_defines_it(tmp_path, monkeypatch):
    """Pages other than the glossary's show a term's definition alone (a
    popover): a new report that mentions the term changes the term's page,
    not the story page, front page or log that carry its definition."""
    site = write_site(tmp_path / "site", IN_STORIES, SMALL, MANY_STORIES)
    (site / "content/glossary.yml").write_text(
        "terms:\n  - term: Harbour Board\n    definition: The body that runs the port.\n")
    story = site / "content/stories/s1.yml"
    story.write_text(story.read_text().replace("summary: What s1 is about.",
                                               "summary: What the Harbour Board did."))
    options = BuildOptions(config_path=site / "site.yml", output_dir=site / "_site")
    build(options)
    assert "term-definition-harbour-board" in (site / "_site/stories/s1/index.html").read_text()
    rendered = listing_renders(monkeypatch)
    (site / "content/articles/old.md").write_text(
        "---\ntitle: Report old\ndate: 2024-06-01\ntags: [Harbour]\n---\n\n"
        "The Harbour Board met.\n")
    build(options)
    assert "glossary/harbour-board/" in rendered
    assert not {"stories/s1/", "", "corrections/"} & set(rendered)
    assert read_tree(site / "_site") == read_tree(clean(site, tmp_path / "clean"))


# --- term pages ------------------------------------------------------------------------------

HARBOUR = "terms:\n  - term: Harbour Board\n    definition: The body that runs the port.\n"


def harbour_site(root: Path) -> Path:
    """Six reports that mention the Harbour Board, over 2024 and 2025."""
    site = write_site(root, settings=SMALL)
    (site / "content/glossary.yml").write_text(HARBOUR)
    for path in (site / "content/articles").glob("*.md"):
        path.write_text(path.read_text() + "The Harbour Board met again.\n")
    return site


def test_a_much_mentioned_term_lists_its_first_mentions_and_every_year(tmp_path, monkeypatch):
    from briefing.listings import glossary
    monkeypatch.setattr(glossary, "TERM_NEWEST", 2)
    out = built(harbour_site(tmp_path / "site"))
    page = main_of(out, "glossary/harbour-board")
    assert linked_reports(page.split('id="by-year"')[0]) == ["may-a", "mar-a"]
    assert "6 reports and stories mention Harbour Board: the first 2 are here" in page
    years = page.split('id="by-year"')[1]
    assert re.findall(r'href="/news/glossary/harbour-board/(\d+)/">\d+</a> '
                      r'<span class="count">(\d+) mentions?</span>', years) == [
        ("2025", "4"), ("2024", "2")]
    year = (out / "glossary/harbour-board/2024/index.html").read_text()
    assert linked_reports(main_of(out, "glossary/harbour-board/2024")) == ["dec-b", "dec-a"]
    assert "<title>Harbour Board · 2024 · Glossary · Listings</title>" in year
    assert '<a href="/news/glossary/harbour-board/2025/"><span aria-hidden="true">←</span>' \
        in year
    assert '<a href="/news/glossary/harbour-board/#by-year">All years</a>' in year
    assert "data-pagefind-body" not in year  # the term's own page is the one searched
    assert "<dfn>" not in year and "The body that runs the port." not in main_of(
        out, "glossary/harbour-board/2024")
    assert f"<loc>{BASE}glossary/harbour-board/2024/</loc>" in (out / "sitemap.xml").read_text()


def test_a_term_mentioned_a_few_times_lists_them_all_on_its_page(tmp_path):
    out = built(harbour_site(tmp_path / "site"))
    page = main_of(out, "glossary/harbour-board")
    assert len(linked_reports(page)) == 6 and 'id="by-year"' not in page
    assert not (out / "glossary/harbour-board/2025").exists()


def test_a_new_mention_renders_the_terms_page_and_its_year_alone(tmp_path, monkeypatch):
    """Each page of a term is given only the mentions it shows, and the index
    of terms none: a report mentioning the term in 2025 leaves 2024's page and
    the index of terms unrendered."""
    from briefing.listings import glossary
    monkeypatch.setattr(glossary, "TERM_NEWEST", 2)
    site = harbour_site(tmp_path / "site")
    options = BuildOptions(config_path=site / "site.yml", output_dir=site / "_site")
    build(options)
    rendered = listing_renders(monkeypatch)
    (site / "content/articles/feb-a.md").write_text(
        "---\ntitle: Report feb-a\ndate: 2025-02-01\ntags: [Trade]\n---\n\n"
        "The Harbour Board met in February.\n")
    build(options)
    glossary_pages = sorted(path for path in rendered if path.startswith("glossary/"))
    assert glossary_pages == ["glossary/harbour-board/", "glossary/harbour-board/2025/"]
    assert read_tree(site / "_site") == read_tree(clean(site, tmp_path / "clean"))
