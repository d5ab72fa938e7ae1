"""Incremental builds (a build cache, as the preview server keeps) write exactly
what a clean build writes, after any sequence of edits."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from briefing.build import BuildOptions, build
from briefing.errors import ContentErrors
from briefing.incremental import BuildCache
from tests.conftest import copy_site, read_tree

GLOSSARY = """terms:
  - term: Geneva
    definition: A city in Switzerland.
  - term: Petrova
    definition: A foreign minister.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_site("stories", tmp_path)
    with (site / "site.yml").open("a") as f:
        f.write("search: false\n")  # the Pagefind index is tested elsewhere; keep this fast
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
    if path.exists():
        path.unlink()
    elif (site / "content/articles/loose-report.md").exists():
        path.write_text("article: loose-report\nannotations:\n  - id: rise\n"
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


def edit_story(site: Path, rng: random.Random) -> None:
    path = site / "content/stories/summit-talks.yml"
    path.write_text(path.read_text().replace("summary: |", f"summary: |\n  Day {rng.randint(1, 9)}."))


EDITS = [edit_article_text, edit_front_matter, add_or_remove_annotation, edit_glossary,
         edit_template, delete_article, edit_story]


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    return read_tree(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_then_incremental_equals_clean(site, tmp_path, seed):
    rng = random.Random(seed)
    cache = BuildCache()
    incremental = tmp_path / "incremental"
    build(BuildOptions(config_path=site / "site.yml", output_dir=incremental), cache=cache)
    for step in range(8):
        edit = rng.choice(EDITS)
        edit(site, rng)
        try:
            build(BuildOptions(config_path=site / "site.yml", output_dir=incremental),
                  cache=cache)
        except ContentErrors:
            pytest.fail(f"step {step}: {edit.__name__} made the fixture invalid")
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
