"""The build cache on disk (.briefing-cache/) and the parallel article stage:
every incremental build, from any sequence of edits, leaves exactly what a
clean build would; a cache that cannot be trusted is discarded with a warning."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core import parallel
from briefing.core.errors import ContentErrors
from briefing.engine.store import CACHE_DIR
from tests.conftest import copy_site, read_tree, run_cli
from tests.test_incremental import EDITS, GLOSSARY, clean_build


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_site("stories", tmp_path, search=False)
    (site / "content/glossary.yml").write_text(GLOSSARY)
    return site


def rename_or_add_term(site: Path, rng: random.Random) -> None:
    path = site / "content/glossary.yml"
    text = path.read_text()
    if "term: Petrova" in text and rng.random() < 0.5:
        path.write_text(text.replace("term: Petrova", "term: Anna Petrova"))
    else:
        path.write_text(text + f"  - term: Summit {rng.randint(1, 9)}\n"
                               "    definition: A meeting of leaders.\n")


ALL_EDITS = [*EDITS, rename_or_add_term]


def options(site: Path, out: Path, **extra: object) -> BuildOptions:
    return BuildOptions(config_path=site / "site.yml", output_dir=out, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_random_edits_with_the_disk_cache_equal_clean_builds(site, tmp_path, seed):
    """Each build reads the cache the previous one wrote, as separate runs would."""
    rng = random.Random(seed)
    out = tmp_path / "incremental"
    build(options(site, out))
    for step in range(10):
        edit = rng.choice(ALL_EDITS)
        edit(site, rng)
        try:
            result = build(options(site, out))
        except ContentErrors:
            pytest.fail(f"step {step}: {edit.__name__} made the fixture invalid")
        assert not result.full, "an intact output is updated, not rewritten"
        clean = clean_build(site, tmp_path / "clean")
        assert read_tree(out) == clean, f"step {step}: after {edit.__name__}"


def test_nothing_changed_touches_nothing(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = build(options(site, out))
    assert again.up_to_date and again.changed == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_same_size_edit_in_the_same_clock_tick_is_seen(site, tmp_path):
    """A racily clean file (as Git calls it) is compared by content, not by its time."""
    out = tmp_path / "out"
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text())  # saved just before the build: racy
    build(options(site, out))
    stat = article.stat()
    text = article.read_text()
    article.write_text(text.replace("Exports", "Imports", 1))
    assert article.stat().st_size == stat.st_size
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = build(options(site, out))
    assert not result.up_to_date
    assert b"Imports" in (out / "articles/loose-report/index.html").read_bytes()


def test_output_edited_by_hand_is_rebuilt(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    page = out / "articles/loose-report/index.html"
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    (out / "archive/index.html").unlink()
    result = build(options(site, out))
    assert result.full  # the last build's output is not intact: write a new one
    assert page.read_bytes() == original
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_failed_incremental_build_leaves_the_site_untouched(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    before = read_tree(out)
    (site / "content/articles/loose-report.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(ContentErrors):
        build(options(site, out))
    assert read_tree(out) == before


def test_no_cache_option_reads_and_writes_no_cache(site, tmp_path):
    result = run_cli("build", "--config", site / "site.yml", "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert not (site / CACHE_DIR).exists()
    assert run_cli("build", "--config", site / "site.yml", "--jobs", "0").exit_code == 2


def test_cli_says_when_nothing_changed_and_what_an_update_wrote(site):
    first = run_cli("build", "--config", site / "site.yml")
    assert first.exit_code == 0 and "changed" not in first.stdout
    again = run_cli("build", "--config", site / "site.yml")
    assert again.stdout.startswith("Up to date: nothing changed since the last build")
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    update = run_cli("build", "--config", site / "site.yml")
    assert "files changed, the rest kept" in update.stdout
    assert (site / CACHE_DIR / ".gitignore").read_text().endswith("*\n")


def test_parallel_articles_write_what_a_serial_build_writes(site, tmp_path, monkeypatch):
    """Forked workers (forced on for this small site) change nothing in the output,
    including warnings and their order."""
    if not parallel.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    notes = site / "content/annotations/summit-a.yml"
    notes.write_text(notes.read_text().replace("met in Geneva on Friday",
                                               "met in Geneva on Fridya"))
    serial = build(options(site, tmp_path / "serial", jobs=1, use_cache=False))
    forked = build(options(site, tmp_path / "forked", jobs=2, use_cache=False))
    assert read_tree(tmp_path / "serial") == read_tree(tmp_path / "forked")
    assert [w.format() for w in serial.warnings] == [w.format() for w in forked.warnings]


def test_story_pages_reuse_the_notes_the_workers_rendered(site, tmp_path, monkeypatch):
    """Story pages show their articles' notes; the parent takes the HTML the article
    jobs made in the workers instead of rendering every note again."""
    if not parallel.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    from briefing.render import markdown as render
    rendered_here: list[str] = []  # a forked worker appends to its own copy

    def spy(text, env=None, parse=None):
        rendered_here.append(text)
        return real(text, env, parse)

    real = render.render_markdown
    monkeypatch.setattr(render, "render_markdown", spy)
    build(options(site, tmp_path / "out", jobs=2, use_cache=False))
    story = (tmp_path / "out/stories/summit-talks/index.html").read_text()
    assert "story-note" in story  # the story page does show notes
    notes = [line.split("body: ", 1)[1] for path in (site / "content/annotations").glob("*.yml")
             for line in path.read_text().splitlines() if "body: " in line]
    assert notes and not [text for text in rendered_here
                          if any(note.strip() in text for note in notes)]


def test_parallel_build_reports_content_errors_like_a_serial_one(site, tmp_path, monkeypatch):
    if not parallel.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    notes = site / "content/annotations/summit-a.yml"
    notes.write_text(notes.read_text().replace("met in Geneva on Friday",
                                               "a quote that is nowhere"))
    messages = []
    for jobs in (1, 2):
        with pytest.raises(ContentErrors) as raised:
            build(options(site, tmp_path / f"out{jobs}", jobs=jobs, use_cache=False))
        messages.append([d.format() for d in raised.value.diagnostics])
        assert not (tmp_path / f"out{jobs}").exists()
    assert messages[0] == messages[1] and messages[0]


def test_story_comparisons_are_made_once_and_kept_until_their_reports_change(
        site, tmp_path, monkeypatch):
    """Comparing a story's reports is the costliest part of its page: it is made
    (as its last report comes in) for the stories that need it and kept for the rest."""
    from briefing.listings import stories
    from briefing.stories import comparison
    compared: list[tuple[str, ...]] = []
    real = comparison.compare_articles

    def spy(articles, content, paragraphs=None):
        compared.append(tuple(article.slug for article in articles))
        return real(articles, content, paragraphs)

    monkeypatch.setattr(comparison, "compare_articles", spy)  # the whole pipeline's
    monkeypatch.setattr(stories, "compare_articles", spy)  # a build of edited reports
    out = tmp_path / "out"
    build(options(site, out, jobs=1))
    assert sorted(compared) == [("commission",), ("summit-a", "summit-b")]
    compared.clear()
    loose = site / "content/articles/loose-report.md"  # in no story
    loose.write_text(loose.read_text() + "\nA sentence about quinoa.\n")
    build(options(site, out, jobs=1))
    assert compared == []
    summit = site / "content/articles/summit-b.md"
    summit.write_text(summit.read_text() + "\nA sentence about barley.\n")
    build(options(site, out, jobs=1))
    assert compared == [("summit-a", "summit-b")]
    build(options(site, tmp_path / "clean", use_cache=False))
    assert read_tree(out) == read_tree(tmp_path / "clean")


def test_a_story_is_compared_as_soon_as_its_last_report_is_settled(site, tmp_path,
                                                                   monkeypatch):
    """The build's own process compares a story while the article jobs go on
    (build/comparing.py), once the last of its reports is in: no workers are
    forked for the comparisons after the jobs, when the process holds every
    merged page (each such worker counted 680 MB at 10,000 articles)."""
    from briefing.engine.incremental import BuildCache
    from briefing.stories import comparison
    events: list[tuple[str, ...]] = []
    real_settle, real_compare = BuildCache.settle, comparison.compare_articles

    def settle(self, plan, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append(("settled", plan.article.slug))
        return real_settle(self, plan, *args, **kwargs)

    def compare(articles, content, paragraphs=None):  # type: ignore[no-untyped-def]
        events.append(("compared", *(article.slug for article in articles)))
        return real_compare(articles, content, paragraphs)

    monkeypatch.setattr(BuildCache, "settle", settle)
    monkeypatch.setattr(comparison, "compare_articles", compare)
    build(options(site, tmp_path / "out", jobs=1))
    settled = [slug for kind, slug, *_ in events if kind == "settled"]
    for at, (kind, *slugs) in enumerate(events):
        if kind == "compared":
            assert events[at - 1][0] == "settled" and events[at - 1][1] in slugs
            assert set(slugs) <= {slug for kind, slug, *_ in events[:at] if kind == "settled"}
    assert [kind for kind, *_ in events].count("compared") == 2
    assert len(settled) == len(set(settled)) > 2  # every article settled once


def test_comparing_a_story_parses_none_of_its_reports_again(site, tmp_path, monkeypatch):
    """The article jobs send back the visible paragraphs of the reports in
    stories, so the build's own process, which compares a story once its last
    report is in (build/comparing.py) and never parsed the reports (the jobs
    ran in workers), parses none again: that was half of what comparing cost.
    The comparison is the one parsing makes."""
    from briefing.stories import comparison
    from briefing.text import parsed
    parsed_in_comparisons: list[str] = []
    made: dict[tuple[str, ...], object] = {}
    real_compare, real_parse = comparison.compare_articles, parsed._parse
    comparing = [False]

    def compare(articles, content, paragraphs=None):  # type: ignore[no-untyped-def]
        parsed._summaries.clear()  # as the build's process finds it: jobs parse in workers
        comparing[0] = True
        try:
            result = real_compare(articles, content, paragraphs)
        finally:
            comparing[0] = False
        made[tuple(article.slug for article in articles)] = result
        return result

    def parse(markdown):  # type: ignore[no-untyped-def]
        parsed_in_comparisons.extend([markdown] if comparing[0] else [])
        return real_parse(markdown)

    monkeypatch.setattr(comparison, "compare_articles", compare)  # imported when used
    monkeypatch.setattr(parsed, "_parse", parse)
    build(options(site, tmp_path / "out", jobs=1))
    assert sorted(made) == [("commission",), ("summit-a", "summit-b")]
    assert parsed_in_comparisons == []
    parsed._summaries.clear()
    for slugs, compared in made.items():  # the same as from the bodies, parsed now
        articles = [next(a for a in _loaded_articles(site) if a.slug == slug) for slug in slugs]
        assert repr(real_compare(articles, site / "content")) == repr(compared)
    assert parsed_in_comparisons == []  # (counted only inside the build's comparisons)


def _loaded_articles(site: Path) -> list:  # type: ignore[type-arg]
    from briefing.build.pipeline import load
    return list(load(options(site, site / "_unused")).site.articles)


def test_search_index_is_rebuilt_only_when_pages_change(tmp_path, monkeypatch):
    from briefing.search import indexer
    from briefing.search.pagefind import pagefind_executable
    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed")
    runs: list[str] = []
    start = indexer.PagefindRun.start
    monkeypatch.setattr(indexer.PagefindRun, "start", lambda *args, **kwargs: runs.append(
        "run") or start(*args, **kwargs))
    site = copy_site("stories", tmp_path)
    out = tmp_path / "out"
    build(options(site, out))
    made = len(runs)
    assert made
    (site / "content/stories/summit-talks.yml").touch()  # touched, bytes unchanged
    build(options(site, out))
    assert len(runs) == made  # Pagefind did not run
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nA sentence about quinoa.\n")
    build(options(site, out))
    assert len(runs) > made
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    build(options(site, tmp_path / "clean", use_cache=False))
    assert read_tree(out) == read_tree(tmp_path / "clean")


def test_editing_article_text_leaves_listing_pages_alone(site, tmp_path):
    """Listing pages depend on the metadata they show, not on article bodies."""
    out = tmp_path / "out"
    build(options(site, out))
    listings = [out / "archive/index.html", out / "archive/2025/08/index.html",
                out / "tags/index.html", out / "tags/armenia/index.html", out / "index.html"]
    before = {p: p.stat().st_mtime_ns for p in listings}
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nA sentence no listing shows.\n")
    result = build(options(site, out))
    assert {p: p.stat().st_mtime_ns for p in listings} == before
    assert b"A sentence no listing shows." in (out / "articles/loose-report/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    assert result.changed < 6


def show_article_ends_in_the_archive(site: Path) -> None:
    """A site template for the archive's month pages that prints the end of each
    article's body."""
    theme = Path(__file__).parent.parent / "themes/default/templates/month.html"
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/month.html").write_text(theme.read_text().replace(
        "{{ article.title | smart }}</a>", "{{ article.title | smart }}</a> {{ article.body[-30:] }}"))


