"""The search index in shards (briefing/search/shards.py, indexer.py): an edit
makes again only its shard, a deleted article leaves no result, and a query
finds an article in any shard, under the site's project path."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from briefing.search.pagefind import pagefind_executable
from tests.conftest import copy_site, read_tree, run_cli
from tests.serving import serve
from tests.tools import CHROMIUM_ARGS, chromium

pytestmark = pytest.mark.skipif(pagefind_executable() is None, reason="no Pagefind")

JULY = "content/articles/Custom_Name.md"  # 2025-07-30
AUGUST = "content/articles/older-report.md"  # 2025-08-01


def build(site: Path, out: Path | None = None, *more: str) -> Path:
    args = ["build", "--config", site / "site.yml", *more]
    if out is not None:
        args += ["--out", out]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    return out or site / "_site"


def shards(out: Path) -> list[str]:
    return json.loads((out / "pagefind/shards.json").read_text())["shards"]


def inodes(out: Path, folder: str) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino
            for p in sorted((out / folder).rglob("*")) if p.is_file()}


@pytest.fixture
def indexed(monkeypatch) -> list[str]:
    """The shards Pagefind is run on, in order, as builds run it."""
    ran: list[str] = []
    record_runs(monkeypatch, lambda shard, threads, run: ran.append(shard))
    return ran


def record_runs(monkeypatch, told) -> None:
    """``told(shard, threads, run)`` of each Pagefind run as it starts."""
    from briefing.search import indexer
    start = indexer.PagefindRun.start

    def recording(executable, site_dir, bundle_dir=None, threads=None):
        run = start(executable, site_dir, bundle_dir, threads=threads)
        told(site_dir.name.removeprefix("site-"), threads, run)
        return run

    monkeypatch.setattr(indexer.PagefindRun, "start", recording)


def edit(site: Path, path: str, old: str, new: str) -> None:
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    """The basic site, with shards of one article at most: a month each."""
    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)
    return copy_site("basic", tmp_path)


def test_articles_are_sharded_by_month(site):
    out = build(site)
    assert shards(out) == ["2025-07", "2025-08"]  # no stories, terms or plain pages here
    page = (out / "articles/custom-slug/index.html").read_text()
    assert 'data-pagefind-body data-search-shard="2025-07"' in page


def test_an_edit_makes_only_its_shard_again(site, tmp_path, indexed):
    out = build(site)
    assert sorted(indexed) == ["2025-07", "2025-08"]
    july, august = inodes(out, "pagefind/2025-07"), inodes(out, "pagefind/2025-08")
    edit(site, AUGUST, "The older report's only paragraph.", "A paragraph about zeppelins.")
    indexed.clear()
    build(site)
    assert indexed == ["2025-08"]
    assert inodes(out, "pagefind/2025-07") == july  # not written again
    assert inodes(out, "pagefind/2025-08") != august
    assert read_tree(out) == read_tree(build(site, tmp_path / "clean", "--no-cache"))


def test_a_changed_date_moves_the_article_to_its_new_shard(site, tmp_path, indexed):
    out = build(site)
    edit(site, AUGUST, "date: 2025-08-01", "date: 2025-06-15")
    indexed.clear()
    build(site)
    assert sorted(indexed) == ["2025-06", "2025-08"]  # where it goes, and where it was
    assert shards(out) == ["2025-06", "2025-07", "2025-08"]
    assert read_tree(out) == read_tree(build(site, tmp_path / "clean", "--no-cache"))


def test_a_shard_left_empty_is_removed(site, tmp_path, indexed):
    out = build(site)
    (site / JULY).unlink()
    indexed.clear()
    build(site)
    assert indexed == []  # nothing left in it to index; 2025-08 is kept as it was
    assert shards(out) == ["2025-08"]
    assert not (out / "pagefind/2025-07").exists()
    assert read_tree(out) == read_tree(build(site, tmp_path / "clean", "--no-cache"))


def test_a_small_site_has_a_shard_a_year(tmp_path):
    out = build(copy_site("basic", tmp_path))
    assert shards(out) == ["2025"]


def test_stories_and_terms_are_in_the_pages_shard(tmp_path, monkeypatch):
    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)
    site = copy_site("stories", tmp_path)
    out = build(site)
    assert shards(out)[0] == "pages"
    assert (out / "pagefind/pages/pagefind.js").is_file()  # the primary: the others share it
    assert not any((out / "pagefind" / s / "pagefind.js").exists() for s in shards(out)[1:])


def test_a_page_naming_no_shard_makes_every_shard_again(site, tmp_path, indexed):
    """A site's own base.html without data-search-shard: an update cannot tell
    which shard a changed page was in, so it makes them all (and stays right)."""
    out = build(site)
    theme_base = Path(__file__).parent.parent / "themes/default/templates/base.html"
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/base.html").write_text(
        theme_base.read_text().replace(' data-search-shard="{{ meta.search_shard }}"', ""))
    build(site)
    edit(site, AUGUST, "The older report's only paragraph.", "A paragraph about zeppelins.")
    indexed.clear()
    build(site)
    assert sorted(indexed) == ["2025-07", "2025-08"]  # the largest first
    assert read_tree(out) == read_tree(build(site, tmp_path / "clean", "--no-cache"))


def indexing_threads() -> list[str]:
    import threading
    return [t.name for t in threading.enumerate() if t.name == "briefing-search-index"]


def test_a_cold_build_indexes_its_articles_while_it_makes_the_listings(
        tmp_path, monkeypatch):
    """The article pages are final before the listing pages are made (one core's
    work): their shards are indexed meanwhile, one Pagefind on one thread."""
    import threading

    import briefing.listings.site as listings

    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)
    site = copy_site("stories", tmp_path)
    runs: list[tuple[str, int | None]] = []
    article_started = threading.Event()

    def told(shard, threads, run):
        runs.append((shard, threads))
        if shard != "pages":
            article_started.set()

    record_runs(monkeypatch, told)
    render = listings.render_listing_pages

    def listing_pages(*args, **kwargs):
        assert article_started.wait(30), "no article shard was indexed before the listings"
        return render(*args, **kwargs)

    monkeypatch.setattr(listings, "render_listing_pages", listing_pages)
    out = build(site)
    articles = [run for run in runs if run[0] != "pages"]
    assert articles[0][1] == 1  # beside the listings: one thread
    assert all(threads in (1, None) for _, threads in articles)
    assert ("pages", None) in runs  # after the listings, as many threads as it likes
    assert sorted(shard for shard, _ in runs) == sorted(shards(out))
    assert not indexing_threads()  # every hand has stopped (a thread stops forks)
    assert read_tree(out) == read_tree(build(site, tmp_path / "again", "--no-cache"))


def test_a_cold_build_that_fails_stops_its_indexing_and_leaves_nothing(
        tmp_path, monkeypatch):
    """A failure after the article shards were started (here, in the listings):
    every Pagefind is ended, no work folder stays, the last site is untouched."""
    import briefing.listings.site as listings

    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)
    site = copy_site("stories", tmp_path)
    out = build(site)
    before = read_tree(out)
    started = []
    record_runs(monkeypatch, lambda shard, threads, run: started.append(run))

    def failing(*args, **kwargs):
        raise RuntimeError("the listings failed")

    monkeypatch.setattr(listings, "render_listing_pages", failing)
    with pytest.raises(RuntimeError, match="the listings failed"):
        build(site, None, "--no-cache")
    assert all(run.process.poll() is not None for run in started)
    assert not indexing_threads()
    assert read_tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == [
        ".briefing-cache"]


# In Chromium, under the project path /repo/ of the fixture's base_url


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def results(browser, out: Path, query: str) -> list[str]:
    """The result links for ``query`` on the search page ([] when none)."""
    page = browser.new_page()
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    with serve(out, "/repo/") as base:
        page.goto(f"{base}search/?q={query}")
        page.wait_for_function(  # "1 result for …", "No results for …"
            "() => /results? for/i.test(document.querySelector('.pagefind-ui__message')"
            "?.textContent || '')", timeout=15000)
        if "No results" not in page.inner_text(".pagefind-ui__message"):
            page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        links = page.eval_on_selector_all(".pagefind-ui__result-link",
                                          "els => els.map(e => e.getAttribute('href'))")
    page.close()
    assert failed == []
    return links


def test_a_query_finds_an_article_in_any_shard(browser, site):
    out = build(site)
    assert results(browser, out, "custom") == ["/repo/articles/custom-slug/"]  # 2025-07
    assert results(browser, out, "paragraph") == ["/repo/articles/older-report/"]  # 2025-08


def test_an_edit_is_found_and_a_deleted_article_is_not(browser, site):
    out = build(site)
    edit(site, AUGUST, "The older report's only paragraph.", "A paragraph about zeppelins.")
    build(site)
    assert results(browser, out, "zeppelins") == ["/repo/articles/older-report/"]
    os.remove(site / AUGUST)
    build(site)
    assert results(browser, out, "zeppelins") == []
    assert results(browser, out, "custom") == ["/repo/articles/custom-slug/"]



ANIMALS = ("quokka", "narwhal", "wombat", "pangolin")


def months(site: Path) -> list[str]:
    """An article a month from January 2024, each about one of ANIMALS: a shard each."""
    slugs = []
    for month, animal in enumerate(ANIMALS, start=1):
        slug = f"month-{month:02d}"
        (site / f"content/articles/{slug}.md").write_text(
            f"---\ntitle: Month {month}\ndate: 2024-{month:02d}-15\nsource:\n"
            f"  name: Wire A\n---\n\nA report about a {animal}.\n", encoding="utf-8")
        slugs.append(slug)
    return slugs


_SHARD_FILE = re.compile(r"/repo/pagefind/([^/]+)/(pagefind-entry\.json|[^/?]+\.pf_meta)")


def test_every_shard_is_loaded_at_once_as_the_page_opens(browser, site):
    """Before anything is typed, the page asks for every shard, several at a time:
    the Pagefind UI's own mergeIndex asks for them one after another (a shard's
    entry only once the one before has its metadata), and only once the box is used."""
    months(site)
    out = build(site)
    names = shards(out)
    assert len(names) == 6
    events: list[tuple[str, str, str]] = []  # (sent | done, shard, file)

    def noting(kind: str):
        def note(request) -> None:
            found = _SHARD_FILE.search(request.url)
            if found:
                events.append((kind, found.group(1), found.group(2)))
        return note

    page = browser.new_page()
    page.on("request", noting("sent"))
    page.on("requestfinished", noting("done"))
    with serve(out, "/repo/") as base:
        page.goto(f"{base}search/")
        page.wait_for_load_state("networkidle")
    page.close()
    metas = [shard for kind, shard, file in events if kind == "done" and file.endswith(".pf_meta")]
    assert sorted(metas) == sorted(names)  # every shard, nothing typed
    merged = set(names[1:])
    first_back = next(i for i, (kind, shard, file) in enumerate(events)
                      if kind == "done" and file.endswith(".pf_meta") and shard in merged)
    asked = {shard for kind, shard, file in events[:first_back]
             if kind == "sent" and file == "pagefind-entry.json" and shard in merged}
    assert len(asked) > 1, events


def test_typing_finds_an_article_in_every_shard_once(browser, site):
    """Typed on the open page (its shards merged as it opened), a word finds the
    one article that has it, whichever shard it is in, once, with no error."""
    slugs = months(site)
    out = build(site)
    page = browser.new_page()
    errors: list[str] = []

    def console(message) -> None:  # the browser's own /favicon.ico, outside /repo/, aside
        if message.type in ("error", "warning") and "/repo/" in message.location["url"]:
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    found = []
    with serve(out, "/repo/") as base:
        page.goto(f"{base}search/")
        page.wait_for_load_state("networkidle")
        for animal, slug in zip(ANIMALS, slugs, strict=True):
            page.fill(".pagefind-ui__search-input", animal)
            page.wait_for_function(  # this word's result (the UI replaces the list whole)
                "slug => [...document.querySelectorAll('.pagefind-ui__result-link')]"
                ".some(e => e.getAttribute('href').includes(slug))",
                arg=f"/{slug}/", timeout=15000)
            found.append(page.eval_on_selector_all(
                ".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))"))
    page.close()
    assert found == [[f"/repo/articles/{slug}/"] for slug in slugs]
    assert errors == []


# Which shard an article is in (shards.article_shards)

def _articles(dates: list[tuple[int, int]]):
    import datetime as dt

    from briefing.model.site import Article
    return [Article(slug=f"a{i}", title="t", date=dt.datetime(y, m, 1, tzinfo=dt.UTC),
                    has_time=False, body="", path=Path(f"a{i}.md"), body_line=5)
            for i, (y, m) in enumerate(dates)]


def test_a_year_is_split_only_as_finely_as_its_count_needs():
    from briefing.search.shards import article_shards
    dates = [(2024, 1), (2024, 2), (2024, 8), (2025, 3), (2025, 3), (2025, 4), (2025, 11)]
    assert article_shards(_articles(dates), limit=10) == {
        f"a{i}": str(y) for i, (y, _) in enumerate(dates)}
    assert set(article_shards(_articles(dates), limit=3).values()) == {
        "2024", "2025-h1", "2025-h2"}
    assert set(article_shards(_articles(dates), limit=2).values()) == {
        "2024-h1", "2024-h2", "2025-q1", "2025-q2", "2025-q4"}
    assert article_shards(_articles(dates), limit=1)["a3"] == "2025-03"  # months at most


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_no_article_of_another_year_moves_an_article(limit):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from briefing.search.shards import article_shards
    months = st.tuples(st.sampled_from([2024, 2025]), st.integers(1, 12))

    @settings(max_examples=60, deadline=None)
    @given(st.lists(months, max_size=30), st.lists(months, max_size=10))
    def check(dates, more):
        before = article_shards(_articles(dates), limit)
        after = article_shards(_articles(dates + [(2023, m) for _, m in more]), limit)
        assert {k: v for k, v in after.items() if k in before} == before
        counts: dict[str, int] = {}
        for shard in before.values():
            counts[shard] = counts.get(shard, 0) + 1
        months_only = re.compile(r"\d{4}-\d\d")  # a month may hold more than the limit
        assert all(n <= limit or months_only.fullmatch(s) for s, n in counts.items())

    check()


def test_a_year_whose_count_crosses_the_limit_is_split_anew(tmp_path, monkeypatch, indexed):
    """Deleting one of three 2025 articles with a limit of two: 2025 becomes one
    shard; its articles' pages name the new shard, as a clean build's do."""
    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 2)
    site = copy_site("basic", tmp_path)
    out = build(site)
    assert shards(out) == ["2025-07", "2025-08"]
    (site / JULY).unlink()
    indexed.clear()
    build(site)
    assert shards(out) == ["2025"]
    assert indexed == ["2025"]
    assert 'data-search-shard="2025"' in (out / "articles/older-report/index.html").read_text()
    assert read_tree(out) == read_tree(build(site, tmp_path / "clean", "--no-cache"))


def _days(year: int, month: int, days: list[int]):
    import datetime as dt

    from briefing.model.site import Article
    return [Article(slug=f"d{year}{month}{i}", title="t",
                    date=dt.datetime(year, month, day, tzinfo=dt.UTC), has_time=False,
                    body="", path=Path(f"d{i}.md"), body_line=5)
            for i, day in enumerate(days)]


def test_the_newest_month_is_split_apart_once_it_holds_more_than_its_limit():
    """Edits gather in the newest month: past ``recent`` articles its pages are
    their own shards, halves or weeks as its count needs, and the rest of its
    year keeps the parts it had."""
    from briefing.search.shards import article_shards
    older = _articles([(2025, 1), (2025, 2), (2025, 11)])
    late = _days(2025, 12, [1, 2, 9, 16, 23, 31])
    assert set(article_shards(older + late, limit=10, recent=10).values()) == {"2025"}
    found = article_shards(older + late, limit=10, recent=3)
    assert [found[a.slug] for a in late] == ["2025-12-h1"] * 3 + ["2025-12-h2"] * 3
    assert {found[a.slug] for a in older} == {"2025"}
    found = article_shards(older + late, limit=10, recent=2)
    assert [found[a.slug] for a in late] == [
        "2025-12-w1", "2025-12-w1", "2025-12-w2", "2025-12-w3", "2025-12-w4", "2025-12-w5"]
    found = article_shards(older + late + _articles([(2026, 1)]), limit=10, recent=2)
    assert {found[a.slug] for a in late} == {"2025"}  # a newer month: back in their year


def test_a_newer_month_moves_only_the_month_it_follows():
    """A new month's first article puts the month before it back into its year's
    shard and moves no other article (its year under its own limit, which is
    the other rule's and tested above)."""
    from dataclasses import replace

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from briefing.search.shards import article_shards

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.integers(1, 11), st.integers(1, 28)), max_size=40))
    def check(dates):
        articles = [replace(_days(2025, month, [day])[0], slug=f"s{i}")
                    for i, (month, day) in enumerate(dates)]
        before = article_shards(articles, limit=100, recent=2)
        newest = max((a.date.month for a in articles), default=0)
        after = article_shards([*articles, *_days(2025, 12, [1])], limit=100, recent=2)
        assert {a.date.month for a in articles if before[a.slug] != after[a.slug]} <= {newest}
        assert {after[a.slug] for a in articles} <= {"2025"}

    check()


