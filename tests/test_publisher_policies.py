"""The publisher's policies (site.yml ``publisher: corrections_policy:`` ...): checked
against the plain pages, published as a schema.org ``NewsMediaOrganization`` (read
here with extruct), linked from the corrections log and the ratings page, and
written as templates by ``briefing init``."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest
import yaml

from briefing.build.api import BuildOptions, build
from briefing.commands.init_pages import POLICY_SLUGS
from tests.conftest import build_errors as errors_of
from tests.conftest import REPO, copy_site, read_tree, run_cli
from tests.tools import vnu_errors

BASE = "https://example.github.io/repo/"
ARTICLE = "articles/budget-vote/"
POLICIES = """  corrections_policy: corrections-policy
  fact_checking_policy: fact-checking-policy
  ethics_policy: https://example.org/ethics
  ownership_funding: https://example.org/funding?year=2026
  masthead: team
"""
EXPECTED = {
    "@type": "NewsMediaOrganization", "name": "Fixture Desk", "url": "https://example.org/",
    "correctionsPolicy": BASE + "corrections-policy/",
    "verificationFactCheckingPolicy": BASE + "fact-checking-policy/",
    "ethicsPolicy": "https://example.org/ethics",
    "ownershipFundingInfo": "https://example.org/funding?year=2026",
    "masthead": BASE + "team/",
    "publishingPrinciples": "https://example.org/ethics",  # the ethics policy
}


def write_page(site: Path, slug: str, title: str) -> None:
    folder = site / "content/pages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(f"---\ntitle: {title}\n---\n\nWhat we do.\n")


def with_policies(site: Path, policies: str) -> None:
    """Put ``policies`` under the fixture's ``publisher:`` (after its url: line)."""
    config = site / "site.yml"
    text = config.read_text()
    anchor = "  url: https://example.org/\n"
    config.write_text(text.replace(anchor, anchor + policies))


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    site = copy_site("trust", tmp_path)
    for slug, title in (("corrections-policy", "Corrections policy"),
                        ("fact-checking-policy", "Fact-checking policy"), ("team", "Our team")):
        write_page(site, slug, title)
    return site


@pytest.fixture
def built(trust: Path) -> Path:
    with_policies(trust, POLICIES)
    result = run_cli("build", "--config", trust / "site.yml")
    assert result.exit_code == 0, result.stderr
    return trust / "_site"


def json_ld(path: Path, url: str) -> list[dict]:
    return extruct.extract(path.read_text(), base_url=url, syntaxes=["json-ld"])["json-ld"]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# The schema.org publisher

def test_the_article_page_names_a_news_media_organization_with_its_policies(built):
    data = json_ld(built / ARTICLE / "index.html", BASE + ARTICLE)
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert article["publisher"] == EXPECTED
    review = next(d for d in data if d["@type"] == "ClaimReview")
    assert review["author"] == EXPECTED  # the fact-checker is the same publisher


def test_the_front_page_carries_the_publisher_with_its_policies(built):
    data = json_ld(built / "index.html", BASE)
    assert data == [{"@context": "https://schema.org", **EXPECTED}]


def test_without_policies_the_publisher_stays_an_organization(trust):
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0
    article = next(d for d in json_ld(trust / "_site" / ARTICLE / "index.html", BASE + ARTICLE)
                   if d["@type"] == "NewsArticle")
    assert article["publisher"] == {"@type": "Organization", "name": "Fixture Desk",
                                    "url": "https://example.org/"}
    assert json_ld(trust / "_site/index.html", BASE) == []  # no JSON-LD on the front page
    assert "policy-link" not in (trust / "_site/corrections/index.html").read_text()
    assert "policy-link" not in (trust / "_site/methodology/ratings/index.html").read_text()


@pytest.mark.parametrize(("policies", "principles"), [
    ("  corrections_policy: corrections-policy\n  fact_checking_policy: fact-checking-policy\n",
     BASE + "fact-checking-policy/"),
    ("  masthead: team\n  corrections_policy: corrections-policy\n", BASE + "corrections-policy/"),
    ("  masthead: team\n", None),  # a masthead states no principles
])
def test_publishing_principles_fall_back_from_ethics_to_fact_checking_to_corrections(
        trust, policies, principles):
    with_policies(trust, policies)
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0
    publisher = json_ld(trust / "_site/index.html", BASE)[0]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher.get("publishingPrinciples") == principles


def test_the_front_page_names_the_site_when_the_publisher_has_no_url(trust):
    config = trust / "site.yml"
    config.write_text(config.read_text().replace("  url: https://example.org/\n",
                                                 "  masthead: team\n"))
    assert run_cli("build", "--config", config).exit_code == 0
    assert json_ld(trust / "_site/index.html", BASE)[0]["url"] == BASE


# Visible links

def test_the_corrections_log_and_the_ratings_page_link_their_policies(built):
    corrections = (built / "corrections/index.html").read_text()
    assert '<a href="/repo/corrections-policy/">our corrections policy</a>' in corrections
    ratings = (built / "methodology/ratings/index.html").read_text()
    assert '<a href="/repo/fact-checking-policy/">our fact-checking policy</a>' in ratings