def edit_and_check_the_archive(site: Path, out: Path, clean: Path) -> None:
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nThe archive shows this end.\n")
    build(options(site, out))
    assert b"The archive shows this end." in (out / "archive/2025/08/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, clean)


def test_a_listing_template_that_reads_bodies_is_rendered_again(site, tmp_path):
    show_article_ends_in_the_archive(site)
    build(options(site, tmp_path / "out"))
    edit_and_check_the_archive(site, tmp_path / "out", tmp_path / "clean")


def test_a_listing_template_that_reads_bodies_through_a_filter_is_rendered_again(
        site, tmp_path):
    """``map(attribute='body')`` reads bodies as surely as ``article.body`` does."""
    theme = Path(__file__).parent.parent / "themes/default/templates/month.html"
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/month.html").write_text(theme.read_text().replace(
        "{{ article.title | smart }}</a>", "{{ article.title | smart }}</a> "
        "{{ ([article] | map(attribute='body') | first)[-30:] }}"))
    build(options(site, tmp_path / "out"))
    edit_and_check_the_archive(site, tmp_path / "out", tmp_path / "clean")


def test_a_template_that_starts_reading_bodies_between_builds_is_noticed(site, tmp_path):
    """Whether listing templates read bodies is remembered only while the
    templates are the same."""
    build(options(site, tmp_path / "out"))
    show_article_ends_in_the_archive(site)
    build(options(site, tmp_path / "out"))
    edit_and_check_the_archive(site, tmp_path / "out", tmp_path / "clean")


