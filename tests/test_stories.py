"""Stories: the format and its errors, the story page's comparison, listings and import."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.commands.linkcheck import check_links
from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError, ContentErrors, Diagnostics
from briefing.core.slug import tag_slug
from briefing.listings.views import by_month, collect_tags
from briefing.load.site import load_site
from briefing.stories.comparison import visible_paragraphs
from briefing.wire.importer import ImportOptions, import_report
from tests.conftest import FIXTURES, REPO, copy_site, read_tree, run_cli

BASE = "https://example.github.io/repo/"
SEEDS = FIXTURES / "wire"
ALIYEV_A = "We lost a lot of years being preoccupied with wars and occupation and bloodshed"
ALIYEV_B = "We have lost many years due to wars and bloodshed"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_site("stories", tmp_path_factory.mktemp("stories"))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # content/wire/ is reserved, not warned about
    return site / "_site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    """Visible text, tags dropped and whitespace collapsed (for phrase checks)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def failing_build(site: Path) -> list[str]:
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


# --- loading ----------------------------------------------------------------------------

def test_stories_are_loaded_onto_the_site(tmp_path):
    site_dir = copy_site("stories", tmp_path)
    config = SiteConfig(root=site_dir, config_path=site_dir / "site.yml", title="T",
                        base_url=BASE)
    site = load_site(config, Diagnostics())
    assert list(site.stories) == ["border-commission", "summit-talks"]
    story = site.stories["summit-talks"]
    assert story.title == "Foreign ministers meet in Geneva"
    assert story.date == dt.datetime(2025, 8, 9, tzinfo=dt.UTC) and not story.has_time
    assert story.summary.startswith("The two foreign ministers met in Geneva")
    assert story.why_it_matters == "The first meeting at this level since the spring."
    assert story.key_points == ("A second round is planned.", "No text was **agreed**.")
    assert story.status == "developing" and story.status_label == "Developing"
    assert story.url_path == "stories/summit-talks/"
    assert site.stories["border-commission"].why_it_matters is None
    articles = {a.slug: a for a in site.articles}
    assert articles["summit-a"].story == "summit-talks"
    assert articles["summit-a"].original == "wire/summit-a.txt"
    assert articles["summit-a"].line_of("story") == 9
    assert articles["loose-report"].story is None and articles["loose-report"].original is None


def test_every_story_error_is_reported_with_its_line_in_one_run(tmp_path):
    site = copy_site("stories", tmp_path)
    stories, articles = site / "content/stories", site / "content/articles"
    edit(stories / "summit-talks.yml", "why_it_matters:", "why_it_maters:")
    edit(stories / "summit-talks.yml", "status: developing", "status: develping")
    edit(stories / "border-commission.yml",
         "summary: The joint border commission met again after a year.\n", "")
    edit(articles / "summit-b.md", "story: summit-talks", "story: sumit-talks")
    edit(articles / "summit-a.md", "original: wire/summit-a.txt", "original: wire/nope.txt")
    edit(articles / "commission.md", "story: border-commission",
         "story: border-commission\noriginal: ../site.yml")
    (stories / "Bad Name.yml").write_text("title: T\ndate: 2025-08-01\nsummary: S\n")
    assert failing_build(site) == [
        "content/articles/commission.md:8: 'original': '../site.yml' must be a path inside "
        "the content folder, relative to it (e.g. 'original: wire/report.txt')",
        "content/articles/summit-a.md:10: 'original': there is no file 'wire/nope.txt' in "
        "the content folder (copy the raw report to content/wire/nope.txt, or remove "
        "'original:')",
        "content/articles/summit-b.md:7: no story has the slug 'sumit-talks' "
        "(did you mean 'summit-talks'?)",
        "content/stories/Bad Name.yml:1: the file name 'Bad Name.yml' is not a usable slug "
        "(rename it to 'bad-name.yml')",
        "content/stories/border-commission.yml:1: story is missing the required key "
        "'summary'",
        "content/stories/summit-talks.yml:5: unknown key 'why_it_maters' in story "
        "(did you mean 'why_it_matters'?)",
        "content/stories/summit-talks.yml:10: 'status': unknown status 'develping'; use one "
        "of developing, settled (did you mean 'developing'?)",
        "Failed: 7 errors; nothing was written.",
    ]