def test_a_policy_elsewhere_is_linked_by_its_address(trust):
    with_policies(trust, "  corrections_policy: https://example.org/corrections?a=1&b=2\n")
    assert run_cli("build", "--config", trust / "site.yml").exit_code == 0
    corrections = (trust / "_site/corrections/index.html").read_text()
    assert '<a href="https://example.org/corrections?a=1&amp;b=2">our corrections policy' \
        in corrections


def test_pages_with_policy_links_pass_the_nu_html_checker(built):
    pages = [built / "corrections/index.html", built / "methodology/ratings/index.html",
             built / "index.html", built / ARTICLE / "index.html"]
    assert vnu_errors(pages) == []


# Checks at load time

def test_a_slug_that_names_no_page_is_an_error_at_its_line_with_a_suggestion(trust):
    with_policies(trust, "  corrections_policy: correction-policy\n")
    stderr = errors_of(trust)
    line = line_of(trust / "site.yml", "correction-policy")
    assert (f"site.yml:{line}: 'corrections_policy': there is no page 'correction-policy' "
            "(content/pages/correction-policy.md)") in stderr
    assert "did you mean 'corrections-policy'?" in stderr


def test_without_a_close_page_the_hint_says_what_to_write(trust):
    with_policies(trust, "  ethics_policy: principles\n")
    stderr = errors_of(trust)
    assert "write content/pages/principles.md, or give the policy's absolute http(s) URL" \
        in stderr


def test_a_page_removed_after_a_build_is_an_error_at_the_next(built, trust):
    (trust / "content/pages/team.md").unlink()
    stderr = errors_of(trust)
    assert f"site.yml:{line_of(trust / 'site.yml', 'masthead: team')}: 'masthead'" in stderr


@pytest.mark.parametrize(("value", "message"), [
    ("htp://example.org/ethics", "'htp://example.org/ethics' is not an absolute http(s) URL"),
    ("https://", "'https://' is not an absolute http(s) URL"),
    ("https://example.org/our ethics", "contains ' ', which URLs may not contain"),
    ("example.org/ethics", "'example.org/ethics' is not an absolute http(s) URL"),
    ("/ethics-policy/", "'/ethics-policy/' is a path: name a page of this site by its slug"),
    ("Ethics Policy", "'Ethics Policy' is neither a page slug nor an absolute http(s) URL"),
    ("[ethics]", "'ethics_policy': expected text, got a list"),
])
def test_a_malformed_policy_is_an_error_at_its_line(trust, value, message):
    with_policies(trust, f"  ethics_policy: {value}\n")
    stderr = errors_of(trust)
    assert f"site.yml:{line_of(trust / 'site.yml', 'ethics_policy')}: " in stderr
    assert message in stderr


def test_a_misspelt_policy_key_is_suggested(trust):
    with_policies(trust, "  correction_policy: corrections-policy\n")
    assert "did you mean 'corrections_policy'?" in errors_of(trust)


# Incremental builds

def test_changing_a_policy_then_updating_equals_a_clean_build(built, trust, tmp_path):
    cache_out = tmp_path / "incremental"
    options = BuildOptions(config_path=trust / "site.yml", output_dir=cache_out)
    build(options)
    config = trust / "site.yml"
    config.write_text(config.read_text().replace("masthead: team", "masthead: https://x.org/t"))
    build(options)
    clean = tmp_path / "clean"
    build(BuildOptions(config_path=trust / "site.yml", output_dir=clean))
    assert read_tree(cache_out) == read_tree(clean)
    assert "https://x.org/t" in (clean / "index.html").read_text()


# briefing init

def test_init_writes_policy_pages_that_site_yml_names(tmp_path):
    site = tmp_path / "news"
    assert run_cli("init", site).exit_code == 0
    publisher = yaml.safe_load((site / "site.yml").read_text())["publisher"]
    assert {key: publisher[key] for key in POLICY_SLUGS} == POLICY_SLUGS
    for slug in set(POLICY_SLUGS.values()):
        text = (site / f"content/pages/{slug}.md").read_text()
        assert "*Write this page before you publish:*" in text
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    out = site / "_site"
    data = json_ld(out / "index.html", "http://localhost:8000/")
    assert data[0]["@type"] == "NewsMediaOrganization"
    assert data[0]["correctionsPolicy"] == "http://localhost:8000/corrections-policy/"
    assert data[0]["masthead"] == "http://localhost:8000/about/"
    for slug in set(POLICY_SLUGS.values()):
        assert (out / slug / "index.html").is_file()
    assert run_cli("check", "--links", "--config", site / "site.yml").exit_code == 0


# The example briefing

def test_the_example_links_its_corrections_policy(tmp_path):
    out = tmp_path / "_site"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert (REPO / "content/pages/corrections-policy.md").is_file()
    assert (out / "corrections-policy/index.html").is_file()
    corrections = (out / "corrections/index.html").read_text()
    assert 'href="/briefing/corrections-policy/">our corrections policy' in corrections
    article = next(p for p in sorted(out.glob("articles/*/index.html")))
    publisher = next(d for d in json_ld(article, "https://example.github.io/briefing/")
                     if d["@type"] == "NewsArticle")["publisher"]
    assert publisher["correctionsPolicy"] == \
        "https://example.github.io/briefing/corrections-policy/"