def test_only_the_newest_caches_of_other_settings_are_kept(site, tmp_path):
    """One cache is made per output directory and options; old ones are removed
    (only briefing's own files), so the folder does not grow without end."""
    from briefing.engine.prune import KEPT_OTHERS
    folder = site / CACHE_DIR
    folder.mkdir()
    day = 86_400
    for age in range(1, 7):  # stores of six other settings, one a day older than the last
        for suffix in (".sqlite", ".sqlite-wal", ".sqlite-shm"):
            stale = folder / f"build-{age:016x}{suffix}"
            stale.write_bytes(b"old")
            os.utime(stale, (1e9 - age * day, 1e9 - age * day))
    left_over = folder / ".build-0000000000000001.work.123.new"  # a killed old build's
    left_over.write_bytes(b"partial")
    os.utime(left_over, (1e9, 1e9))
    (folder / "notes.txt").write_text("mine")
    build(options(site, tmp_path / "out"))
    kept = sorted(p.name for p in folder.iterdir())
    others = [f"build-{age:016x}{suffix}" for age in range(1, KEPT_OTHERS + 1)
              for suffix in (".sqlite", ".sqlite-wal", ".sqlite-shm")]
    assert set(others) <= set(kept)
    assert not any(f"build-{age:016x}" in name for age in range(KEPT_OTHERS + 1, 7)
                   for name in kept)
    assert "notes.txt" in kept and left_over.name not in kept
    # this build's own store: the database and SQLite's two files beside it
    assert len([name for name in kept if name.startswith("build-")]) == 3 * KEPT_OTHERS + 3


