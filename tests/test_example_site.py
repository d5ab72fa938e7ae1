"""The example briefing in content/ is our showcase: it must build and read right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

SEEDS = Path(__file__).parent / "fixtures" / "wire"
REPEATED = ["The fraught history between Azerbaijan and Armenia",
            "A crucial component of the peace deal",
            "During the summit, both leaders commended",
            "While the deal marks a moment of triumph",
            "This agreement arrives just as Trump prepares"]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "_site"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no warnings either
    return out


def test_two_articles_from_the_two_seeds(example):
    pages = sorted(p.parent.name for p in example.glob("articles/*/index.html"))
    assert pages == ["historic-peace-agreement-trump-summit",
                     "leaders-sign-peace-agreement-at-white-house"]


def test_the_seed_repeats_its_paragraphs_but_the_page_does_not(example):
    seed = (SEEDS / "000_75c804df594512e2.txt").read_text()
    page = (example / "articles/historic-peace-agreement-trump-summit/index.html").read_text()
    for opening in REPEATED:
        assert seed.count(opening) == 2
        assert page.count(opening) == 1, opening


def test_the_doubled_title_appears_once_as_the_headline(example):
    page = (example / "articles/historic-peace-agreement-trump-summit/index.html").read_text()
    body = page.split('<div class="article-body">')[1]
    assert "Historic Peace Agreement Signed" not in body
    assert page.count('<h1 class="headline">Historic Peace Agreement Signed Between Armenia '
                      'and Azerbaijan at Trump-Led Summit</h1>') == 1


def test_front_matter_was_edited_like_an_editor_would(example):
    for md in (REPO / "content/articles").glob("*.md"):
        text = md.read_text()
        assert "date: 2025-08-08" in text
        assert "name: Wire report" in text
        assert "tags: [Armenia, Azerbaijan" in text


def test_seed_fixtures_are_the_shared_seeds():
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for seed in SEEDS.glob("0*.txt"):
        assert seed.read_bytes() == (shared / seed.name).read_bytes()


def test_glossary_pages_list_articles_and_the_story(example):
    html = (example / "glossary/ilham-aliyev/index.html").read_text()
    for path in ("articles/historic-peace-agreement-trump-summit/",
                 "articles/leaders-sign-peace-agreement-at-white-house/",
                 "stories/white-house-declaration/"):
        assert f'<li><a href="/briefing/{path}">' in html
    assert '<a href="/briefing/glossary/">Glossary</a>' in html


def test_the_example_has_at_least_twelve_terms_and_eight_notes(example):
    terms = list((example / "glossary").glob("*/index.html"))
    assert len(terms) >= 12
    notes = sum(p.read_text().count('<aside id="annotation-')
                for p in example.glob("articles/*/index.html"))
    assert notes >= 8