def test_an_original_that_is_a_folder_names_a_file_in_it(tmp_path):
    """A review: 'original: wire' was told 'there is no file ... copy the raw
    report to content/wire', which is the folder already there."""
    site = copy_site("stories", tmp_path)
    edit(site / "content/articles/summit-a.md", "original: wire/summit-a.txt", "original: wire")
    assert failing_build(site) == [
        "content/articles/summit-a.md:10: 'original': 'wire' is a folder; name the raw "
        "report's file in it (e.g. 'original: wire/summit-a.txt')",
        "Failed: 1 error; nothing was written."]


@pytest.mark.parametrize("text, message", [
    ("title: T\ndate: 2025-08-01\n", "1: story is missing the required key 'summary'"),
    ("title: T\nsummary: S\n", "1: story is missing the required key 'date'"),
    ("date: 2025-08-01\nsummary: S\n", "1: story is missing the required key 'title'"),
    ("title: T\ndate: 8 August\nsummary: S\n", "2: 'date': expected an ISO date"),
    ("title: T\ndate: 2025-08-01\nsummary: S\nkey_points: one\n",
     "4: 'key_points': expected a list, got a single text: put each point on a line"),
    ("title: T\ndate: 2025-08-01\nsummary: S\nkey_points: [ok, '']\n",
     "4: 'key_points': item 2: must not be empty"),
    ("- a list\n", "1: story must be a mapping of keys to values, not a list"),
    ("title: [\n", "invalid YAML"),
    ("title: T\ntitle: U\ndate: 2025-08-01\nsummary: S\n", "2: key 'title' appears twice"),
])
def test_story_field_errors(tmp_path, text, message):
    site = copy_site("stories", tmp_path)
    (site / "content/stories/extra.yml").write_text(text, encoding="utf-8")
    lines = failing_build(site)
    assert any(line.startswith("content/stories/extra.yml:") and message in line
               for line in lines), lines


def test_a_story_no_article_joins_is_a_warning(tmp_path):
    site = copy_site("stories", tmp_path)
    (site / "content/stories/lonely.yml").write_text(
        "# nobody joins this one\ntitle: Lonely\ndate: 2025-08-01\nsummary: Alone.\n")
    (site / "content/stories/notes.txt").write_text("not a story")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stderr.splitlines()) == [
        "content/stories/lonely.yml:2: warning: no article joins the story 'lonely', so its "
        "page lists no reports (add 'story: lonely' to an article's front matter)",
        "content/stories/notes.txt: warning: ignored: stories must be YAML files ending "
        "in .yml (if it is a story, rename it to notes.yml)",
    ]
    html = page(site / "_site", "stories/lonely")
    assert "No reports have been published for this story yet." in html
    assert 'id="comparison"' not in html


def test_a_story_only_a_draft_joins_is_empty_unless_drafts_are_built(tmp_path):
    site = copy_site("stories", tmp_path)
    (site / "content/stories/draft-only.yml").write_text(
        "title: Draft only\ndate: 2025-08-01\nsummary: Soon.\n")
    edit(site / "content/articles/draft-piece.md", "story: summit-talks", "story: draft-only")
    plain = run_cli("build", "--config", site / "site.yml")
    assert "no article joins the story 'draft-only'" in plain.stderr
    drafts = run_cli("build", "--config", site / "site.yml", "--drafts")
    assert drafts.exit_code == 0 and drafts.stderr == ""
    assert "A draft on the summit" in page(site / "_site", "stories/draft-only")


def test_a_draft_naming_an_unknown_story_is_an_error(tmp_path):
    site = copy_site("stories", tmp_path)
    edit(site / "content/articles/draft-piece.md", "story: summit-talks", "story: nowhere")
    assert failing_build(site)[0] == (
        "content/articles/draft-piece.md:4: no story has the slug 'nowhere' "
        "(add content/stories/nowhere.yml or fix the slug)")


def test_an_original_that_is_not_utf8_is_an_error_at_the_file(tmp_path):
    site = copy_site("stories", tmp_path)
    (site / "content/wire/summit-a.txt").write_bytes(b"caf\xe9\n")
    assert failing_build(site)[0].startswith("content/wire/summit-a.txt:1: not UTF-8 text")


