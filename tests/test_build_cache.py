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
    site = copy_site("stories", tmp_path)
    with (site / "site.yml").open("a") as f:
        f.write("search: false\n")
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


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign key", "other version"])
def test_untrustworthy_cache_is_discarded_with_a_warning(site, tmp_path, damage, monkeypatch):
    out = tmp_path / "out"
    build(options(site, out))
    files = sorted((site / CACHE_DIR).glob("build-*.*"))
    assert [f.suffix for f in files] == [".last", ".work"]
    for path in files:
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
        elif damage == "other version":
            path.write_bytes(data.replace(b"\n", b"x\n", 1))
    if damage == "foreign key":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    (site / "content/articles/loose-report.md").write_text(
        (site / "content/articles/loose-report.md").read_text() + "\nOne more line.\n")
    result = build(options(site, out))
    warnings = [w.format() for w in result.warnings if "build cache" in w.message]
    assert warnings and "ignoring it and building from scratch" in warnings[0]
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    assert not [w for w in build(options(site, out)).warnings if "build cache" in w.message]


def test_a_cache_that_cannot_be_written_warns_and_leaves_no_partial_file(site, tmp_path,
                                                                        monkeypatch):
    from briefing.engine import signing

    def full_disk(self, data):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(signing.Signing, "write", full_disk)
    result = build(options(site, tmp_path / "out"))
    assert any("could not write the build cache (No space left on device)" in w.message
               for w in result.warnings)
    assert [p.name for p in (site / CACHE_DIR).iterdir() if p.name.endswith(".new")] == []


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

    def spy(text, env=None):
        rendered_here.append(text)
        return real(text, env)

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
    (on every core) for the stories that need it and kept for the rest."""
    from briefing.build import pipeline
    compared: list[tuple[str, ...]] = []
    real = pipeline.compare_articles

    def spy(articles, content):
        compared.append(tuple(article.slug for article in articles))
        return real(articles, content)

    monkeypatch.setattr(pipeline, "compare_articles", spy)
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


def test_search_index_is_rebuilt_only_when_pages_change(tmp_path):
    from briefing.search.pagefind import pagefind_executable
    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed")
    site = copy_site("stories", tmp_path)
    out = tmp_path / "out"
    build(options(site, out))
    index = out / "pagefind/pagefind-entry.json"
    made = index.stat().st_mtime_ns
    (site / "content/stories/summit-talks.yml").touch()  # touched, bytes unchanged
    build(options(site, out))
    assert index.stat().st_mtime_ns == made
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nA sentence about quinoa.\n")
    build(options(site, out))
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    build(options(site, tmp_path / "clean", use_cache=False))
    assert read_tree(out) == read_tree(tmp_path / "clean")


def test_editing_article_text_leaves_listing_pages_alone(site, tmp_path):
    """Listing pages depend on the metadata they show, not on article bodies."""
    out = tmp_path / "out"
    build(options(site, out))
    listings = [out / "archive/index.html", out / "tags/index.html", out / "index.html"]
    before = {p: p.stat().st_mtime_ns for p in listings}
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nA sentence no listing shows.\n")
    result = build(options(site, out))
    assert {p: p.stat().st_mtime_ns for p in listings} == before
    assert b"A sentence no listing shows." in (out / "articles/loose-report/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
    assert result.changed < 6


def show_article_ends_in_the_archive(site: Path) -> None:
    """A site template for the archive that prints the end of each article's body."""
    theme = Path(__file__).parent.parent / "themes/default/templates/archive.html"
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/archive.html").write_text(theme.read_text().replace(
        "{{ article.title | smart }}</a>", "{{ article.title | smart }}</a> {{ article.body[-30:] }}"))


