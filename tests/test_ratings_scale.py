"""The rating scale (site.yml ``ratings:``), its page ``/methodology/ratings/``,
the links from fact-checks to it, and the fact-check feed ``/claimreview.json``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import extruct
import pytest

from briefing.build.api import BuildOptions, build
from tests.conftest import build_errors as errors_of
from tests.conftest import REPO, copy_site, read_tree, run_cli

BASE = "https://example.github.io/repo/"
SCALE = """ratings:
  - {name: Accurate, definition: The claim is correct.}
  - {name: Mostly false, definition: "The claim has a grain of truth, but the figures are wrong & <misleading>."}
  - {name: False, definition: The claim is inaccurate.}
"""


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    return copy_site("trust", tmp_path)


@pytest.fixture
def built(trust: Path) -> Path:
    result = run_cli("build", "--config", trust / "site.yml")
    assert result.exit_code == 0, result.stderr
    return trust / "_site"


def with_scale(site: Path, scale: str) -> None:
    """Replace the fixture's ``ratings:`` (the last key of its site.yml) by ``scale``."""
    config = site / "site.yml"
    text = config.read_text()
    config.write_text(text[:text.index("ratings:")] + scale)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# The scale in site.yml

def test_unquoted_false_and_no_are_rating_names_not_booleans(trust, built):
    with_scale(trust, SCALE + "  - {name: No, definition: Not so.}\n")
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0
    html = (trust / "_site/methodology/ratings/index.html").read_text()
    names = re.findall(r'<h2 class="rating-name">([^<]*)</h2>', html)
    assert names == ["Accurate", "Mostly false", "False", "No"]


def test_a_note_rated_false_unquoted_is_on_the_scale(trust, built):
    """The scale's ``name: False`` needs no quotes; neither does a note's ``rating: False``."""
    with_scale(trust, SCALE)
    notes = next(path for path in sorted((trust / "content/annotations").glob("*.yml"))
                 if re.search(r"^    rating: ", path.read_text(), re.MULTILINE))
    notes.write_text(re.sub(r"^    rating: .*$", "    rating: False", notes.read_text(), count=1,
                            flags=re.MULTILINE))
    result = run_cli("build", "--config", trust / "site.yml")
    assert result.exit_code == 0, result.stderr
    ratings = (trust / "_site/methodology/ratings/index.html").read_text()
    assert re.search(r'id="false"', ratings)


@pytest.mark.parametrize(("entry", "message"), [
    ("{name: Mostly true, definiton: Close.}",
     "unknown key 'definiton' in a rating (did you mean 'definition'?)"),
    ('{name: "", definition: Empty.}', "'name': must not be empty"),
    ("{name: ACCURATE, definition: Twice.}",
     "rating 'ACCURATE' is already in the scale (line {first})"),
    ("{name: mostly-false, definition: Same anchor.}",
     "rating 'mostly-false' would have the same anchor, #mostly-false, as 'Mostly false'"),
    ('{name: "???", definition: No anchor.}', "rating '???' needs a letter or a digit"),
    ("{name: Unexplained}", "a rating is missing the required key 'definition'"),
])
def test_a_bad_rating_is_an_error_at_its_line(trust, entry, message):
    with_scale(trust, SCALE + f"  - {entry}\n")
    config = trust / "site.yml"
    first = line_of(config, "name: Accurate")
    assert f"site.yml:{line_of(config, entry)}: {message.format(first=first)}" \
        in errors_of(trust)


@pytest.mark.parametrize(("scale", "message"), [
    ("ratings: []\n", "'ratings': the scale is empty"),
    ("ratings: Accurate\n", "'ratings': expected a list of ratings"),
])
def test_a_scale_that_is_not_a_list_of_ratings_is_an_error(trust, scale, message):
    with_scale(trust, scale)
    assert f"site.yml:{line_of(trust / 'site.yml', 'ratings:')}: {message}" in errors_of(trust)


# Fact-checks against the scale

def set_rating(site: Path, old: str, new: str) -> Path:
    notes = site / "content/annotations/budget-vote.yml"
    notes.write_text(notes.read_text().replace(f"rating: {old}\n", f"rating: {new}\n"))
    return notes


def test_a_rating_off_the_scale_is_an_error_with_the_closest_rating(trust):
    notes = set_rating(trust, "Mostly false", "Mostly flase")
    assert (f"budget-vote.yml:{line_of(notes, 'Mostly flase')}: rating 'Mostly flase' is not "
            "on the site's rating scale (ratings: in site.yml) (did you mean 'Mostly false'?)"
            ) in errors_of(trust)