def test_a_stray_file_in_content_is_still_warned_about(tmp_path):
    site = copy_site("stories", tmp_path)
    (site / "content/notes.txt").write_text("hello")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0
    assert result.stderr.startswith("content/notes.txt: warning: ignored: content/ holds "
                                    "articles/ and the reserved names")
    assert "stories, wire" in result.stderr


def test_a_folder_of_pictures_in_content_is_not_warned_about(tmp_path):
    """Glossary terms' and stories' images are found relative to content/: a
    maps/ folder there was used and, all the same, warned about as ignored."""
    site = copy_site("stories", tmp_path)
    (site / "content/maps/old").mkdir(parents=True)
    (site / "content/maps/old/route.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    (site / "content/drafts").mkdir()
    (site / "content/drafts/idea.txt").write_text("later")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 0
    assert "content/maps" not in result.stderr
    assert "content/drafts: warning: ignored" in result.stderr


# --- the story page ---------------------------------------------------------------------

def test_story_page_header_summary_and_key_points(built):
    html = main_of(page(built, "stories/summit-talks"))
    assert '<h1 class="headline">Foreign ministers meet in Geneva</h1>' in html
    assert '<span class="badge badge-status badge-developing">Developing</span>' in html
    assert '<time datetime="2025-08-09">9 August 2025</time>' in html
    assert "agreed to <em>keep talking</em>." in html
    assert "The first meeting at this level since the spring." in html
    assert "<li><p>No text was <strong>agreed</strong>.</p>" in html
    assert "2 reports" in html
    assert "A draft on the summit" not in html


def test_story_page_lists_its_sources_oldest_first(built):
    html = main_of(page(built, "stories/summit-talks"))
    sources = html.split('id="sources"')[1].split("</section>")[0]
    assert sources.index("Agency A") < sources.index("Agency B")
    assert '<a href="/repo/articles/summit-a/">Ministers meet in Geneva</a>' in sources
    assert '<a href="/repo/articles/summit-b/">Geneva talks yield no text</a>' in sources
    assert '<a href="https://example.com/agency-a/geneva">Original report' in sources
    assert sources.count("Original report") == 1  # Agency B gave no URL
    assert '<time datetime="2025-08-09T10:00:00+00:00">9 August 2025, 10:00 UTC</time>' \
        in sources


def test_comparison_shows_wordings_side_by_side_with_a_word_diff(built):
    html = main_of(page(built, "stories/summit-talks"))
    comparison = html.split('id="comparison"')[1].split("</section>")[0]
    figure = comparison.split('<figure class="quotation">')[1].split("</figure>")[0]
    assert '<figcaption class="quotation-speaker">Petrova</figcaption>' in figure
    assert "“We have wasted many years on this dispute”" in figure
    assert "“We have lost many years to this dispute”" in figure
    assert ("We have <del>wasted</del> <ins>lost</ins> many years <del>on</del> <ins>to</ins> "
            "this dispute") in figure
    assert "only in Agency A" in figure and "only in Agency B" in figure
    assert comparison.count('<figure class="quotation">') == 1
    same = comparison.split('class="same-words"')[1].split("</ul>")[0]
    assert "“constructive”" in same and "Okafor; in Agency A and Agency B" in text_of(same)


def test_comparison_lists_one_source_quotations(built):
    html = main_of(page(built, "stories/summit-talks"))
    single = html.split('class="single-quotations"')[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", single, re.DOTALL)
    assert [text_of(item) for item in items] == [
        "“stay open for trade” — Petrova; only in Agency A",
        "“Nothing is agreed until everything is agreed” — Okafor; only in Agency B",
    ]


def test_quality_is_measured_on_the_original_when_there_is_one(built):
    html = main_of(page(built, "stories/summit-talks"))
    copies = text_of(html.split('class="source-copies"')[1].split("</section>")[0])
    assert ("Agency A: 117 words as filed; 2 paragraphs repeated, and the headline printed "
            "twice (77 words without the repeats).") in copies
    assert "Paragraph 7 repeats paragraph 4: “‘We have wasted many years on this dispute,’ …”" \
        in copies
    assert "Paragraph 8 repeats paragraph 5: “Okafor called the meeting ‘constructive’" in copies
    assert "Our copy of this report prints each paragraph once." in copies
    # Agency B names no original: measured on the article as published here.
    assert "Agency B: 31 words as published here; no paragraph repeated." in copies


def test_annotations_are_grouped_by_kind_fact_checks_first(built):
    html = main_of(page(built, "stories/summit-talks"))
    notes = html.split('id="notes-title"')[1]
    titles = re.findall(r'<h3 class="notes-group-title"[^>]*>(.*?) <span', notes)
    assert titles == ["Fact checks", "Corrections", "Context"]
    fact_check = notes.split('id="notes-fact-check"')[1].split("</ul>")[0]
    assert "Fact check: Unverified" in fact_check
    assert "Which years?" in fact_check
    assert "On “We have wasted many years on this dispute” in Agency A" in fact_check
    assert "<p>The dispute began in 1991.</p>" in fact_check
    assert 'href="/repo/articles/summit-a/#annotation-years-check"' in fact_check
    assert 'href="/repo/articles/summit-b/#annotation-no-text"' in notes


def test_unplaced_notes_link_to_the_unplaced_section(tmp_path):
    site = copy_site("stories", tmp_path)
    (site / "site.yml").write_text((site / "site.yml").read_text()
                                   + "annotations:\n  strict: false\n")
    edit(site / "content/annotations/summit-b.yml", "quote: Foreign ministers held talks",
         "quote: words that are nowhere in the report")
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    html = page(site / "_site", "stories/summit-talks")
    assert 'href="/repo/articles/summit-b/#unplaced-notes"' in html
    assert check_links(site / "_site", BASE) == []


def test_story_with_a_single_source_has_no_aligned_quotations(built):
    html = main_of(page(built, "stories/border-commission"))
    assert '<span class="badge badge-status badge-settled">Settled</span>' in html
    assert "1 report" in html
    assert '<figure class="quotation">' not in html
    assert "None of the reports quotes anyone." in html
    assert "Agency A: 10 words as published here; no paragraph repeated." in text_of(html)


def test_story_markdown_cannot_inject_html(tmp_path):
    site = copy_site("stories", tmp_path)
    edit(site / "content/stories/summit-talks.yml", "agreed to *keep talking*.",
         "agreed to <script>alert(1)</script> [x](javascript:alert(2)).")
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    html = page(site / "_site", "stories/summit-talks")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html


def test_visible_paragraphs_are_what_a_reader_sees():
    body = ('## A heading\n\nSome *emphasis* and a [link](https://x.example) here.[^1]\n\n'
            '- a list item\n\n> a "quoted" block\n\n[^1]: A footnote.\n')
    assert visible_paragraphs(body) == (
        "Some emphasis and a link here.", "a list item", "a \u201cquoted\u201d block")


# --- front page, article pages, topics and archive --------------------------------------

def test_front_page_shows_stories_newest_first_then_other_reports(built):
    html = main_of(page(built, ""))
    order = [html.index(marker) for marker in (
        '<h1 class="section-title">Stories</h1>',
        'href="/repo/stories/summit-talks/"',
        'href="/repo/stories/border-commission/"',
        '<h2 class="section-title">Other reports</h2>',
        'href="/repo/articles/loose-report/"')]
    assert order == sorted(order)
    story = html.split('<article class="story-teaser">')[1].split("</article>")[0]
    assert "agreed to <em>keep talking</em>." in story
    assert "<li><p>A second round is planned.</p>" in story
    assert '<a href="/repo/articles/summit-a/">Ministers meet in Geneva</a>' in story
    assert '<span class="story-source-name">Agency B</span>' in story
    assert 'href="/repo/stories/summit-talks/#comparison"' in story
    others = html.split("Other reports")[1]
    assert '<h3 class="teaser-title"><a href="/repo/articles/loose-report/">' in others
    assert "summit-a" not in others and "commission" not in others.split("browse")[0]


def test_front_page_without_stories_is_unchanged_in_shape(built_basic):
    html = main_of((built_basic / "index.html").read_text())
    assert '<h1 class="section-title">Latest reports</h1>' in html
    assert "Other reports" not in html and "story-teaser" not in html
    assert not (built_basic / "stories").exists()


def test_article_page_links_its_story_and_tags(built):
    html = page(built, "articles/summit-b")
    assert ('Part of the story <a href="/repo/stories/summit-talks/">Foreign ministers meet '
            'in Geneva</a>') in html
    assert '<li class="tag"><a href="/repo/tags/armenia/">armenia</a></li>' in html
    assert '<li class="tag"><a href="/repo/tags/diplomacy/">Diplomacy</a></li>' in html
    assert "Part of the story" not in page(built, "articles/loose-report")


def test_tag_page_lists_its_articles_newest_first(built):
    html = main_of(page(built, "tags/armenia"))
    assert '<h1 class="page-title">Armenia</h1>' in html  # the spelling used most
    assert "3 reports, newest first." in html
    order = [html.index(f'href="/repo/articles/{slug}/"')
             for slug in ("summit-b", "summit-a", "loose-report")]
    assert order == sorted(order)
    assert "commission" not in html
    assert 'Story: <a href="/repo/stories/summit-talks/">' in html


def test_tags_index_lists_every_tag_with_its_count(built):
    html = main_of(page(built, "tags"))
    items = re.findall(r'<li><a href="/repo/tags/([a-z-]+)/">([^<]+)</a> '
                       r'<span class="count">([^<]+)</span></li>', html)
    assert items == [("armenia", "Armenia", "3 reports"), ("border", "Border", "1 report"),
                     ("diplomacy", "Diplomacy", "2 reports"), ("economy", "Economy", "1 report")]


def test_archive_lists_articles_by_month_newest_first(built):
    """/archive/ is the index of months; each month's reports are on its own page."""
    html = main_of(page(built, "archive"))
    months = re.findall(r'<li id="month-([0-9-]+)"><a href="/repo/archive/[0-9/]+/">([^<]+)</a>',
                        html)
    assert months == [("2025-08", "August 2025"), ("2025-07", "July 2025")]
    august = main_of(page(built, "archive/2025/08"))
    order = [august.index(f'href="/repo/articles/{slug}/"')
             for slug in ("summit-b", "summit-a", "loose-report")]
    assert order == sorted(order)
    assert "A draft on the summit" not in august
    assert 'href="/repo/articles/commission/"' in main_of(page(built, "archive/2025/07"))


def test_stories_index(built):
    html = main_of(page(built, "stories"))
    assert html.index("/repo/stories/summit-talks/") < html.index("/repo/stories/border-commission/")


def test_links_resolve_under_the_base_path(built):
    assert check_links(built, BASE) == []
    for path in ("", "stories/summit-talks", "tags/armenia", "tags", "archive"):
        html = page(built, path)
        assert 'href="/' not in html.replace('href="/repo/', ""), path


def test_two_builds_are_identical(tmp_path):
    site = copy_site("stories", tmp_path)
    first = build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "one"))
    second = build(BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "two"))
    assert first.pages == second.pages
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")


