"""Builds of edited articles alone (build/narrow.py): when they run, what they
write, and that each one leaves exactly what a clean build makes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core.errors import ContentErrors
from briefing.engine.incremental import BuildCache
from briefing.engine.stamp import stamp_files
from briefing.publish.feeds import FEED_LIMIT
from tests.conftest import clean_build as clean
from tests.conftest import copy_site, read_tree

GLOSSARY = """terms:
  - term: Geneva
    definition: A city in Switzerland.
  - term: Petrova
    definition: A foreign minister.
"""
NOTE = """article: loose-report
annotations:
  - id: rise
    quote: Exports rose by a tenth
    kind: context
    body: A note about Geneva.
"""
LOOSE = 6  # reports in no story, one a day from 2025-08-10 (the newest of the site)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_site("stories", tmp_path, search=False)
    (site / "content/glossary.yml").write_text(GLOSSARY)
    (site / "content/annotations/loose.yml").write_text(NOTE)
    for day in range(LOOSE):
        (site / f"content/articles/loose-{day}.md").write_text(
            f"---\ntitle: Loose report {day}\ndate: 2025-08-{10 + day:02d}\ntags: [Trade]\n"
            f"---\n\nTraders met in Geneva on day {day}.\n\nPrices held steady.\n")
    return site


def options(site: Path, out: Path) -> BuildOptions:
    return BuildOptions(config_path=site / "site.yml", output_dir=out)


def rebuilt(site: Path, out: Path, tmp_path: Path, narrow: bool) -> None:
    """Build ``site`` into ``out`` again: narrow or not, as said, and as a clean build."""
    assert build(options(site, out)).narrow is narrow
    assert read_tree(out) == clean(site, tmp_path / "clean")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_a_text_edit_builds_the_article_alone_through_the_store(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    append(site / "content/articles/loose-2.md", "\nThe desk added a sentence.\n")
    result = build(options(site, out))  # a fresh BuildCache: the store on disk
    assert result.narrow and not result.full
    assert result.changed == 4  # its index.html and index.md, and the two feeds
    assert read_tree(out) == clean(site, tmp_path / "clean")
    assert build(options(site, out)).up_to_date  # its output stamp: that of every file


def test_a_narrow_build_reads_the_store_value_by_value(site, tmp_path, monkeypatch):
    """A narrow build asks for a few values: reading every value of a kind at
    once (the file keys of every input, 21,000 rows at 10,000 articles) cost
    it more than all its lookups; an edit of a note is the case that asks most."""
    from briefing.engine.rows import StoreRows
    out, whole = tmp_path / "out", []
    build(options(site, out))
    real = StoreRows._table
    monkeypatch.setattr(StoreRows, "_table", lambda rows, kind: whole.append(kind)
                        or real(rows, kind))
    append(site / "content/annotations/loose.yml", "    author: The desk\n")
    append(site / "content/articles/loose-2.md", "\nThe desk added a sentence.\n")
    assert build(options(site, out)).narrow
    assert whole == []
    assert read_tree(out) == clean(site, tmp_path / "clean")


def test_the_output_stamp_of_a_narrow_build_is_that_of_every_file(site, tmp_path):
    out, cache = tmp_path / "out", BuildCache()
    build(options(site, out), cache=cache)
    append(site / "content/articles/loose-2.md", "\nThe desk added a sentence.\n")
    assert build(options(site, out), cache=cache).narrow
    assert cache.last is not None
    assert cache.last.outputs == stamp_files(out, cache.last.outputs.paths)


def test_the_newest_article_updates_the_feeds_too(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    newest = site / f"content/articles/loose-{LOOSE - 1}.md"
    append(newest, "\nA sentence only the feeds and the page show.\n")
    result = build(BuildOptions(config_path=site / "site.yml", output_dir=out, explain=True))
    assert result.narrow
    written = dict(result.explanation.written)
    assert sorted(written) == ["articles/loose-5/index.html", "articles/loose-5/index.md",
                               "feed.json", "feed.xml"]
    assert "A sentence only the feeds" in (out / "feed.xml").read_text()
    assert read_tree(out) == clean(site, tmp_path / "clean")


@pytest.mark.parametrize("edit", [
    pytest.param(lambda text: text.replace("title: Loose report 3", "title: A new title"),
                 id="title"),
    pytest.param(lambda text: text.replace("Prices held steady.", "Petrova spoke."),
                 id="a new glossary mention"),
    pytest.param(lambda text: text.replace("Traders met in Geneva", "Traders met in Bern"),
                 id="a mention gone"),
    pytest.param(lambda text: text.replace("tags: [Trade]", "tags: [Trade, Ports]"),
                 id="tags"),
])
def test_an_edit_another_page_shows_runs_the_whole_pipeline(site, tmp_path, edit):
    out = tmp_path / "out"
    build(options(site, out))
    path = site / "content/articles/loose-3.md"
    path.write_text(edit(path.read_text()))
    rebuilt(site, out, tmp_path, narrow=False)


def test_a_note_moved_by_the_edit_keeps_the_build_narrow(site, tmp_path):
    """A paragraph above a note's quote moves it in the body, not on any other page."""
    out = tmp_path / "out"
    build(options(site, out))
    path = site / "content/articles/loose-report.md"
    path.write_text(path.read_text().replace("\nExports rose", "\nA first paragraph.\n\nExports rose"))
    rebuilt(site, out, tmp_path, narrow=True)