SUMMIT = "content/articles/summit-signed.md"  # 2025-08-08


def test_the_newest_months_weeks_are_indexed_apart_until_a_newer_month_begins(
        tmp_path, monkeypatch, indexed):
    """With the newest month past its limit, each week of it is a shard: an edit
    re-indexes its week alone; a newer month's first article puts those weeks
    back into their year's shard, and the build equals a clean one."""
    monkeypatch.setattr("briefing.search.shards.RECENT_ARTICLES", 1)
    site = copy_site("basic", tmp_path)
    out = build(site)
    assert sorted(shards(out)) == ["2025", "2025-08-w1", "2025-08-w2"]
    assert 'data-search-shard="2025-08-w2"' in \
        (out / "articles/summit-signed/index.html").read_text()
    indexed.clear()
    edit(site, SUMMIT, "---\n\n", "---\n\nA line about zeppelins.\n\n")
    build(site)
    assert indexed == ["2025-08-w2"]
    (site / "content/articles/september.md").write_text(
        "---\ntitle: September\ndate: 2025-09-02\n---\n\nA new month.\n", encoding="utf-8")
    indexed.clear()
    build(site)
    assert shards(out) == ["2025"]
    assert sorted(indexed) == ["2025"]
    assert not (out / "pagefind/2025-08-w1").exists()
    assert read_tree(out) == read_tree(build(site, tmp_path / "clean", "--no-cache"))