def test_a_rating_in_another_case_is_an_error_naming_the_scales_spelling(trust):
    notes = set_rating(trust, "Mostly false", "mostly FALSE")
    assert (f"budget-vote.yml:{line_of(notes, 'mostly FALSE')}: rating 'mostly FALSE' is "
            "written 'Mostly false' in the site's rating scale (did you mean 'Mostly false'?)"
            ) in errors_of(trust)


def test_a_rating_like_nothing_on_the_scale_lists_the_scale(trust):
    set_rating(trust, "Mostly false", "Pants on fire")
    assert "the scale in site.yml has: Accurate, Mostly false, False" in errors_of(trust)


def test_without_a_scale_any_rating_goes_and_no_ratings_page_is_made(trust):
    with_scale(trust, "")
    set_rating(trust, "Mostly false", "Pants on fire")
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0
    out = trust / "_site"
    assert not (out / "methodology").exists()
    html = (out / "articles/budget-vote/index.html").read_text()
    assert "methodology/ratings" not in html  # neither the note's link nor the footer's
    assert "Fact check: Pants on fire" in html
    assert (out / "claimreview.json").exists()  # the feed needs fact-checks, not a scale


def test_quote_check_ratings_are_not_held_to_the_scale(trust, built):
    notes = trust / "content/annotations/port-reopens.yml"
    notes.write_text(notes.read_text() + "  - id: authority\n    quote: the harbour authority "
                     "said\n    kind: quote-check\n    rating: Wording unconfirmed\n"
                     "    body: Checked against the authority's statement.\n")
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0


# The ratings page

def test_ratings_page_lists_the_scale_in_order_with_anchors_and_counts(built):
    html = (built / "methodology/ratings/index.html").read_text()
    items = re.findall(r'<li id="([^"]+)" class="rating">\s*<h2 class="rating-name">([^<]*)'
                       r'</h2>\s*<p class="rating-definition">([^<]*)</p>\s*'
                       r'<p class="count">([^<]*)</p>', html)
    assert items == [
        ("accurate", "Accurate", "The claim is correct.", "1 fact-check"),
        ("mostly-false", "Mostly false", ("The claim has a grain of truth, but the figures "
                                          "are wrong &amp; &lt;misleading&gt;."), "1 fact-check"),
        ("false", "False", "The claim is inaccurate.", "1 fact-check")]
    assert 'href="/repo/claimreview.json"' in html
    assert '<link rel="canonical" href="https://example.github.io/repo/methodology/ratings/">' \
        in html


def test_counts_say_when_a_rating_is_unused(trust):
    set_rating(trust, "Accurate", "False")
    (trust / "content/annotations/port-reopens.yml").write_text(
        (trust / "content/annotations/port-reopens.yml").read_text()
        .replace("rating: Accurate", "rating: \"False\""))
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0
    html = (trust / "_site/methodology/ratings/index.html").read_text()
    assert re.findall(r'<p class="count">([^<]*)</p>', html) == [
        "No fact-checks yet", "1 fact-check", "2 fact-checks"]


def test_every_page_links_the_ratings_page_in_its_footer(built):
    for page in ("index.html", "archive/index.html", "articles/port-reopens/index.html"):
        footer = (built / page).read_text().split('<footer class="site-footer">')[1]
        assert '<a href="/repo/methodology/ratings/">How we rate claims</a>' in footer


def test_each_fact_check_links_its_rating_to_its_definition(built):
    html = (built / "articles/budget-vote/index.html").read_text()
    assert ('<span class="annotation-kind">Fact check: <a class="annotation-rating" '
            'href="/repo/methodology/ratings/#mostly-false">Mostly false</a></span>') in html
    assert 'href="/repo/methodology/ratings/#false">False</a>' in html
    ids = re.findall(r'<li id="([^"]+)"',
                     (built / "methodology/ratings/index.html").read_text())
    for target in re.findall(r'methodology/ratings/#([^"]+)"', html):
        assert target in ids


# The fact-check feed

def _offline_loader(url, options=None):
    """schema.org's context, reduced to its vocabulary: every term is a schema.org IRI."""
    if url.rstrip("/") == "https://schema.org":
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": "https://schema.org/"}}}
    raise AssertionError(f"unexpected remote document {url}")


def page_reviews(site: Path) -> dict[str, dict]:
    """Every ClaimReview the article pages embed, by its URL."""
    found = {}
    for path in sorted(site.glob("articles/*/index.html")):
        for data in extruct.extract(path.read_text(), syntaxes=["json-ld"])["json-ld"]:
            if data["@type"] == "ClaimReview":
                found[data["url"]] = data
    return found