def test_tag_slugs_and_months():
    assert tag_slug("United States") == "united-states"
    assert tag_slug("Café Society") == "cafe-society"
    assert re.fullmatch(r"tag-[0-9a-f]{8}", tag_slug("Հայաստան"))
    assert tag_slug("Հայաստան") == tag_slug("Հայաստան") != tag_slug("Азербайджан")
    assert collect_tags(()) == () and by_month(()) == ()


# --- the example briefing ---------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "_site"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_example_story_shows_aliyevs_two_wordings_side_by_side(example):
    html = main_of(page(example, "stories/white-house-declaration"))
    assert "Armenia and Azerbaijan sign a US-brokered peace declaration" in html
    aliyev = [figure for figure in html.split('<figure class="quotation">')[1:]
              if "Aliyev</figcaption>" in figure]
    assert len(aliyev) == 1
    wordings = aliyev[0].split('<div class="wordings">')[1].split("</figure>")[0]
    assert wordings.index(f"“{ALIYEV_A}”") < wordings.index(f"“{ALIYEV_B}”")
    assert ("We <ins>have</ins> lost <del>a lot of</del> <ins>many</ins> years <del>being "
            "preoccupied with</del> <ins>due to</ins> wars and <del>occupation and</del> "
            "bloodshed") in wordings
    copies = text_of(html.split('class="source-copies"')[1].split("</section>")[0])
    assert "Wire report A: 748 words as filed; 5 paragraphs repeated" in copies
    assert "Wire report B: 321 words as filed; no paragraph repeated." in copies


