"""Incremental builds (a build cache, as the preview server keeps) write exactly
what a clean build writes, after any sequence of edits."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core import parallel
from briefing.core.errors import ContentErrors
from briefing.engine.incremental import BuildCache
from briefing.engine.stamp_later import StampLater
from briefing.engine.store import CACHE_DIR
from tests.conftest import copy_site, read_tree

GLOSSARY = """terms:
  - term: Geneva
    definition: A city in Switzerland.
  - term: Petrova
    definition: A foreign minister.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_site("stories", tmp_path, search=False)  # the index is tested elsewhere
    (site / "content/glossary.yml").write_text(GLOSSARY)
    return site


def edit_article_text(site: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    path.write_text(path.read_text() + f"\nA new paragraph, number {rng.randint(1, 999)}.\n")


def edit_front_matter(site: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    text = path.read_text()
    path.write_text(text.replace("title: ", f"title: Update {rng.randint(1, 99)} - ", 1))


def add_or_remove_annotation(site: Path, rng: random.Random) -> None:
    path = site / "content/annotations/loose.yml"
    reports = sorted((site / "content/articles").glob("loose-report*.md"))  # renamed, too
    if path.exists():
        path.unlink()
    elif reports:
        path.write_text(f"article: {reports[0].stem}\nannotations:\n  - id: rise\n"
                        "    quote: Exports rose by a tenth\n    kind: context\n"
                        f"    body: Note {rng.randint(1, 99)} about Geneva.\n")


def edit_glossary(site: Path, rng: random.Random) -> None:
    path = site / "content/glossary.yml"
    extra = rng.choice(["    aliases: [Genf]\n", "", f"    links: [{{title: R{rng.randint(1, 9)}, "
                        "url: 'https://example.org/'}]\n"])
    path.write_text(GLOSSARY.replace("  - term: Petrova\n", extra + "  - term: Petrova\n")
                    .replace("Switzerland", rng.choice(["Switzerland", "the Alps"])))


def edit_template(site: Path, rng: random.Random) -> None:
    (site / "templates").mkdir(exist_ok=True)
    base = (Path(__file__).parent.parent / "themes/default/templates/base.html").read_text()
    (site / "templates/base.html").write_text(
        base.replace("</footer>", f"<p>Edition {rng.randint(1, 99)}</p></footer>"))


def delete_article(site: Path, rng: random.Random) -> None:
    candidates = [p for p in sorted((site / "content/articles").glob("*.md"))
                  if p.stem in ("loose-report", "draft-piece")]
    if candidates:
        path = rng.choice(candidates)
        path.unlink()
        (site / f"content/annotations/{path.stem.split('-')[0]}.yml").unlink(missing_ok=True)


def rename_article(site: Path, rng: random.Random) -> None:
    """A file renamed: the article's slug and URL change, its notes follow it
    (their file renamed and pointed at the new slug), its old files go."""
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    new = f"{re.sub(r'-r[0-9]+$', '', path.stem)}-r{rng.randint(1, 99)}"
    path.rename(path.with_name(f"{new}.md"))
    for notes in sorted((site / "content/annotations").glob("*.yml")):  # every file on it
        text = notes.read_text()
        if f"article: {path.stem}\n" in text:
            notes.unlink()
            named = notes.with_name(f"{new}.yml") if notes.stem == path.stem else notes
            named.write_text(text.replace(f"article: {path.stem}\n", f"article: {new}\n", 1))


def edit_story(site: Path, rng: random.Random) -> None:
    path = site / "content/stories/summit-talks.yml"
    path.write_text(path.read_text().replace("summary: |", f"summary: |\n  Day {rng.randint(1, 9)}."))


def move_article_in_time(site: Path, rng: random.Random) -> None:
    """A new date: the article moves between months (a month may appear or go)
    and along its topics' pages."""
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    date = f"date: 2025-{rng.choice(['06', '07', '08', '09'])}-{rng.randint(1, 28):02d}"
    path.write_text(re.sub(r"^date: .*$", date, path.read_text(), count=1, flags=re.MULTILINE))


def retag_article(site: Path, rng: random.Random) -> None:
    """New topics: the article joins and leaves topic pages (a topic may appear or go)."""
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    tags = rng.sample(["Armenia", "Border", "Diplomacy", "Economy", "Trade"], rng.randint(0, 3))
    line = f"tags: [{', '.join(tags)}]"
    text = path.read_text()
    if re.search(r"^tags: ", text, flags=re.MULTILINE):
        text = re.sub(r"^tags: .*$", line, text, count=1, flags=re.MULTILINE)
    else:
        text = text.replace("\ndate: ", f"\n{line}\ndate: ", 1)
    path.write_text(text)


LISTING_LIMITS = "# listing limits\n"


def edit_listing_limits(site: Path, rng: random.Random, stories: int | None = None,
                        reports: int | None = None, per_page: int | None = None) -> None:
    """site.yml's front_page: and topic_pages:, small enough to cut this fixture's lists."""
    path = site / "site.yml"
    kept = path.read_text().split(LISTING_LIMITS)[0]
    path.write_text(f"{kept}{LISTING_LIMITS}front_page: {{stories: "
                    f"{rng.randint(0, 2) if stories is None else stories}, reports: "
                    f"{rng.randint(0, 3) if reports is None else reports}}}\n"
                    f"topic_pages: {{per_page: {per_page or rng.randint(1, 3)}}}\n")


def revise_wire_copy(site: Path, rng: random.Random) -> None:
    """Give an article two versions of its wire copy (a history page), or edit a
    version's file: the article file stays as it was."""
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    text = path.read_text()
    if "revisions:" in text:
        version = site / "content" / rng.choice(re.findall(r"wire: (wire/versions/\S+)", text))
        version.write_text(version.read_text() + f"Paragraph {rng.randint(1, 999)} added.\n")
        return
    number, folder = rng.randint(1, 999), site / "content/wire/versions"
    folder.mkdir(parents=True, exist_ok=True)
    first, second = folder / f"{path.stem}-{number}-1.txt", folder / f"{path.stem}-{number}-2.txt"
    first.write_text(f"Talks in Geneva\nThe first version, number {number}.\n")
    second.write_text(f"Talks in Geneva\nThe first version, number {number}, revised.\n")
    block = (f"revisions:\n- time: 2025-08-08T09:00\n  wire: wire/versions/{first.name}\n"
             f"- time: 2025-08-08T12:00\n  wire: wire/versions/{second.name}\n"
             f"  summary: Update {number}.\n")
    path.write_text(text.replace("\n---\n", f"\n{block}---\n", 1))


def edit_picture(site: Path, rng: random.Random) -> None:
    """Redraw a picture (new size and colour) and show it in one more article, as
    its lead image and a figure (issue 22: pictures are inputs)."""
    from PIL import Image

    size = (rng.randint(200, 1100), rng.randint(150, 700))
    colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
    Image.new("RGB", size, colour).save(site / "content/articles/photo.png")
    path = rng.choice(sorted((site / "content/articles").glob("*.md")))
    text = path.read_text()
    if "image:" not in text:
        path.write_text(text.replace("title: ", "image: {src: photo.png, alt: A test picture}\n"
                                     "title: ", 1)
                        + '\n![A figure](photo.png "Its caption | Its credit")\n')


EDITS = [edit_article_text, edit_front_matter, add_or_remove_annotation, edit_glossary,
         edit_template, delete_article, edit_story, move_article_in_time, retag_article,
         rename_article, revise_wire_copy, edit_picture]


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    return read_tree(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_then_incremental_equals_clean(site, tmp_path, seed):
    """With lists short enough to split (a front page of one story, topic pages of
    one or two reports), so edits move reports across months and pages."""
    rng = random.Random(seed)
    edit_listing_limits(site, rng, stories=1, reports=1, per_page=1)
    cache = BuildCache()
    incremental = tmp_path / "incremental"
    build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
    for step in range(10):
        edit = rng.choice([*EDITS, edit_listing_limits])
        edit(site, rng)
        try:
            build(BuildOptions(config_path=site / "site.yml", output_dir=incremental),
                  cache=cache)
        except ContentErrors:
            pytest.fail(f"step {step}: {edit.__name__} made the fixture invalid")
        assert read_tree(incremental) == clean_build(site, tmp_path / "clean"), \
            f"step {step}: after {edit.__name__}"


CORRECTION = "  - id: met-friday\n"


def add_or_move_correction(site: Path, rng: random.Random) -> None:
    """A correction in the Geneva report's notes (which follow it when it is
    renamed), dated in one of four months of two years, or taken out again:
    the log's months appear, go and change neighbours."""
    path = min((site / "content/annotations").glob("summit-a*.yml"))
    text = path.read_text().split(CORRECTION)[0]
    if rng.random() < 0.25:
        path.write_text(text)
        return
    month = rng.choice(["2024-11", "2024-12", "2025-08", "2025-09"])
    path.write_text(f"{text}{CORRECTION}    quote: The foreign ministers met in Geneva\n"
                    f"    kind: correction\n    date: {month}-{rng.randint(10, 28)}\n"
                    f"    body: Correction {rng.randint(1, 99)}, they met on Friday.\n")


def move_article_across_years(site: Path, rng: random.Random) -> None:
    """A report on the Geneva talks dated in 2024 or 2025: the terms' mentions
    move between their years."""
    path = rng.choice(sorted((site / "content/articles").glob("summit-*.md")))
    date = f"date: {rng.choice(['2024', '2025'])}-{rng.choice(['03', '08'])}-{rng.randint(1, 28):02d}"
    path.write_text(re.sub(r"^date: .*$", date, path.read_text(), count=1, flags=re.MULTILINE))


@pytest.mark.parametrize("seed", [4, 5])
def test_random_edits_over_split_log_and_term_pages_equal_clean(site, tmp_path, monkeypatch,
                                                                seed):
    """With the log's first page and a term's page cut to one entry, so that
    corrections move across the log's months and mentions across a term's
    years (pages per month and year appear, go and change neighbours)."""
    from briefing.listings import corrections, glossary
    monkeypatch.setattr(corrections, "LOG_NEWEST", 1)
    monkeypatch.setattr(glossary, "TERM_NEWEST", 1)
    rng = random.Random(seed)
    cache = BuildCache()
    incremental = tmp_path / "incremental"
    seen: set[str] = set()  # the log's months and the terms' years that had a page
    build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
    for step in range(16):
        edit = [rng.choice(EDITS), add_or_move_correction, move_article_across_years][step % 3]
        edit(site, rng)
        build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
        assert read_tree(incremental) == clean_build(site, tmp_path / "clean"), \
            f"step {step}: after {edit.__name__}"
        seen.update(f"{page.parent.parent.name}/{page.parent.name}" for page in
                    (incremental / "corrections").glob("*/*/index.html"))
        seen.update(page.parent.name for page in (incremental / "glossary").glob("*/*/index.html"))
    assert {"2024", "2025"} <= seen and len({name for name in seen if "/" in name}) > 1, seen


def test_picture_edits_then_incremental_equals_clean(site, tmp_path):
    """A picture redrawn, shown by more articles, those articles edited, renamed
    and deleted: every incremental build equals a clean one, byte for byte."""
    rng = random.Random(7)
    cache = BuildCache()
    incremental = tmp_path / "incremental"
    for edit in [edit_picture, edit_picture, edit_front_matter, edit_picture, rename_article,
                 edit_picture, delete_article, edit_picture]:
        edit(site, rng)
        build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
        assert read_tree(incremental) == clean_build(site, tmp_path / "clean"), edit.__name__
    assert any((incremental / "pictures").glob("photo-*-16x9-*.jpg"))


def test_articles_moving_between_months_and_topic_pages_equal_clean(site, tmp_path):
    """Dates and tags alone, many times: months and topic pages appear, go, and
    change neighbours and page counts."""
    rng = random.Random(7)
    edit_listing_limits(site, rng, stories=1, reports=1, per_page=1)
    cache = BuildCache()
    incremental = tmp_path / "incremental"
    build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
    for step in range(12):
        edit = rng.choice([move_article_in_time, retag_article])
        edit(site, rng)
        build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
        assert read_tree(incremental) == clean_build(site, tmp_path / "clean"), \
            f"step {step}: after {edit.__name__}"


def test_one_article_edit_renders_only_that_article(site, tmp_path):
    cache = BuildCache()
    options = BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out")
    build(options, cache=cache)
    assert cache.rendered == 4  # every published article the first time
    build(options, cache=cache)
    assert cache.rendered == 0  # nothing changed
    edit_article_text(site, random.Random(0))
    build(options, cache=cache)
    assert cache.rendered == 1
    edit_template(site, random.Random(0))
    build(options, cache=cache)
    assert cache.rendered == 4  # a template change re-renders every article


def test_adding_or_removing_an_article_merges_no_other_again(site, tmp_path):
    """A note may name any article, so an annotation file was read under the key
    of every slug: publishing one article changed that key, and every annotated
    article was merged again (all 10,000 at 10,000 articles: a minute). What is
    remembered of an annotation file now depends on its bytes alone; whether
    the article it names exists is checked in every build."""
    cache = BuildCache()
    options = BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out")
    build(options, cache=cache)
    added = site / "content/articles/late-report.md"
    added.write_text((site / "content/articles/loose-report.md").read_text()
                     .replace("title:", "title: Late:", 1).replace("Late: ", "Late ", 1))
    build(options, cache=cache)
    assert cache.rendered == 1  # the new article alone: summit-a and -b keep their notes
    added.unlink()
    build(options, cache=cache)
    assert cache.rendered == 0
    assert read_tree(tmp_path / "out") == clean_build(site, tmp_path / "clean")


def test_a_note_on_an_article_deleted_since_is_an_error_in_every_build(site, tmp_path):
    """The file's notes are remembered from the last build, but the article they
    name is looked for each time: deleting it is an error, with the file named."""
    options = BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out")
    build(options)
    (site / "content/articles/summit-a.md").unlink()
    for _ in range(2):
        with pytest.raises(ContentErrors) as raised:
            build(options)
        assert any(error.message == "no article has the slug 'summit-a'"
                   and error.path.endswith("annotations/summit-a.yml")
                   for error in raised.value.diagnostics), raised.value.diagnostics


def test_warnings_of_reused_articles_are_still_reported(site, tmp_path):
    notes = site / "content/annotations/summit-a.yml"
    notes.write_text(notes.read_text().replace("met in Geneva on Friday", "met in Geneva on Fridya"))
    cache = BuildCache()
    options = BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out")
    first = build(options, cache=cache)
    again = build(options, cache=cache)
    fuzzy = [w.format() for w in first.warnings if "not found exactly" in w.message]
    assert fuzzy and fuzzy == [w.format() for w in again.warnings
                               if "not found exactly" in w.message]


def test_a_definition_edit_renders_only_articles_linking_the_term(site, tmp_path):
    cache = BuildCache()
    out = tmp_path / "out"
    options = BuildOptions(config_path=site / "site.yml", output_dir=out)
    build(options, cache=cache)
    linking = [p for p in out.glob("articles/*/index.md") if "glossary/petrova/" in p.read_text()]
    assert 0 < len(linking) < 4
    glossary = site / "content/glossary.yml"
    glossary.write_text(glossary.read_text().replace("A foreign minister.", "A diplomat."))
    build(options, cache=cache)
    assert cache.rendered == len(linking)  # no article is merged again, only these re-rendered
    assert b"A diplomat." in (out / "glossary/petrova/index.html").read_bytes()
    assert all(b"A diplomat." in (p.parent / "index.html").read_bytes() for p in linking)


def test_a_definition_growing_by_a_line_renders_only_articles_linking_that_term(
        site, tmp_path):
    """A longer definition moves every term below it down glossary.yml; pages show
    no term's line, so articles linking only those terms are not rendered again."""
    glossary = site / "content/glossary.yml"
    glossary.write_text(glossary.read_text() + "  - term: statistics office\n"
                        "    definition: The national statistics service.\n")
    cache = BuildCache()
    out = tmp_path / "out"
    options = BuildOptions(config_path=site / "site.yml", output_dir=out)
    build(options, cache=cache)
    linking = {term: {p for p in out.glob("articles/*/index.md")
                      if f"glossary/{term}/" in p.read_text()}
               for term in ("geneva", "statistics-office")}
    assert linking["geneva"] and linking["statistics-office"]
    assert not linking["geneva"] & linking["statistics-office"]
    glossary.write_text(glossary.read_text().replace(
        "definition: A city in Switzerland.",
        "definition: |\n      A city in Switzerland.\n      The talks are held there."))
    build(options, cache=cache)
    assert cache.rendered == len(linking["geneva"])
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_template_showing_term_lines_is_rendered_again_when_they_move(site, tmp_path):
    """Term lines are left out of the keys only while no template reads them."""
    theme = Path(__file__).parent.parent / "themes/default/templates/_term_definitions.html"
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/_term_definitions.html").write_text(theme.read_text().replace(
        "{{ view.definition_html }}", "{{ view.definition_html }} (line {{ view.term.line }})"))
    glossary = site / "content/glossary.yml"
    glossary.write_text(glossary.read_text() + "  - term: statistics office\n"
                        "    definition: The national statistics service.\n")
    out = tmp_path / "out"
    options = BuildOptions(config_path=site / "site.yml", output_dir=out)
    cache = BuildCache()
    build(options, cache=cache)
    glossary.write_text(glossary.read_text().replace(
        "definition: A city in Switzerland.",
        "definition: |\n      A city in Switzerland.\n      The talks are held there."))
    build(options, cache=cache)
    moved = (out / "articles/loose-report/index.html").read_bytes()  # links only that term
    assert b"(line 8)" in moved
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def test_a_story_edit_renders_only_the_articles_of_that_story(site, tmp_path):
    """An article page shows its own story's title, no other story."""
    cache = BuildCache()
    out = tmp_path / "out"
    options = BuildOptions(config_path=site / "site.yml", output_dir=out)
    build(options, cache=cache)
    story = site / "content/stories/summit-talks.yml"
    story.write_text(story.read_text().replace("title: Foreign ministers meet in Geneva",
                                               "title: Foreign ministers meet again"))
    build(options, cache=cache)
    assert cache.rendered == 2  # summit-a and summit-b; not the commission's or the loose one
    assert b"Foreign ministers meet again" in (out / "articles/summit-a/index.html").read_bytes()
    assert read_tree(out) == clean_build(site, tmp_path / "clean")


def disk_build(site: Path, out: Path, **extra: object):
    """A build through the cache in .briefing-cache/, as separate runs make."""
    return build(BuildOptions(config_path=site / "site.yml", output_dir=out, **extra))  # type: ignore[arg-type]


def test_a_file_added_to_the_output_by_hand_is_left_alone(site, tmp_path):
    """Only the files the last build wrote are checked: one added beside them is
    read by no build, so nothing is rebuilt, and an update leaves it in place."""
    out = tmp_path / "out"
    disk_build(site, out)
    (out / "articles/notes.txt").write_text("mine")
    assert disk_build(site, out).up_to_date
    edit_article_text(site, random.Random(0))
    update = disk_build(site, out)
    assert not update.up_to_date and not update.full
    assert (out / "articles/notes.txt").read_text() == "mine"
    built = read_tree(out)
    del built["articles/notes.txt"]
    assert built == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("fork", [False, True])
@pytest.mark.parametrize("damage", ["deleted", "same size, new time"])
def test_an_output_file_damaged_by_hand_is_written_again(site, tmp_path, damage, fork,
                                                         monkeypatch):
    """Checked here or (as for a large site) in a forked process meanwhile."""
    if fork:
        if not parallel.can_fork():
            pytest.skip("no fork on this platform")
        monkeypatch.setattr(StampLater, "FORK_MIN", 1)
        monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    out = tmp_path / "out"
    disk_build(site, out)
    page = out / "articles/loose-report/index.html"
    original = page.read_bytes()
    if damage == "deleted":
        page.unlink()
    else:
        page.write_bytes(b"x" * len(original))
        os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    result = disk_build(site, out)
    assert not result.up_to_date and result.full
    assert page.read_bytes() == original
    assert disk_build(site, out).up_to_date


def test_an_update_that_reindexes_leaves_a_file_added_by_hand(tmp_path):
    """An update whose search index follows makes the index beside the output and
    then puts pages and index files in place one by one, like any update: a file
    someone added is neither deleted nor in the way."""
    from briefing.search.pagefind import pagefind_executable
    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed")
    site = copy_site("stories", tmp_path)
    out = tmp_path / "out"
    disk_build(site, out)
    (out / "articles/notes.txt").write_text("mine")
    edit_article_text(site, random.Random(0))
    result = disk_build(site, out)
    assert not result.up_to_date and not result.full
    after = read_tree(out)
    assert after.pop("articles/notes.txt") == b"mine"
    assert after == clean_build(site, tmp_path / "clean")


def test_an_edit_to_site_yml_is_seen(site, tmp_path):
    """While site.yml is unchanged a build reuses what the last one read from it
    (where the content and output are); an edit is a change like any other."""
    options = BuildOptions(config_path=site / "site.yml")
    build(options)
    config = site / "site.yml"
    config.write_text(config.read_text().replace("title: ", "title: Renamed ", 1))
    result = build(options)
    assert not result.up_to_date and result.output_dir == site / "_site"
    assert "Renamed" in (site / "_site/index.html").read_text()
    config.write_text(config.read_text() + "output_dir: public\n")
    result = build(options)
    assert not result.up_to_date and result.output_dir == site / "public"
    assert read_tree(site / "public") == read_tree(site / "_site")
    assert build(options).up_to_date


def heavy_modules_after(code: str) -> str:
    """What of YAML, Jinja, the pipeline and the settings ``code``, run in a fresh
    Python, has imported: what it prints."""
    import subprocess
    import sys
    report = ("print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'jinja2') "
              "or m in ('briefing.build.pipeline', 'briefing.config.site')))\n")
    done = subprocess.run([sys.executable, "-c", f"import sys\n{code}{report}"],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_nothing_changed_imports_neither_yaml_nor_the_pipeline(site, tmp_path):
    """The answer costs a stat per file, not parsing site.yml or loading Jinja;
    the command line imports neither before it runs."""
    out = tmp_path / "out"
    disk_build(site, out)
    assert heavy_modules_after(
        "from pathlib import Path\nfrom briefing.build.api import BuildOptions, build\n"
        f"result = build(BuildOptions(config_path=Path({str(site / 'site.yml')!r}), "
        f"output_dir=Path({str(out)!r})))\nassert result.up_to_date, result\n") == "[]"
    assert heavy_modules_after("import briefing.commands.main\n") == "[]"


def test_the_command_line_imports_only_the_command_it_runs(site, tmp_path):
    """`briefing build` loads neither the preview server, the importers nor the
    scaffolding (commands/main.COMMANDS: each command's module is imported when
    it runs); every command is still there under its name."""
    import click

    from briefing.commands.main import COMMANDS, main
    out = tmp_path / "out"
    disk_build(site, out)
    others = [module for name, (module, _) in COMMANDS.items() if name != "build"]
    code = ("from briefing.commands.main import main\n"
            f"try:\n    main(['build', '--config', {str(site / 'site.yml')!r}, "
            f"'--out', {str(out)!r}], prog_name='briefing')\n"
            "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
            f"print(sorted(m for m in {others!r} if m in sys.modules))\n")
    assert heavy_modules_after(code).splitlines()[-2:] == ["[]", "[]"]
    context = click.Context(main)
    assert [main.get_command(context, name).name for name in main.list_commands(context)] \
        == sorted(COMMANDS)
