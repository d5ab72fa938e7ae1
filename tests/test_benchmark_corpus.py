"""The benchmark's generated corpus is valid content: it builds with no errors and
every note is placed (benchmarks/corpus.py; no timing here)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.corpus import CorpusSpec, generate
from benchmarks.notes import occurrences
from briefing.build.api import BuildOptions, build
from tests.conftest import read_tree

ARTICLES = 20


def placed_ids(jsonld: Path) -> list[str]:
    """The ids of the notes an article's W3C AnnotationPage lists (the placed ones)."""
    items = json.loads(jsonld.read_text(encoding="utf-8"))["items"]
    return [item["id"].rsplit("#annotation-", 1)[1] for item in items]


def test_generated_corpus_builds_with_every_note_placed(tmp_path: Path):
    corpus = generate(CorpusSpec(articles=ARTICLES, search=False), tmp_path / "site")
    output = tmp_path / "out"

    # build() raises ContentErrors if the corpus has any error at all.
    result = build(BuildOptions(config_path=corpus.config_path, output_dir=output))

    pages = sorted(output.glob("articles/*/index.html"))
    assert len(pages) == ARTICLES == len(corpus.slugs)
    assert not [w for w in result.warnings if "anchored" in w.message or "%" in w.message]
    placed = {page.parent.name: placed_ids(page.parent / "annotations.jsonld") for page in pages}
    assert sum(len(ids) for ids in placed.values()) == corpus.notes == 3 * ARTICLES
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Unplaced notes" not in html
        for note_id in placed[page.parent.name]:
            assert f'data-annotation="{note_id}"' in html
    assert len(corpus.stories) >= 1
    assert all((output / "stories" / slug / "index.html").is_file() for slug in corpus.stories)


def test_generation_is_deterministic(tmp_path: Path):
    first = generate(CorpusSpec(articles=5, seed=3), tmp_path / "a")
    second = generate(CorpusSpec(articles=5, seed=3), tmp_path / "b")
    assert read_tree(first.root) == read_tree(second.root)
    assert read_tree(first.root) != read_tree(generate(CorpusSpec(articles=5, seed=4),
                                                       tmp_path / "c").root)


def test_occurrences_counts_on_word_boundaries_and_normalised_quotes():
    texts = ["“We agreed,” Volenadze said. We agreed again.", "wars and war"]
    assert occurrences('"We agreed,"', texts) == 1
    assert occurrences("We agreed", texts) == 2
    assert occurrences("war", texts) == 1


def test_the_story_edit_changes_a_report_a_story_holds_not_the_newest(tmp_path: Path):
    from benchmarks.edits import edit_story_article
    corpus = generate(CorpusSpec(articles=40, seed=8, search=False), tmp_path / "site")
    path = edit_story_article(corpus, 1)
    text = path.read_text(encoding="utf-8")
    assert "\nstory: " in text and path != corpus.article_path(corpus.slugs[0])
    assert text.endswith("This report was updated by the desk (revision 1).\n")
    edit_story_article(corpus, 2)  # the line replaced, not added
    again = path.read_text(encoding="utf-8")
    assert "(revision 1)" not in again and again.count("updated by the desk") == 1


def test_the_published_article_is_new_valid_and_merges_no_other_again(tmp_path: Path):
    """The row "one article added": a new article of its own slug and title,
    which builds with the rest and leaves every other article as it was."""
    from benchmarks.edits import publish_article
    from briefing.engine.incremental import BuildCache
    corpus = generate(CorpusSpec(articles=ARTICLES, search=False), tmp_path / "site")
    options = BuildOptions(config_path=corpus.config_path, output_dir=tmp_path / "out")
    cache = BuildCache()
    build(options, cache=cache)
    added = publish_article(corpus, 3)
    assert added.name == "published-by-the-desk-3.md" and added.stem not in corpus.slugs
    assert 'title: "Published by the desk in revision 3"' in added.read_text(encoding="utf-8")
    build(options, cache=cache)
    assert cache.rendered == 1
    assert (tmp_path / "out/articles/published-by-the-desk-3/index.html").is_file()


def test_the_fresh_checkout_moves_every_inputs_time_and_builds_one_article(tmp_path: Path):
    """The row "a fresh checkout, one article edited": every input file gets a
    new time and keeps its bytes but the edited article's; the build that
    follows compares the others by their bytes and builds that article alone."""
    from benchmarks.edits import check_out_afresh
    corpus = generate(CorpusSpec(articles=ARTICLES, search=False), tmp_path / "site")
    options = BuildOptions(config_path=corpus.config_path, output_dir=tmp_path / "out")
    build(options)
    inputs = [p for p in corpus.content.rglob("*") if p.is_file()] + [corpus.config_path]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in inputs}
    edited = check_out_afresh(corpus, 7)
    assert edited == corpus.article_path(corpus.slugs[0])
    for path, (data, mtime) in before.items():
        assert path.stat().st_mtime_ns != mtime
        assert (path.read_bytes() == data) is (path != edited)
    result = build(options)
    assert result.narrow and result.changed >= 1