def test_example_articles_keep_their_raw_wire_copy():
    for name in ("000_75c804df594512e2.txt", "001_8c4c6450a80386cd.txt"):
        assert (REPO / "content/wire" / name).read_bytes() == (SEEDS / name).read_bytes()
    for article, name in (("historic-peace-agreement-trump-summit", "000_75c804df594512e2"),
                          ("leaders-sign-peace-agreement-at-white-house",
                           "001_8c4c6450a80386cd")):
        text = (REPO / "content/articles" / f"{article}.md").read_text()
        assert f"original: wire/{name}.txt\n" in text
        assert "story: white-house-declaration\n" in text


def test_example_front_page_leads_with_the_story(example):
    html = main_of(page(example, ""))
    assert html.index('href="/briefing/stories/white-house-declaration/"') < html.index(
        "Wire report A")
    assert "Other reports" not in html


# --- import keeps the raw report ------------------------------------------------------

@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    (tmp_path / "site.yml").write_text("title: T\nbase_url: https://example.org/\n")
    return SiteConfig(root=tmp_path, config_path=tmp_path / "site.yml", title="T",
                      base_url="https://example.org/")


def test_import_copies_the_raw_report_byte_for_byte(config):
    seed = SEEDS / "000_75c804df594512e2.txt"
    result = import_report(seed, config, ImportOptions(date=dt.date(2025, 8, 8)))
    copy = config.root / "content/wire/000_75c804df594512e2.txt"
    assert copy.read_bytes() == seed.read_bytes()
    assert "original: wire/000_75c804df594512e2.txt\n" in result.path.read_text()
    assert result.notes[-1] == ("raw report kept as content/wire/000_75c804df594512e2.txt "
                                "(original: in the front matter)")
    out = build(BuildOptions(config_path=config.config_path))
    assert out.warnings == []