def test_the_edited_articles_warnings_replace_its_old_ones(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    path = site / "content/articles/loose-1.md"
    results = []
    for near_miss in ["Pertova", "Petorva"]:  # near misses of the glossary's Petrova
        append(path, f"\nThe minister {near_miss} spoke.\n")
        results.append(build(options(site, out)))
        whole = build(BuildOptions(config_path=site / "site.yml",
                                   output_dir=tmp_path / "whole", use_cache=False))
        assert results[-1].narrow
        assert [w.format() for w in results[-1].warnings] == [w.format() for w in whole.warnings]
    assert [sum("looks like the glossary term" in w.message for w in result.warnings)
            for result in results] == [1, 2]
    path.write_text(path.read_text().replace("Pertova", "Petrova"))  # a mention now
    assert not build(options(site, out)).narrow
    assert sum("looks like" in w.message for w in build(options(site, out)).warnings) == 1


def test_an_article_in_a_story_is_built_with_its_story_page(site, tmp_path):
    """A story page compares its reports' texts: an edit of one makes it again,
    from the story's other reports as the last build left them, and nothing else."""
    out = tmp_path / "out"
    build(options(site, out))
    append(site / "content/articles/summit-a.md",  # a quotation summit-b has too
           '\n"Nothing is agreed until everything is agreed," Okafor told reporters.\n')
    result = build(BuildOptions(config_path=site / "site.yml", output_dir=out, explain=True))
    assert result.narrow
    written = sorted(path for path, _ in result.explanation.written)
    assert written == ["articles/summit-a/index.html", "articles/summit-a/index.md",
                       "feed.json", "feed.xml",  # every report of this site is in them
                       "stories/summit-talks/index.html"]
    assert "Okafor told reporters" in (out / "articles/summit-a/index.html").read_text()
    assert read_tree(out) == clean(site, tmp_path / "clean")


@pytest.mark.parametrize("change", [
    pytest.param(lambda site: (site / "content/stories/summit-talks.yml").unlink(),
                 id="its story file gone"),
    pytest.param(lambda site: append(site / "content/articles/summit-b.md", "\nMore.\n")
                 or append(site / "content/stories/summit-talks.yml", "\n"),
                 id="its story file edited too"),
])
def test_an_article_in_a_story_whose_story_changed_runs_the_whole_pipeline(site, tmp_path,
                                                                           change):
    out = tmp_path / "out"
    build(options(site, out))
    append(site / "content/articles/summit-a.md", "\nA new paragraph.\n")
    change(site)
    before = read_tree(out)
    try:
        rebuilt(site, out, tmp_path, narrow=False)
    except ContentErrors as errors:  # no story file: the whole pipeline says where
        assert "content/articles/summit-a.md:9: no story has the slug 'summit-talks'" in {
            d.format().split(" (")[0] for d in errors.diagnostics}
        assert read_tree(out) == before  # and leaves the output as it was


def test_an_edit_beside_a_glossary_edit_runs_the_whole_pipeline(site, tmp_path):
    out = tmp_path / "out"
    build(options(site, out))
    append(site / "content/articles/loose-2.md", "\nMore.\n")
    append(site / "content/glossary.yml", "  - term: Bern\n    definition: A capital.\n")
    rebuilt(site, out, tmp_path, narrow=False)


def test_search_on_indexes_the_edited_articles_shard_alone(tmp_path, monkeypatch):
    """Pages are indexed by month: an edit makes its month's part of the index
    again, and the build, index included, equals a clean one."""
    monkeypatch.setattr("briefing.search.shards.SHARD_ARTICLES", 1)  # a month a shard
    site = copy_site("basic", tmp_path)
    out = tmp_path / "out"
    build(options(site, out))
    before = {path: data for path, data in read_tree(out).items()
              if path.startswith("pagefind/2025-07/")}
    append(site / "content/articles/older-report.md", "\nA paragraph about zeppelins.\n")
    result = build(options(site, out))
    assert result.narrow and not result.search_stale
    after = read_tree(out)
    assert {path: data for path, data in after.items()
            if path.startswith("pagefind/2025-07/")} == before  # July's part, untouched
    assert after == clean(site, tmp_path / "clean")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_text_edits_in_memory_and_on_disk_equal_clean_builds(site, tmp_path, seed):
    """Edits of articles' text (in a story or not) and of a note (narrow when no
    other page shows them), of mentions (the pipeline), one or several files at
    once; each build, through the preview's in-memory cache or the store, equals
    a clean one."""
    rng = random.Random(seed)
    cache = BuildCache()
    memory, disk = tmp_path / "memory", tmp_path / "disk"
    build(options(site, memory), cache=cache)
    build(options(site, disk))
    narrow = 0
    for step in range(8):
        reports = [*(site / "content/articles").glob("loose*.md"),  # in no story, and in one
                   *(site / "content/articles").glob("summit-*.md")]
        for path in rng.sample(sorted(reports), rng.choice([0, 1, 1, 2])):
            append(path, rng.choice(["\nA sentence.\n", "\nPetrova said so.\n",
                                     f"\nNumber {rng.randint(1, 99)}.\n", "\n---\n"]))
        if rng.random() < 0.4:  # the note's words, a term it mentions, or its kind
            notes = site / "content/annotations/loose.yml"
            text = notes.read_text()
            notes.write_text(text[:text.index("    body:")] + rng.choice([
                f"    body: Note {rng.randint(1, 99)} about Geneva.\n",
                "    body: A note about Petrova.\n",
                "    body: A note about Geneva.\n    author: The desk\n"]))
        results = [build(options(site, memory), cache=cache), build(options(site, disk))]
        narrow += results[1].narrow
        expected = clean(site, tmp_path / "clean")
        assert read_tree(memory) == expected, f"step {step} (in memory)"
        assert read_tree(disk) == expected, f"step {step} (on disk)"
    assert narrow > 0


def test_the_feeds_hold_the_newest_entries_after_narrow_builds(site, tmp_path):
    """More reports than a feed holds: an edit of one below the top leaves both feeds."""
    for day in range(FEED_LIMIT):
        (site / f"content/articles/old-{day}.md").write_text(
            f"---\ntitle: Old report {day}\ndate: 2025-06-{1 + day % 28:02d}\n---\n\nText {day}.\n")
    out = tmp_path / "out"
    build(options(site, out))
    feeds = (out / "feed.xml").read_bytes(), (out / "feed.json").read_bytes()
    append(site / "content/articles/old-3.md", "\nAn edit below the top.\n")
    assert build(options(site, out)).narrow
    assert ((out / "feed.xml").read_bytes(), (out / "feed.json").read_bytes()) == feeds
    assert read_tree(out) == clean(site, tmp_path / "clean")


def edit_note(site: Path, old: str, new: str, name: str = "loose.yml") -> None:
    path = site / "content/annotations" / name
    path.write_text(path.read_text().replace(old, new))


def test_a_note_edit_builds_its_article_alone(site, tmp_path):
    """A context note's words show on the article's own pages (and the feeds);
    the sentence Geneva's term page shows of it is left as it was."""
    out = tmp_path / "out"
    build(options(site, out))
    edit_note(site, "A note about Geneva.", "A note about Geneva. It ran long.")
    result = build(BuildOptions(config_path=site / "site.yml", output_dir=out, explain=True))
    assert result.narrow
    assert sorted(dict(result.explanation.written)) == [
        "articles/loose-report/annotations.jsonld", "articles/loose-report/index.html",
        "articles/loose-report/index.md", "feed.json", "feed.xml"]
    assert read_tree(out) == clean(site, tmp_path / "clean")


@pytest.mark.parametrize("old, new", [
    pytest.param("A note about Geneva.", "A note about Petrova.", id="another term mentioned"),
    pytest.param("A note about Geneva.", "A longer note about Geneva and its talks.",
                 id="the sentence a term's page shows of it"),
    pytest.param("kind: context", "kind: correction\n    date: 2025-08-06", id="now a correction"),
    pytest.param("  - id: rise", "  - id: rise-2", id="a new id"),
    pytest.param("article: loose-report", "article: loose-0", id="moved to another article"),
])
def test_a_note_edit_another_page_shows_runs_the_whole_pipeline(site, tmp_path, old, new):
    out = tmp_path / "out"
    build(options(site, out))
    if "loose-0" in new:
        edit_note(site, "Exports rose by a tenth", "Traders met in Geneva on day 0")
    edit_note(site, old, new)
    rebuilt(site, out, tmp_path, narrow=False)


def test_a_correction_in_another_file_keeps_a_context_note_edit_narrow(site, tmp_path):
    """An article's notes in two files: the edited one read again, the other from the store."""
    (site / "content/annotations/loose-fix.yml").write_text(
        "article: loose-report\nannotations:\n  - id: fix\n    quote: the statistics office\n"
        "    kind: correction\n    date: 2025-08-06\n    body: An earlier version named the"
        " ministry.\n")
    out = tmp_path / "out"
    build(options(site, out))
    edit_note(site, "A note about Geneva.", "A note about Geneva. Revised.")
    rebuilt(site, out, tmp_path, narrow=True)
    edit_note(site, "named the ministry", "named the bureau", "loose-fix.yml")
    rebuilt(site, out, tmp_path, narrow=False)  # the corrections log shows it


def test_a_note_growing_by_a_line_above_a_fact_check_keeps_the_build_narrow(site, tmp_path):
    """Other pages show a fact-check whole, but not the line it stands on in its file."""
    edit_note(site, "    body: A note about Geneva.\n", "    body: |\n      A note about Geneva.\n")
    append(site / "content/annotations/loose.yml",
           "  - id: check\n    quote: the statistics office said\n    kind: fact-check\n"
           "    rating: Accurate\n    body: The office did say so.\n")
    out = tmp_path / "out"
    build(options(site, out))
    edit_note(site, "      A note about Geneva.\n", "      A note about Geneva.\n      And more.\n")
    rebuilt(site, out, tmp_path, narrow=True)


@pytest.mark.parametrize("name, old, new, said", [
    pytest.param("articles/loose-report.md", "Exports rose by a tenth", "Exports fell",
                 "loose.yml:4: annotation 'rise': the quote is not in the article",
                 id="a note's quote gone from the article"),
    pytest.param("articles/loose-4.md", "date: 2025-08-14", "date: 2025-13-14",
                 "loose-4.md:3", id="a bad date"),
    pytest.param("annotations/loose.yml", "kind: context", "kind: contxt",
                 "loose.yml:5: 'kind': 'contxt' is not a kind of note", id="a bad kind of note"),
])
def test_an_error_in_an_edit_is_reported_as_by_a_whole_build(site, tmp_path, name, old, new,
                                                              said):
    out = tmp_path / "out"
    build(options(site, out))
    before = read_tree(out)
    path = site / "content" / name
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(ContentErrors) as raised:
        build(options(site, out))
    assert said in str(raised.value)
    assert read_tree(out) == before  # the last build's output, untouched


def test_the_notes_other_pages_show_count_whole_in_the_face():
    from briefing.annotations.loader import RATED_KINDS
    from briefing.engine.faces import SHOWN_WHOLE
    from briefing.model.annotation import NOTICE_KINDS
    assert set(NOTICE_KINDS) | set(RATED_KINDS) <= set(SHOWN_WHOLE)


def test_faces_search_no_text_the_unused_term_check_does_not(site, tmp_path):
    """A note's face counts the terms its loaded body mentions: the search the
    unused-term check makes (remembered), never one of a merged copy."""
    import sqlite3

    from briefing.build.api import cache_key, load_and_check
    from briefing.engine.store import cache_file
    from briefing.glossary.checks import term_mentions, texts_beyond_articles
    from briefing.glossary.matcher import compiled

    build(options(site, tmp_path / "out"))
    store = cache_file(site, cache_key(options(site, tmp_path / "out"), site / "site.yml"))
    with sqlite3.connect(store.path) as connection:
        searched = {key for (key,) in connection.execute(
            "SELECT key FROM memo WHERE kind = 'terms-in-text'")}
    loaded = load_and_check(options(site, tmp_path / "x")).site
    mentioned = term_mentions(loaded.glossary, compiled(loaded.glossary))
    assert searched and searched <= {mentioned.key(text)
                                     for text in texts_beyond_articles(loaded)}


def test_an_edit_built_alone_imports_no_listing_comparison_or_wire_parser(site, tmp_path):
    """A fresh process's imports were a third of an edit's time: the narrow
    build leaves out what only the whole pipeline, a story or a revised
    article needs (the listing pages, the story comparison, the wire parser,
    the corrections log's feed). Built in a process of its own, whose modules
    are then listed."""
    import subprocess
    import sys
    out = tmp_path / "out"
    build(options(site, out))
    append(site / "content/articles/loose-2.md", "\nThe desk added a sentence.\n")
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from briefing.build.api import BuildOptions, build\n"
        f"done = build(BuildOptions(config_path=Path({str(site / 'site.yml')!r}), "
        f"output_dir=Path({str(out)!r})))\n"
        "heavy = ('briefing.listings.site', 'briefing.listings.stories', 'briefing.compare',"
        " 'briefing.stories.comparison', 'briefing.wire.parse', 'briefing.publish.corrections')\n"
        "print(done.narrow, sorted(m for m in heavy if m in sys.modules))\n")
    said = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert said == "True []"
    assert read_tree(out) == clean(site, tmp_path / "clean")
