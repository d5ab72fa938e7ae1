"""Loading articles: front matter rules and the errors editors see."""

from __future__ import annotations

import datetime as dt

from briefing.config.site import load_config
from briefing.core.errors import Diagnostics
from briefing.load.site import load_site
from briefing.load.site_files import LoadOptions
from tests.conftest import build_errors
from tests.conftest import copy_site, run_cli


def load(site, drafts=False):
    diagnostics = Diagnostics()
    config = load_config(site / "site.yml", diagnostics)
    return load_site(config, diagnostics, LoadOptions(drafts=drafts)), diagnostics


def test_articles_are_loaded_newest_first_without_drafts(basic_site):
    site, _ = load(basic_site)
    assert [a.slug for a in site.articles] == ["summit-signed", "older-report", "custom-slug"]
    summit = site.articles[0]
    assert summit.title == 'Leaders sign "peace" declaration -- at last'
    assert summit.authors == ("Desk Editor", "Second Author")
    assert summit.tags == ("Armenia", "Azerbaijan", "Diplomacy")
    assert summit.source.url == "https://example.com/wire-b/summit"
    assert summit.has_time
    assert summit.date.isoformat() == "2025-08-08T18:30:00+01:00"
    assert summit.body_line == 11


def test_dates_without_time_are_midnight_in_the_site_zone(basic_site):
    site, _ = load(basic_site)
    older = next(a for a in site.articles if a.slug == "older-report")
    assert not older.has_time
    assert older.date.utcoffset() == dt.timedelta(hours=1)  # London summer time


def test_drafts_are_included_on_request(basic_site):
    site, _ = load(basic_site, drafts=True)
    assert "draft-note" in [a.slug for a in site.articles]


def test_every_error_is_reported_in_one_run(tmp_path):
    site = copy_site("errors/articles", tmp_path)
    assert build_errors(site).splitlines() == [
        "content/articles/bad-date.md:3: 'date': expected an ISO date such as 2025-08-08 or "
        "a datetime such as 2025-08-08T14:30:00+00:00, got str '8 August 2025'",
        "content/articles/broken-yaml.md:5: front matter: invalid YAML: did not find "
        "expected ',' or ']' (while parsing a flow sequence that starts on line 4)",
        "content/articles/missing-title.md:2: front matter is missing the required key "
        "'title'",
        "content/articles/misspelt-key.md:4: unknown key 'sorce' in front matter "
        "(did you mean 'source'?)",
        "content/articles/no-front-matter.md:1: the file must start with YAML front matter "
        "between two '---' lines (title: and date: at least)",
        "content/articles/second.md:1: the slug 'first' is already used by "
        "content/articles/first.md (give one of them another 'slug:')",
        "content/articles/wrong-types.md:4: 'tags': expected a list, e.g. [Armenia], "
        "got a single text",
        "content/articles/wrong-types.md:5: 'draft': expected true or false, got str 'yes'",
        "content/articles/wrong-types.md:8: 'url': 'not-a-url' is not an absolute "
        "http(s) URL",
        "Failed: 9 errors; nothing was written.",
    ]
    assert not (site / "_site").exists()


def test_unusable_file_name_suggests_a_slug(basic_site):
    (basic_site / "content/articles/Bad Name!.md").write_text(
        "---\ntitle: x\ndate: 2025-01-01\n---\n", encoding="utf-8")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert ("content/articles/Bad Name!.md:1: the file name 'Bad Name!.md' is not a usable "
            "slug (rename it to 'bad-name.md' or add 'slug: bad-name' to the front matter)"
            ) in result.stderr


def test_unclosed_front_matter_and_non_utf8(basic_site):
    articles = basic_site / "content/articles"
    (articles / "unclosed.md").write_text("---\ntitle: x\ndate: 2025-01-01\n", "utf-8")
    (articles / "latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert ("content/articles/unclosed.md:1: front matter is not closed: add a '---' line "
            "after the last front matter key") in result.stderr
    assert "content/articles/latin1.md:2: not UTF-8 text" in result.stderr


def test_crlf_and_bom_are_accepted(basic_site):
    (basic_site / "content/articles/windows.md").write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: Windows\r\ndate: 2025-01-01\r\n---\r\n\r\nBody.\r\n")
    site, _ = load(basic_site)
    windows = next(a for a in site.articles if a.slug == "windows")
    assert windows.body == "\nBody.\n"


def test_non_markdown_files_are_ignored_with_a_warning(basic_site):
    (basic_site / "content/articles/notes.txt").write_text("x", "utf-8")
    (basic_site / "content/stray.yml").write_text("x: 1", "utf-8")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0
    assert "content/articles/notes.txt: warning: ignored" in result.stderr
    assert "content/stray.yml: warning: ignored" in result.stderr


def test_a_content_file_named_otherwise_is_told_the_name_it_should_have(basic_site):
    """``foo.markdown`` among articles or ``notes.json`` among annotation files is
    never read: the warning names the file it should be (an annotation file
    was ignored without a word), and files allowed there pass without one."""
    content = basic_site / "content"
    for folder in ("annotations", "pages", "stories/photos", "stories/old"):
        (content / folder).mkdir(parents=True)
    files = {"articles/new-report.markdown": "x", "articles/older-report.md~": "x",
             "articles/wire.txt": "x", "articles/photo.jpg": "x",
             "annotations/notes.json": "{}", "annotations/notes.yaml":
             "article: older-report\nannotations: []\n", "pages/about.markdown": "x",
             "stories/summit.json": "{}", "stories/photos/summit.jpg": "x",
             "stories/old/summit.yml": "x: 1"}
    for name, text in files.items():
        (content / name).write_text(text, "utf-8")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    articles = "warning: ignored: articles must be Markdown files ending in .md"
    assert [line for line in result.stderr.splitlines() if "ignored" in line] == [
        "content/annotations/notes.json: warning: ignored: annotation files must be YAML "
        "files ending in .yml (if it is an annotation file, rename it to notes.yml)",
        f"content/articles/new-report.markdown: {articles} (if it is an article, rename it "
        "to new-report.md)",
        f"content/articles/older-report.md~: {articles} (it looks like a copy of "
        "older-report.md: delete it, or move it out of content/)",
        f"content/articles/wire.txt: {articles} (if it is an article, rename it to wire.md; "
        "raw wire copy belongs in content/wire/)",
        "content/pages/about.markdown: warning: ignored: pages must be Markdown files ending "
        "in .md (if it is a page, rename it to about.md)",
        "content/stories/old/summit.yml: warning: ignored: stories are read only from "
        "content/stories/ itself, not from a folder in it; move it up",
        "content/stories/summit.json: warning: ignored: stories must be YAML files ending in "
        ".yml (if it is a story, rename it to summit.yml)",
    ]


def test_urls_with_characters_urls_cannot_hold_are_rejected(basic_site):
    (basic_site / "content/articles/bad-url.md").write_text(
        '---\ntitle: x\ndate: 2025-01-01\nsource:\n  url: \'https://e.org/"onmouseover="x\'\n'
        '---\n', encoding="utf-8")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert ("content/articles/bad-url.md:5: 'url': 'https://e.org/\"onmouseover=\"x' contains "
            "'\"', which URLs may not contain; percent-encode it (a space is %20)"
            ) in result.stderr