def test_only_the_newest_preview_folders_are_kept(site, tmp_path):
    """``briefing serve`` keeps its output in the cache folder, one per address:
    old ones go, but only if they hold nothing but their own files and were
    not built within the hour (their server may still be running)."""
    from briefing.engine.prune import KEPT_OTHERS, PREVIEW_PREFIX
    from briefing.write.site_writer import MANIFEST
    folder = site / CACHE_DIR
    now = time.time()
    built = {1: now - 60, 2: 1e9 - 2, 3: 1e9 - 3, 4: 1e9 - 4, 5: 1e9 - 5}  # 1: this hour
    for number, when in built.items():
        preview = folder / f"{PREVIEW_PREFIX}{number:016x}"
        (preview / "articles").mkdir(parents=True)
        (preview / "articles/index.html").write_text("<p>page</p>")
        (preview / MANIFEST).write_text("# manifest\narticles/index.html\n")
        os.utime(preview / MANIFEST, (when, when))
    (folder / f"{PREVIEW_PREFIX}{5:016x}/mine.txt").write_text("not briefing's")
    staging = [folder / f".{PREVIEW_PREFIX}{1:016x}.index-{n}" for n in ("old", "new")]
    for path in staging:  # a search index being made; the old one by a killed server
        (path / "pagefind").mkdir(parents=True)
    os.utime(staging[0], (1e9, 1e9))
    build(options(site, tmp_path / "out"))
    kept = sorted(p.name for p in folder.iterdir() if PREVIEW_PREFIX in p.name)
    newest = [f"{PREVIEW_PREFIX}{number:016x}" for number in range(1, KEPT_OTHERS + 1)]
    assert kept == [staging[1].name, *newest, f"{PREVIEW_PREFIX}{5:016x}"]  # 4 went; 5 holds
    # a file of ours, and the staging folder of a server at work stays
    os.utime(folder / newest[0] / MANIFEST, (1e9 - 1, 1e9 - 1))  # an hour later, say
    for number in (6, 7, 8):  # three servers at other addresses, just now
        preview = folder / f"{PREVIEW_PREFIX}{number:016x}"
        preview.mkdir()
        (preview / MANIFEST).write_text("# manifest\n")
    recent = f"{PREVIEW_PREFIX}{9:016x}"
    (folder / recent).mkdir()
    (folder / recent / MANIFEST).write_text("# manifest\n")
    os.utime(folder / recent / MANIFEST, (now - 120, now - 120))  # not among the newest
    edit_article(site, "One more line.")
    build(options(site, tmp_path / "out"))
    kept = {p.name for p in folder.iterdir() if p.name.startswith(PREVIEW_PREFIX)}
    assert recent in kept and newest[0] not in kept


