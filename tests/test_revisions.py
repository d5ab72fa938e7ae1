"""Wire revisions: ``briefing import --revise``, notes that follow the text or are
retired by a revision, the history page, modified dates and the W3C export."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.engine.incremental import BuildCache
from tests.conftest import build_errors
from tests.conftest import REPO, copy_site, read_tree, run_cli

SEED = Path(__file__).parent / "fixtures" / "wire" / "000_75c804df594512e2.txt"
SLUG = "historic-peace-agreement-signed-between-armenia-and"
OLD = "have formally signed a peace agreement in the Oval Office"
NEW = "signed a joint declaration in the Oval Office"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A site with one article imported from the first seed report."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: https://example.org/\nsearch: false\n")
    result = run_cli("import", SEED, "--config", site / "site.yml", "--date", "2025-08-08")
    assert result.exit_code == 0, result.stderr
    return site


def revised_copy(tmp_path: Path, old: str = OLD, new: str = NEW) -> Path:
    """The seed as the wire might re-file it: one sentence changed, repeats kept."""
    path = tmp_path / "update.txt"
    path.write_text(SEED.read_text().replace(old, new))
    return path


def revise(site: Path, copy: Path, *args: str):
    return run_cli("import", "--revise", SLUG, copy, "--config", site / "site.yml", *args)


def article(site: Path) -> Path:
    return site / "content/articles" / f"{SLUG}.md"


def files(site: Path) -> dict[str, bytes]:
    return read_tree(site / "content")


def test_a_revision_is_kept_listed_and_becomes_the_body(imported, tmp_path):
    copy = revised_copy(tmp_path)
    result = revise(imported, copy, "--date", "2025-08-08T14:30", "--summary", "Corrected.")
    assert result.exit_code == 0, result.stderr
    assert "revision 2: 7 paragraphs kept, 5 duplicates removed" in result.stdout
    kept = imported / "content/wire" / SLUG / "2.txt"
    assert kept.read_bytes() == copy.read_bytes()  # byte for byte, as filed
    text = article(imported).read_text()
    assert NEW in text and OLD not in text
    assert text.count("The fraught history between") == 1  # cleaned like a first import
    assert "revisions:\n- time: '2025-08-08'\n  wire: wire/000_75c804df594512e2.txt\n" \
           "- time: 2025-08-08T14:30+00:00\n" f"  wire: wire/{SLUG}/2.txt\n" \
           "  summary: Corrected.\n---\n" in text
    assert "tags: []" in text  # the rest of the front matter is kept
    out = imported / "_site"
    assert run_cli("build", "--config", imported / "site.yml").exit_code == 0
    page = (out / "articles" / SLUG / "index.html").read_text()
    assert 'Updated <time datetime="2025-08-08T14:30:00+00:00">8 August 2025, 14:30</time>' \
        in page
    assert f'href="/articles/{SLUG}/history/">History of this report (2 versions)' in page
    history = (out / "articles" / SLUG / "history/index.html").read_text()
    assert "<del>have formally</del> signed a <del>peace agreement</del> <ins>joint " \
           "declaration</ins> in the Oval Office" in history


def test_a_third_revision_keeps_the_list_and_the_edited_front_matter(imported, tmp_path):
    assert revise(imported, revised_copy(tmp_path), "--date", "2025-08-08T14:30"
                  ).exit_code == 0
    text = article(imported).read_text().replace("tags: []", "tags: [Armenia]")
    article(imported).write_text(text)
    third = tmp_path / "third.txt"
    third.write_text(revised_copy(tmp_path).read_text().replace("Oval Office", "White House"))
    result = revise(imported, third, "--date", "2025-08-08T18:00", "--summary", "Place.")
    assert result.exit_code == 0, result.stderr
    text = article(imported).read_text()
    assert text.count("revisions:") == 1 and text.count("- time:") == 3
    assert "tags: [Armenia]" in text and f"wire: wire/{SLUG}/3.txt" in text
    assert "signed a joint declaration in the White House" in text


def test_hand_edits_are_refused_then_replaced_with_force(imported, tmp_path):
    path = article(imported)
    path.write_text(path.read_text().replace("groundbreaking", "landmark"))
    line = path.read_text().split("\n").index(next(
        x for x in path.read_text().split("\n") if "landmark" in x)) + 1
    before = files(imported)
    result = revise(imported, revised_copy(tmp_path), "--date", "2025-08-08T14:30")
    assert result.exit_code == 1
    assert f"{SLUG}.md:{line}: the body was edited by hand since the last import" in result.stderr
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert files(imported) == before  # nothing written
    result = revise(imported, revised_copy(tmp_path), "--date", "2025-08-08T14:30", "--force")
    assert result.exit_code == 0, result.stderr
    assert "groundbreaking" in path.read_text()


@pytest.mark.parametrize(("case", "exit_code", "message"), [
    ("unknown slug", 2, "no article has the slug 'historic-peace-agreement-signed-between-"
                        "armenia-an'"),
    ("empty file", 1, "is empty: there is no text to import"),
    ("binary file", 1, "a binary file, not wire copy: a NUL byte at line 1, column 3"),
    ("older", 2, "is older than revision 1 (8 August 2025), the newest"),
    ("same time", 2, "is the time of revision 1 (8 August 2025)"),
    ("two reports", 2, "--revise takes one report, the new version; got 2"),
    ("the same text", 1, "the same text as version 1 of 'historic-peace-agreement-signed-"
                         "between-armenia-and'; there is nothing to record"),
])
def test_bad_input_is_a_clear_error_and_nothing_is_written(imported, tmp_path, case,
                                                           exit_code, message):
    copy = revised_copy(tmp_path)
    args: list[str | Path] = ["import", "--revise", SLUG, copy, "--config",
                              imported / "site.yml", "--date", "2025-08-09T08:00"]
    if case == "unknown slug":
        args[2] = SLUG[:-1]
    elif case == "empty file":
        copy.write_text("\n  \n")
    elif case == "binary file":
        copy.write_bytes(b"PK\0\3 zip")
    elif case == "older":
        args[-1] = "2025-08-07T23:00"
    elif case == "same time":
        args[-1] = "2025-08-08"
    elif case == "two reports":
        args.insert(4, copy)
    elif case == "the same text":  # recorded, it was published as an update
        copy.write_text(SEED.read_text())
    before = files(imported)
    result = run_cli(*args)
    assert result.exit_code == exit_code, result.stderr
    assert message in result.stderr
    if case == "unknown slug":
        assert f"did you mean '{SLUG}'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert files(imported) == before


def test_a_revision_of_an_article_that_was_never_imported_is_refused(tmp_path):
    site = copy_site("basic", tmp_path)
    result = run_cli("import", "--revise", "older-report", revised_copy(tmp_path),
                     "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "has no 'original:' wire copy" in result.stderr


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    return copy_site("revised", tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(("old", "new", "message"), [
    ("- time: 2025-03-03T11:40", "- time: 2025-03-03T09:15",
     "talks.md:11: revision 2 has the same time as revision 1 (3 March 2025, 09:15)"),
    ("- time: 2025-03-03T16:05", "- time: 2025-03-03T10:00",
     "talks.md:14: revision 3 (3 March 2025, 10:00) is older than revision 2"),
    ("wire: wire/talks/2.txt", "wire: wire/talks/9.txt",
     "talks.md:11: revision 2: there is no file 'wire/talks/9.txt' in the content folder"),
    ("wire: wire/talks/2.txt", "wire: ../site.yml",
     "talks.md:11: revision 2: 'wire': '../site.yml' must be a path inside the content"),
    ("  summary: Corrected", "  sumary: Corrected", "talks.md:13: "),
])
def test_bad_revisions_in_front_matter_fail_the_build_at_their_line(revised, old, new,
                                                                    message):
    edit(revised / "content/articles/talks.md", old, new)
    assert message in build_errors(revised)
    assert not (revised / "_site").exists()


def test_an_empty_version_file_is_an_error_at_its_entry(revised):
    (revised / "content/wire/talks/2.txt").write_text("")
    assert "talks.md:11: revision 2: wire/talks/2.txt is empty" in build_errors(revised)


def test_a_note_whose_words_a_revision_changed_fails_the_build_with_the_closest_passage(
        revised):
    edit(revised / "content/annotations/talks.yml", "    retired_in: 2\n", "")
    errors = build_errors(revised)
    assert "talks.yml:9: annotation 'timetable': the quote is not in the article; the " \
           "closest passage (paragraph 2, " in errors
    assert "add 'retired_in: 3' to show the note with the words as they stood" in errors


def test_with_strict_false_it_is_a_warning_and_the_note_is_listed_unplaced(revised):
    edit(revised / "content/annotations/talks.yml", "    retired_in: 2\n", "")
    with (revised / "site.yml").open("a") as f:
        f.write("annotations: {strict: false}\n")
    result = run_cli("build", "--config", revised / "site.yml")
    assert result.exit_code == 0
    assert "annotation 'timetable': the quote is not in the article" in result.stderr
    page = (revised / "_site/articles/talks/index.html").read_text()
    assert "Unplaced notes" in page


def test_a_retired_note_is_shown_with_the_words_as_they_stood(revised):
    result = run_cli("build", "--config", revised / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    page = (revised / "_site/articles/talks/index.html").read_text()
    retired = page.split('id="notes-on-earlier-versions"')[1]
    assert "<p>In the version of 3 March 2025, 09:15 this report said:</p>\n<blockquote>\n" \
           "<p>agreed on a timetable for demarcation within six months</p>" in retired
    assert "No timetable was agreed" in retired
    assert 'id="annotation-timetable"' not in page  # not placed in the new text
    assert page.count('<aside id="annotation-') == 2  # the other two follow the text


def test_a_retired_note_that_matches_its_version_only_nearly_is_warned_and_not_misquoted(
        revised):
    """The page said the version had the note's words, which it never had."""
    edit(revised / "content/annotations/talks.yml",
         "quote: agreed on a timetable for demarcation within six months",
         "quote: agreed on a timetable for the demarcation within six months")
    result = run_cli("build", "--config", revised / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert "talks.yml:9: warning: annotation 'timetable': quote not found exactly in " \
           "revision 1; anchored to “agreed on a timetable for demarcation within six " \
           "months.” (" in result.stderr
    retired = (revised / "_site/articles/talks/index.html").read_text().split(
        'id="notes-on-earlier-versions"')[1]
    assert "<p>agreed on a timetable for demarcation within six months.</p>" in retired
    assert "for the demarcation" not in retired


@pytest.mark.parametrize(("retired_in", "message"), [
    ("4", "talks.yml:10: annotation 'timetable': retired_in: 4, but the article has "
          "revisions 2 to 3"),
    ("3", "annotation 'timetable': the quote is not in revision 2; the closest passage"),
])
def test_a_retired_in_that_names_no_version_with_the_words_is_an_error(revised, retired_in,
                                                                      message):
    edit(revised / "content/annotations/talks.yml", "retired_in: 2", f"retired_in: {retired_in}")
    assert message in build_errors(revised)


def test_a_retired_note_whose_words_are_still_there_is_a_warning(revised):
    edit(revised / "content/annotations/talks.yml",
         "    quote: hosted by the Swiss government\n",
         "    quote: hosted by the Swiss government\n    retired_in: 2\n")
    result = run_cli("build", "--config", revised / "site.yml")
    assert result.exit_code == 0
    assert "annotation 'swiss-role': retired in revision 2, but the article still has " \
           "the quote" in result.stderr


def test_modified_dates_follow_the_newest_revision_and_the_feed_entry_is_updated(revised):
    assert run_cli("build", "--config", revised / "site.yml").exit_code == 0
    out = revised / "_site"
    page = (out / "articles/talks/index.html").read_text()
    news = json.loads(re.search(r'<script type="application/ld\+json">(.*?"NewsArticle".*?)'
                                r"</script>", page, re.S).group(1))
    assert news["datePublished"] == "2025-03-03T09:15:00+00:00"
    assert news["dateModified"] == "2025-03-03T16:05:00+00:00"
    assert '<meta property="article:modified_time" content="2025-03-03T16:05:00+00:00">' \
        in page
    feed = (out / "feed.xml").read_text()
    assert feed.count("<id>https://example.github.io/repo/articles/talks/</id>") == 1
    assert "<updated>2025-03-03T16:05:00+00:00</updated>" in feed
    assert json.loads((out / "feed.json").read_text())["items"][0]["date_modified"] == \
        "2025-03-03T16:05:00+00:00"
    assert "<lastmod>2025-03-03T16:05:00+00:00</lastmod>" in (out / "sitemap.xml").read_text()
    merged = (out / "articles/talks/index.md").read_text()
    assert "updated: '2025-03-03T16:05:00+00:00'" in merged


def test_the_w3c_export_records_the_version_each_note_targets(revised):
    assert run_cli("build", "--config", revised / "site.yml").exit_code == 0
    data = json.loads((revised / "_site/articles/talks/annotations.jsonld").read_text())
    states = {item["id"].rsplit("-", 1)[-1]: item["target"]["state"] for item in data["items"]}
    assert states == {"geneva": {"type": "TimeState", "sourceDate": "2025-03-03T16:05:00+00:00"},
                      "role": {"type": "TimeState", "sourceDate": "2025-03-03T16:05:00+00:00"},
                      "timetable": {"type": "TimeState",
                                    "sourceDate": "2025-03-03T09:15:00+00:00"}}
    retired = next(i for i in data["items"] if i["id"].endswith("timetable"))
    quote, position = retired["target"]["selector"]
    first = "\n".join(["The foreign ministers of the two countries met in Geneva on Monday "
                       "for talks on the border.",
                       "Officials said the ministers agreed on a timetable for demarcation "
                       "within six months.",
                       "The talks were hosted by the Swiss government, which has offered to "
                       "mediate further."])
    assert first[position["start"]:position["end"]] == quote["exact"] == \
        "agreed on a timetable for demarcation within six months"


def test_an_article_with_one_version_has_no_history_page(revised):
    path = revised / "content/articles/talks.md"
    text = path.read_text()
    path.write_text(text[:text.index("- time: 2025-03-03T11:40")] + "---\n"
                    + text[text.index("\n---\n") + 5:])
    edit(revised / "content/annotations/talks.yml", "    retired_in: 2\n", "")
    edit(revised / "content/annotations/talks.yml", "agreed on a timetable",
         "agreed to discuss a timetable")
    edit(revised / "content/annotations/talks.yml", "within six months",
         "at their next meeting")
    assert run_cli("build", "--config", revised / "site.yml").exit_code == 0, \
        run_cli("build", "--config", revised / "site.yml").stderr
    assert not (revised / "_site/articles/talks/history").exists()
    assert "Updated" not in (revised / "_site/articles/talks/index.html").read_text()


def test_an_edit_to_a_version_file_rebuilds_what_shows_it_and_equals_a_clean_build(
        revised, tmp_path):
    options = BuildOptions(config_path=revised / "site.yml", output_dir=tmp_path / "inc")
    cache = BuildCache()
    build(options, cache=cache)
    edit(revised / "content/wire/talks/1.txt", "for talks on the border",
         "for a first round of talks on the border")
    build(options, cache=cache)
    history = (tmp_path / "inc/articles/talks/history/index.html").read_text()
    assert "for a first round of talks" in history
    clean = tmp_path / "clean"
    build(BuildOptions(config_path=revised / "site.yml", output_dir=clean))
    assert read_tree(tmp_path / "inc") == read_tree(clean)
    shutil.rmtree(clean)
    # and through the store on disk, as separate runs of `briefing build` go
    edit(revised / "content/wire/talks/2.txt", "Swiss government", "Swiss federal government")
    build(BuildOptions(config_path=revised / "site.yml", output_dir=tmp_path / "disk"))
    edit(revised / "content/wire/talks/2.txt", "Swiss federal government", "Swiss government")
    build(BuildOptions(config_path=revised / "site.yml", output_dir=tmp_path / "disk"))
    build(BuildOptions(config_path=revised / "site.yml", output_dir=clean))
    assert read_tree(tmp_path / "disk") == read_tree(clean)


def test_the_example_briefing_has_a_real_revision():
    text = (REPO / "content/articles/historic-peace-agreement-trump-summit.md").read_text()
    assert "- time: 2025-08-08T10:05+00:00\n  wire: wire/000_75c804df594512e2.txt" in text
    assert "wire: wire/historic-peace-agreement-trump-summit/2.txt" in text
    notes = (REPO / "content/annotations/historic-peace-agreement-trump-summit.yml").read_text()
    assert notes.count("retired_in: 2") == 1


def test_hand_edits_to_other_paragraphs_are_merged_into_the_new_version(imported, tmp_path):
    path = article(imported)
    path.write_text(path.read_text().replace("Alaska, suggesting", "Alaska on 15 August, "
                                             "suggesting"))
    result = revise(imported, revised_copy(tmp_path), "--date", "2025-08-08T14:30")
    assert result.exit_code == 0, result.stderr
    assert "your hand edits kept (paragraph 7 of the body you edited)" in result.stdout
    text = path.read_text()
    assert NEW in text and "Alaska on 15 August, suggesting" in text
    # the edit stays an edit: the next revision merges it again
    third = tmp_path / "third.txt"
    third.write_text(revised_copy(tmp_path).read_text().replace("Oval Office", "White House"))
    assert revise(imported, third, "--date", "2025-08-08T18:00").exit_code == 0
    assert "Alaska on 15 August" in path.read_text() and "White House," in path.read_text()


def test_a_retired_correction_stays_on_the_corrections_log(revised):
    edit(revised / "content/annotations/talks.yml", "    kind: fact-check\n    rating: "
         "Inaccurate\n", "    kind: correction\n")
    result = run_cli("build", "--config", revised / "site.yml")
    assert result.exit_code == 0, result.stderr
    log = (revised / "_site/corrections/index.html").read_text()
    assert 'href="/repo/articles/talks/#notes-on-earlier-versions"' in log
    assert "No timetable was agreed" in log
    feed = (revised / "_site/corrections/feed.xml").read_text()
    assert "<id>https://example.github.io/repo/articles/talks/#annotation-timetable</id>" \
        in feed  # the entry keeps its id when a revision retires the note
    assert 'href="https://example.github.io/repo/articles/talks/#notes-on-earlier-versions"' \
        in feed