def edit_and_check_the_archive(site: Path, out: Path, clean: Path) -> None:
    article = site / "content/articles/loose-report.md"
    article.write_text(article.read_text() + "\nThe archive shows this end.\n")
    build(options(site, out))
    assert b"The archive shows this end." in (out / "archive/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, clean)


def test_a_listing_template_that_reads_bodies_is_rendered_again(site, tmp_path):
    show_article_ends_in_the_archive(site)
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
    for age in range(1, 7):  # caches of six other settings, one a day older than the last
        for suffix in (".last", ".work", ".changes"):
            stale = folder / f"build-{age:016x}{suffix}"
            stale.write_bytes(b"old")
            os.utime(stale, (1e9 - age * day, 1e9 - age * day))
    left_over = folder / ".build-0000000000000001.work.123.new"  # a killed build's
    left_over.write_bytes(b"partial")
    os.utime(left_over, (1e9, 1e9))
    (folder / "notes.txt").write_text("mine")
    build(options(site, tmp_path / "out"))
    kept = sorted(p.name for p in folder.iterdir())
    others = [f"build-{age:016x}{suffix}" for age in range(1, KEPT_OTHERS + 1)
              for suffix in (".last", ".work", ".changes")]
    assert set(others) <= set(kept)
    assert not any(f"build-{age:016x}" in name for age in range(KEPT_OTHERS + 1, 7)
                   for name in kept)
    assert "notes.txt" in kept and left_over.name not in kept
    # this build's own cache is .last and .work (a first build has no changes yet)
    assert len([name for name in kept if name.startswith("build-")]) == 3 * KEPT_OTHERS + 2


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


def cache_files(site: Path, out: Path) -> dict[str, bytes]:
    """The cache of builds of ``site`` into ``out`` (clean builds have their own)."""
    from briefing.build.api import cache_key
    from briefing.engine.store import cache_file
    store = cache_file(site, cache_key(options(site, out), site / "site.yml"))
    assert store is not None
    return {p.suffix: p.read_bytes() for p in store.path.parent.glob(f"{store.path.name}.*")}


def edit_article(site: Path, line: str) -> None:
    path = site / "content/articles/loose-report.md"
    path.write_text(path.read_text() + f"\n{line}\n")


@pytest.fixture
def roomy_changes(monkeypatch):
    """Changes may add up to a hundred times the size of the cache before it is
    written anew: in a site this small, one article is a large share of it."""
    from briefing.engine import changelog
    monkeypatch.setattr(changelog, "MAX_CHANGES_SHARE", 0.01)


def test_an_edit_appends_its_changes_and_leaves_the_rest_of_the_cache(site, tmp_path,
                                                                      roomy_changes):
    """A build that changed a page saves what it changed, not the whole cache:
    the next build reads the cache and the changes, and still matches a clean
    build."""
    out = tmp_path / "out"
    build(options(site, out))
    work = cache_files(site, out)[".work"]
    sizes = []
    for n in range(3):
        edit_article(site, f"Revision {n}.")
        assert not build(options(site, out)).full
        files = cache_files(site, out)
        assert files[".work"] == work, (n, sorted(files))
        sizes.append(len(files[".changes"]))
        assert read_tree(out) == clean_build(site, tmp_path / f"clean{n}")
    assert sizes[0] < sizes[1] < sizes[2] < len(work)


def built_with_changes(site: Path, out: Path) -> Path:
    """Build, edit an article and build again: the cache then has one record of
    changes, whose file this returns."""
    build(options(site, out))
    edit_article(site, "First.")
    build(options(site, out))
    return next((site / CACHE_DIR).glob("build-*.changes"))


def test_changes_that_add_up_make_the_cache_be_written_anew(site, tmp_path, monkeypatch,
                                                           roomy_changes):
    from briefing.engine import changelog
    out = tmp_path / "out"
    built_with_changes(site, out)
    monkeypatch.setattr(changelog, "MAX_CHANGES_SHARE", 10**9)  # any change is too much

    edit_article(site, "Second.")
    build(options(site, out))
    assert ".changes" not in cache_files(site, out)
    edit_article(site, "Third.")
    assert not build(options(site, out)).full
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_record_after_the_last_build_is_ignored_and_the_cache_rewritten(site, tmp_path,
                                                                          roomy_changes):
    """A build killed while appending leaves a torn record that its ``.last`` does
    not name: the next build stops before it, and writes everything anew rather
    than appending after it."""
    out = tmp_path / "out"
    changes = built_with_changes(site, out)
    with changes.open("ab") as torn:
        torn.write(b"123456 abcdef\npartial")
    edit_article(site, "Second.")
    result = build(options(site, out))
    assert not result.full and not [w for w in result.warnings if "cache" in w.message]
    assert ".changes" not in cache_files(site, out)
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["truncate", "flip", "remove"])
def test_changes_that_cannot_be_trusted_discard_the_cache(site, tmp_path, damage,
                                                          roomy_changes):
    out = tmp_path / "out"
    changes = built_with_changes(site, out)
    data = changes.read_bytes()
    if damage == "truncate":
        changes.write_bytes(data[:-1])
    elif damage == "flip":
        changes.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    else:
        changes.unlink()
    edit_article(site, "Second.")
    result = build(options(site, out))
    warnings = [w.format() for w in result.warnings if "build cache" in w.message]
    assert warnings and "ignoring it and building from scratch" in warnings[0]
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


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


def test_pages_from_workers_share_the_builds_notes_in_the_cache(site, tmp_path, monkeypatch):
    """A worker sends back its own copies of an article's notes; the cache keeps
    the build's objects instead, so each note is saved and loaded once."""
    if not parallel.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    from briefing.build.api import cache_key
    from briefing.core.errors import Diagnostics
    from briefing.core.remembered import ANNOTATIONS
    from briefing.engine.store import cache_file
    out = tmp_path / "out"
    build(options(site, out, jobs=2))
    store = cache_file(site, cache_key(options(site, out), site / "site.yml"))
    assert store is not None
    cache = store.load(Diagnostics())
    cache.load_work()
    loaded = {note.id: note for notes, _ in cache.memo[ANNOTATIONS.name].values()
              for note in notes}

    in_pages = [anchor.annotation for entry in cache.entries.values()
                for anchor in entry.page.anchors]
    # Notes whose bodies merging changed (glossary links) are new objects; the others
    # are the loaded ones themselves.
    unchanged = [note for note in in_pages if note == loaded[note.id]]
    assert unchanged and all(note is loaded[note.id] for note in unchanged)


def test_changes_removed_between_two_builds_mean_everything_is_written_anew(
        site, tmp_path, roomy_changes):
    """A build that finds the change log gone when it appends (another build of
    the same site wrote everything anew meanwhile) writes everything, with no
    warning, and the build after it still starts from that."""
    from briefing.build.api import cache_key
    from briefing.core.errors import Diagnostics
    from briefing.engine.store import cache_file
    out = tmp_path / "out"
    changes = built_with_changes(site, out)
    store = cache_file(site, cache_key(options(site, out), site / "site.yml"))
    assert store is not None
    cache = store.load(Diagnostics())
    cache.load_work()
    changes.unlink()  # as a concurrent build writing everything anew does
    said = Diagnostics()
    store.save(cache, said)
    assert not said.items and ".changes" not in cache_files(site, out)
    edit_article(site, "Second.")
    result = build(options(site, out))
    assert not result.full and not [w for w in result.warnings if "cache" in w.message]
    assert read_tree(out) == clean_build(site, tmp_path / "clean")