def edit_article(site: Path, line: str) -> None:
    path = site / "content/articles/loose-report.md"
    path.write_text(path.read_text() + f"\n{line}\n")


def age_every_file(site: Path, seconds: int = 3600) -> None:
    """Make every file of ``site`` older than the racy window, as files edited
    an hour ago are: their size and time are then trusted."""
    past = int(1e9) - seconds
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_files_whose_size_and_time_are_unchanged_are_not_read_again(site, tmp_path,
                                                                    monkeypatch):
    out = tmp_path / "out"
    age_every_file(site)
    build(options(site, out))
    edited = site / "content/articles/loose-report.md"
    edited.write_text(edited.read_text() + "\nA new closing line.\n")
    os.utime(edited, (int(1e9), int(1e9)))  # edited, but old enough to be trusted
    read: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    result = build(options(site, out))
    assert not result.full
    content = [name for name in read if name.endswith((".md", ".yml"))]
    assert "loose-report.md" in content
    assert not [name for name in content if name.endswith(".md") and name != "loose-report.md"]
    monkeypatch.undo()
    assert b"A new closing line." in (out / "articles/loose-report/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_file_with_a_new_time_is_read_again_whatever_its_size(site, tmp_path):
    """Trust goes by size and time together: the same size with another time
    (a word swapped for one as long) is read and built."""
    out = tmp_path / "out"
    age_every_file(site)
    build(options(site, out))
    article = site / "content/articles/loose-report.md"
    text = article.read_text()
    article.write_text(text.replace("Exports", "Imports", 1))
    os.utime(article, (int(1e9) - 60, int(1e9) - 60))
    build(options(site, out))
    assert b"Imports" in (out / "articles/loose-report/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_an_edit_does_not_wait_for_the_output_check_before_loading(site, tmp_path,
                                                                   monkeypatch):
    """The check of the last build's output runs beside the build: when an input
    changed, the build loads the site first and takes the check's answer only when
    it must decide whether to update in place; with nothing changed it waits."""
    from briefing.build import narrow, pipeline
    from briefing.engine import incremental, output_check

    out, events = tmp_path / "out", []
    cache = incremental.BuildCache()
    build(options(site, out), cache=cache)
    real_result = output_check.StampLater.result

    def result(self):  # type: ignore[no-untyped-def]
        events.append("output checked")
        return real_result(self)

    def loading(real):  # type: ignore[no-untyped-def]
        def load(*args, **kwargs):  # type: ignore[no-untyped-def]
            events.append("loaded")
            return real(*args, **kwargs)
        return load

    monkeypatch.setattr(output_check.StampLater, "result", result)
    monkeypatch.setattr(pipeline, "load", loading(pipeline.load))  # the whole site
    monkeypatch.setattr(narrow, "edited_site", loading(narrow.edited_site))  # or the edited
    edit_article(site, "A line the check need not wait for.")
    assert not build(options(site, out), cache=cache).up_to_date
    assert events[:2] == ["loaded", "output checked"]
    events.clear()
    assert build(options(site, out), cache=cache).up_to_date
    assert events == ["output checked"]


def test_an_edit_with_the_output_edited_by_hand_still_writes_it_whole(site, tmp_path):
    """The check's answer, taken late, still decides: an output file changed by
    hand and an input edited in one go make a whole new output, as a clean build."""
    from briefing.engine.incremental import BuildCache

    out, cache = tmp_path / "out", BuildCache()
    build(options(site, out), cache=cache)
    page = next(out.glob("articles/*/index.html"))
    page.write_text("edited by hand")
    edit_article(site, "An edit beside the hand edit.")
    result = build(options(site, out), cache=cache)
    assert result.full
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_the_output_checked_ahead_is_used_and_a_hand_edit_is_mended_a_build_later(
        site, tmp_path, monkeypatch):
    """The preview checks the output right after a build, for the next one
    (BuildCache.check_output(ahead=True)): that build starts no check of its own,
    and a page deleted by hand after the check is written again by the build after."""
    from briefing.engine import incremental, output_check

    out, started = tmp_path / "out", []
    cache = incremental.BuildCache()
    build(options(site, out), cache=cache)
    real = output_check.StampLater.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(output_check.StampLater, "__init__", counting)
    cache.check_output(out, ahead=True)
    assert cache.output.pending is not None
    cache.output.pending[1].result()  # done before the hand edit, as after a quiet spell
    (out / "tags/index.html").unlink()
    edit_article(site, "A line after the check.")
    build(options(site, out), cache=cache)
    assert len(started) == 1  # the one made ahead
    edit_article(site, "Another line.")
    build(options(site, out), cache=cache)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("search", [False, True])
def test_an_update_restamps_its_output_as_a_stat_of_every_file_would(tmp_path, search):
    """After each update in place (the pipeline's, a narrow build's, one that makes
    parts of the search index again, adding and removing its files), the output
    stamp made from the last one and the files the update touched is the stamp
    of every file: else the next build would find its output changed and write
    it whole."""
    from briefing.build.api import output_stamp
    from briefing.engine.incremental import BuildCache
    from briefing.search.pagefind import pagefind_executable
    if search and pagefind_executable() is None:
        pytest.skip("Pagefind is not installed")
    site = copy_site("stories", tmp_path, search=search)
    out, cache, rng = tmp_path / "out", BuildCache(), random.Random(3)
    build(options(site, out), cache=cache)
    for edit in [*EDITS[:3], EDITS[0], EDITS[1]]:
        edit(site, rng)
        result = build(options(site, out), cache=cache)
        assert not result.full and cache.last is not None and cache.last.written
        assert cache.last.outputs == output_stamp(out, cache.last.written)


def test_an_output_restored_with_new_times_is_stamped_whole_once(site, tmp_path):
    """An output whose files hold their bytes but not their times (restored by a
    deploy) is updated in place, and the update stamps every file: a stamp made
    from the last one would describe the old times, and every build after would
    read the whole output to check it."""
    from briefing.build.api import output_stamp
    from briefing.engine.incremental import BuildCache
    out, cache = tmp_path / "out", BuildCache()
    build(options(site, out), cache=cache)
    for file in out.rglob("*"):
        if file.is_file():
            os.utime(file, ns=(1_000_000_000, 1_000_000_000))
    edit_article(site, "A line after the restore.")
    assert not build(options(site, out), cache=cache).full  # in place: the bytes held
    assert cache.last is not None and cache.last.written is not None
    assert cache.last.outputs == output_stamp(out, cache.last.written)


def test_an_update_from_the_stores_list_restamps_only_what_it_touched(site, tmp_path,
                                                                     monkeypatch):
    """Builds in fresh processes read the output's list back from the store, in
    path order, which the restamp looks its files up by: rows an update replaced
    go to the end of the table, and an unordered list made every later update
    ``stat`` the whole output again (0.15 s at 10,000 articles)."""
    from briefing.build import api
    from briefing.engine import stamp
    out, inside, whole = tmp_path / "out", [False], []
    real_restamped, real_stamp_files = api.restamped, stamp.stamp_files

    def restamped(*args):  # type: ignore[no-untyped-def]
        inside[0] = True
        try:
            return real_restamped(*args)
        finally:
            inside[0] = False

    def stamp_files(folder, paths):  # type: ignore[no-untyped-def]
        whole.extend([folder] if inside[0] else [])
        return real_stamp_files(folder, paths)

    monkeypatch.setattr(api, "restamped", restamped)
    monkeypatch.setattr(stamp, "stamp_files", stamp_files)
    build(options(site, out))
    for line in ("A first line after the build.", "A second.", "A third."):
        edit_article(site, line)
        assert not build(options(site, out)).full
    assert whole == []
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