def test_import_keeps_crlf_and_bom_in_the_raw_copy(config, tmp_path):
    raw = "\ufeffPier Reopens After Repairs\r\n\r\nThe pier reopened on Tuesday.\r\n".encode()
    report = tmp_path / "reports" / "pier.txt"
    report.parent.mkdir()
    report.write_bytes(raw)
    import_report(report, config, ImportOptions(date=dt.date(2025, 8, 8)))
    assert (config.root / "content/wire/pier.txt").read_bytes() == raw


def test_import_never_overwrites_a_different_raw_copy_without_force(config):
    seed = SEEDS / "000_75c804df594512e2.txt"
    copy = config.root / "content/wire/000_75c804df594512e2.txt"
    copy.parent.mkdir(parents=True)
    copy.write_text("someone else's report\n")
    with pytest.raises(BriefingError) as info:
        import_report(seed, config, ImportOptions(date=dt.date(2025, 8, 8)))
    assert str(info.value).startswith(f"{seed}: {copy} already exists with other content")
    assert "--force" in str(info.value)
    assert copy.read_text() == "someone else's report\n"
    assert not (config.root / "content/articles").exists()  # nothing half-written
    import_report(seed, config, ImportOptions(date=dt.date(2025, 8, 8), force=True))
    assert copy.read_bytes() == seed.read_bytes()


def test_import_accepts_an_identical_raw_copy(config):
    seed = SEEDS / "001_8c4c6450a80386cd.txt"
    copy = config.root / "content/wire" / seed.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(seed.read_bytes())
    result = import_report(seed, config, ImportOptions(date=dt.date(2025, 8, 8)))
    assert result.path.is_file() and copy.read_bytes() == seed.read_bytes()


def test_a_removed_raw_copy_is_reported_at_the_original_line(config):
    seed = SEEDS / "001_8c4c6450a80386cd.txt"
    result = import_report(seed, config, ImportOptions(date=dt.date(2025, 8, 8)))
    (config.root / "content/wire" / seed.name).unlink()
    with pytest.raises(ContentErrors) as info:
        build(BuildOptions(config_path=config.config_path))
    [error] = info.value.diagnostics
    lines = result.path.read_text().splitlines()
    assert error.line == lines.index(f"original: wire/{seed.name}") + 1
    assert error.message == f"'original': there is no file 'wire/{seed.name}' in the " \
        "content folder"