def test_feed_is_json_ld_of_the_pages_claim_reviews_newest_first(built):
    from pyld import jsonld

    feed = json.loads((built / "claimreview.json").read_text())
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == BASE + "claimreview.json"
    assert feed["name"] == "Trust Fixture: fact-checks"
    assert feed["dateModified"] == "2025-09-07"
    elements = feed["dataFeedElement"]
    reviews = page_reviews(built)
    assert sorted(e["url"] for e in elements) == sorted(reviews)
    for element in elements:
        assert element == reviews[element["url"]]
    # The note's date, else its article's (budget-vote, 5 September): newest first.
    assert [e["url"].split("#annotation-")[1] for e in elements] == [
        "roads-spending", "nobody-asked", "three-days"]
    assert [e["reviewRating"]["alternateName"] for e in elements] == [
        "Mostly false", "False", "Accurate"]
    expanded = jsonld.expand(feed, {"documentLoader": _offline_loader})
    schema = "https://schema.org/"
    assert expanded[0]["@type"] == [schema + "DataFeed"]
    items = expanded[0][schema + "dataFeedElement"]
    assert [item["@type"] for item in items] == [[schema + "ClaimReview"]] * 3
    assert all(schema + "reviewRating" in item and schema + "itemReviewed" in item
               for item in items)


def test_home_page_names_the_feed_only_when_it_is_written(built, built_basic):
    link = ('<link rel="alternate" type="application/ld+json" '
            'href="/repo/claimreview.json"')
    assert link in (built / "index.html").read_text()
    assert not (built_basic / "claimreview.json").exists()  # no fact-checks, no feed
    assert "claimreview.json" not in (built_basic / "index.html").read_text()


def test_example_briefing_rates_its_fact_checks_on_its_own_scale(tmp_path):
    out = tmp_path / "example"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "methodology/ratings/index.html").exists()
    feed = json.loads((out / "claimreview.json").read_text())
    # The "Misleading" fact-check is on words the 14:30 revision corrected: retired
    # (retired_in: 2), it is shown under "Notes on earlier versions", not reviewed.
    assert sorted(e["reviewRating"]["alternateName"] for e in feed["dataFeedElement"]) == [
        "Needs context"]
    assert all(e == page_reviews(out)[e["url"]] for e in feed["dataFeedElement"])
    # Shown on its page, the retired one is counted and its rating linked there too.
    counts = dict(re.findall(r'<li id="([^"]+)" class="rating">.*?<p class="count">([^<]*)',
                             (out / "methodology/ratings/index.html").read_text(), re.S))
    assert counts["misleading"] == counts["needs-context"] == "1 fact-check"
    page = (out / "articles/historic-peace-agreement-trump-summit/index.html").read_text()
    retired = page.split('id="notes-on-earlier-versions"')[1]
    # Root-relative on the page, as every link of the site is (index.md's are absolute).
    assert ('<strong>Fact check: <a href="/briefing/methodology/ratings/#misleading">'
            'Misleading</a>.</strong>') in retired
    assert "https://example.github.io/briefing/methodology/ratings/#misleading" in \
        (out / "articles/historic-peace-agreement-trump-summit/index.md").read_text()


# Incremental builds

def test_editing_the_scale_or_a_rating_updates_like_a_clean_build(trust, tmp_path):
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(BuildOptions(config_path=trust / "site.yml", output_dir=out))
    edits = [
        lambda: with_scale(trust, SCALE.replace("The claim is correct.", "Right.")),
        lambda: set_rating(trust, "Mostly false", "Accurate"),
        lambda: with_scale(trust, SCALE + "  - {name: Unproven, definition: Not shown.}\n"),
    ]
    for edit in edits:
        edit()
        result = build(BuildOptions(config_path=trust / "site.yml", output_dir=out))
        assert not result.full
        shutil.rmtree(clean, ignore_errors=True)
        build(BuildOptions(config_path=trust / "site.yml", output_dir=clean))
        assert read_tree(out) == read_tree(clean)
    assert b"Unproven" in read_tree(out)["methodology/ratings/index.html"]


def test_extruct_reads_the_feed_as_the_data_feed_it_is(built):
    """Fact Check Explorer and Data Commons read the feed as JSON-LD; extruct,
    which reads JSON-LD as search engines do, must find the DataFeed and every
    ClaimReview in it (as a JSON-LD block, the way a crawler meets it)."""
    feed = (built / "claimreview.json").read_text()
    html = f'<html><head><script type="application/ld+json">{feed}</script></head></html>'
    found = extruct.extract(html, base_url=BASE + "claimreview.json",
                            syntaxes=["json-ld"])["json-ld"]
    assert [item["@type"] for item in found] == ["DataFeed"]
    assert [element["@type"] for element in found[0]["dataFeedElement"]] == ["ClaimReview"] * 3
