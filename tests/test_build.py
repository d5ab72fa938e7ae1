"""Whole builds: outputs, URLs, determinism and the safety of the output directory."""

from __future__ import annotations

import os
import stat

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core.errors import ContentErrors, OutputDirError
from briefing.write.site_writer import MANIFEST
from tests.conftest import REPO, read_tree, run_cli


def test_expected_files_are_written(built_basic):
    # the search index (pagefind/) is checked in test_search.py
    assert [p for p in sorted(read_tree(built_basic)) if not p.startswith("pagefind/")] == [
        ".briefing-build", ".nojekyll", "404.html", "archive/2025/07/index.html",
        "archive/2025/08/index.html", "archive/index.html",
        "articles/custom-slug/annotations.jsonld",
        "articles/custom-slug/index.html", "articles/custom-slug/index.md",
        "articles/older-report/annotations.jsonld",
        "articles/older-report/index.html", "articles/older-report/index.md",
        "articles/summit-signed/annotations.jsonld",
        "articles/summit-signed/index.html", "articles/summit-signed/index.md",
        "corrections/feed.xml", "corrections/index.html",
        "feed.json", "feed.xml", "index.html",
        # sharing cards: one per article without a picture, one for the site (issue 22)
        "pictures/cards/custom-slug-e3af311f86a4.png",
        "pictures/cards/older-report-2cc26f7c41f5.png",
        "pictures/cards/site-05a235a0e232.png",
        "pictures/cards/summit-signed-898aa3c76491.png",
        "robots.txt", "search/index.html",
        "sitemap.xml", "static/favicon.svg", "static/notes.js", "static/search.js",
        "static/style.css", "static/terms.js",
        "tags/armenia/index.html", "tags/azerbaijan/index.html",
        "tags/diplomacy/index.html", "tags/index.html",
    ]


def test_front_page_lists_articles_newest_first(built_basic):
    html = (built_basic / "index.html").read_text()
    positions = [html.index(f'href="/repo/articles/{slug}/"')
                 for slug in ("summit-signed", "older-report", "custom-slug")]
    assert positions == sorted(positions)
    assert "Unfinished draft" not in html
    assert "Leaders sign “peace” declaration – at last" in html
    assert "The two leaders met at the White House." in html
    assert "Wire B" in html
    assert '<time datetime="2025-08-08T18:30:00+01:00">8 August 2025, 18:30 BST</time>' in html
    assert '<time datetime="2025-08-01">1 August 2025</time>' in html


def test_article_page_renders_markdown_features(built_basic):
    html = (built_basic / "articles/summit-signed/index.html").read_text()
    assert '<html lang="en-GB">' in html
    assert "<title>Leaders sign “peace” declaration – at last · Fixture Briefing</title>" in html
    assert "The leaders “signed” it – or did they? It’s <em>historic</em>" in html
    assert "said one.<br />\nA hard break above" in html
    assert '<h2 id="what-was-signed">What was signed</h2>' in html
    assert "<table>" in html and "<blockquote>" in html
    assert "code  \n   stays    as is\n\n\n</code>" in html
    assert 'class="footnote-ref"' in html and "The footnote’s text." in html
    assert '<a href="https://example.com/wire-b/summit">Wire B</a>' in html
    assert "By Desk Editor, Second Author" in html
    assert '<link rel="canonical" href="https://example.github.io/repo/articles/summit-signed/">' \
        in html


def test_merged_markdown_page_is_written_beside_the_html(built_basic):
    text = (built_basic / "articles/summit-signed/index.md").read_text()
    assert text.startswith("---\ntitle: Leaders sign \"peace\" declaration -- at last\n"
                           "dek: The two leaders met at the White House.\n"
                           "date: '2025-08-08T18:30:00+01:00'\n")
    assert "url: https://example.github.io/repo/articles/summit-signed/\n---\n\n" in text
    assert "It's *historic*, said one.  \nA hard break above" in text  # 3 spaces become 2
    assert "\n\n\n## What" not in text  # blank runs collapsed outside code


def test_builds_are_byte_identical(basic_site, tmp_path):
    first = tmp_path / "one"
    second = tmp_path / "two"
    for out in (first, second):
        assert run_cli("build", "--config", basic_site / "site.yml", "--out", out).exit_code == 0
    assert read_tree(first) == read_tree(second)


def test_drafts_flag_includes_drafts(basic_site):
    result = run_cli("build", "--config", basic_site / "site.yml", "--drafts")
    assert result.exit_code == 0
    html = (basic_site / "_site/articles/draft-note/index.html").read_text()
    assert "Draft" in html and "badge-draft" in html


def test_summary_line(basic_site):
    result = run_cli("build", "--config", basic_site / "site.yml")
    written = read_tree(basic_site / "_site")
    pages = sum(1 for path in written if path.endswith(".html"))
    assert result.stdout.startswith(f"Built {pages} pages ({len(written)} files) into ")


def test_failed_build_leaves_previous_site_untouched(built_basic, basic_site):
    before = read_tree(built_basic)
    (basic_site / "content/articles/older-report.md").write_text("---\ntitle: [\n---\n")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert read_tree(built_basic) == before
    leftovers = [p.name for p in basic_site.iterdir() if p.name.startswith(".")]
    assert leftovers in ([], [".briefing-cache"])  # no staging directory left behind


def test_template_error_leaves_previous_site_untouched(built_basic, basic_site):
    before = read_tree(built_basic)
    (basic_site / "templates").mkdir()
    (basic_site / "templates/article.html").write_text("{% extends 'base.html' %}\n"
                                                       "{% block content %}{{ nope.x }}"
                                                       "{% endblock %}\n")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "templates/article.html:2: template error: 'nope' is undefined" in result.stderr
    assert read_tree(built_basic) == before


def test_a_template_not_in_utf8_is_named_without_a_traceback(built_basic, basic_site):
    before = read_tree(built_basic)
    (basic_site / "templates").mkdir()
    (basic_site / "templates/404.html").write_bytes(
        "{% extends 'base.html' %}{% block content %}<p>Introuvable, désolé</p>"
        "{% endblock %}".encode("latin-1"))
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "templates/404.html: not UTF-8 text (byte 62 is not); save the template as " \
        "UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert read_tree(built_basic) == before


def test_files_in_templates_that_are_no_templates_are_left_alone(basic_site):
    """A picture or an editor's file left in templates/ is not UTF-8 text: no
    page uses it, so it neither stops the build nor counts as a template."""
    (basic_site / "templates").mkdir()
    (basic_site / "templates/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    (basic_site / "templates/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\xff\xfe")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert not list((basic_site / "_site").rglob("logo.png"))


@pytest.mark.parametrize("out", ["static/site", "content/site", "templates/site",
                                 "themes/site", "content"])
def test_an_output_inside_what_the_build_reads_is_refused(basic_site, out):
    """Built into static/site, each build published the last one again."""
    (basic_site / "static").mkdir(exist_ok=True)
    before = read_tree(basic_site)
    result = run_cli("build", "--config", basic_site / "site.yml", "--out", basic_site / out)
    assert result.exit_code == 2
    assert "which the build reads: each build would take in the last one's output" \
        in result.stderr and "Traceback" not in result.stderr
    assert read_tree(basic_site) == before


def test_an_output_under_a_file_is_refused(basic_site):
    result = run_cli("build", "--config", basic_site / "site.yml",
                     "--out", basic_site / "site.yml/site")
    assert result.exit_code == 2
    assert "site.yml is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_articles_notes_and_pages_in_a_subfolder_are_warned_about(basic_site):
    """They are never read: a correction in annotations/2024/ was silently
    unpublished. Pictures in a subfolder of articles/ are no such file."""
    content = basic_site / "content"
    for folder in ("articles/2025", "articles/photos", "annotations/old", "pages/sub"):
        (content / folder).mkdir(parents=True)
    (content / "articles/2025/nested.md").write_text(
        "---\ntitle: Nested\ndate: 2025-01-01\n---\nx\n")
    (content / "articles/photos/notes.txt").write_text("a caption list")
    (content / "annotations/old/nested.yml").write_text("article: older-report\nannotations: []\n")
    (content / "pages/sub/about.md").write_text("---\ntitle: About\n---\nx\n")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    for path, what in (("articles/2025/nested.md", "articles"),
                       ("annotations/old/nested.yml", "annotation files"),
                       ("pages/sub/about.md", "pages")):
        assert f"content/{path}: warning: ignored: {what} are read only from content/" \
            f"{path.split('/')[0]}/ itself, not from a folder in it; move it up" in result.stderr
    assert "notes.txt" not in result.stderr


def test_site_templates_override_theme_templates(basic_site):
    (basic_site / "templates").mkdir()
    (basic_site / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block content %}<p>Custom 404</p>{% endblock %}")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert "<p>Custom 404</p>" in (basic_site / "_site/404.html").read_text()
    assert "Custom 404" not in (basic_site / "_site/index.html").read_text()


def test_site_static_files_are_copied_to_the_root(basic_site):
    (basic_site / "static").mkdir()
    (basic_site / "static/CNAME").write_text("news.example.org\n")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert (basic_site / "_site/CNAME").read_text() == "news.example.org\n"


def test_refuses_to_replace_a_directory_it_did_not_create(basic_site, tmp_path):
    foreign = tmp_path / "precious"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("years of work")
    result = run_cli("build", "--config", basic_site / "site.yml", "--out", foreign)
    assert result.exit_code == 2  # the command was pointed at the wrong folder
    assert "not empty and not made by briefing" in result.stderr
    assert (foreign / "thesis.txt").read_text() == "years of work"


def test_refuses_to_delete_files_added_to_a_previous_build(built_basic, basic_site):
    (built_basic / "articles/notes.txt").write_text("mine")
    # Without the cache the build is a full one, which replaces the directory.
    result = run_cli("build", "--config", basic_site / "site.yml", "--no-cache")
    assert result.exit_code == 1
    assert "holds files briefing did not write (articles/notes.txt)" in result.stderr
    assert (built_basic / "articles/notes.txt").read_text() == "mine"


@pytest.mark.parametrize("edit", [False, True], ids=["nothing changed", "an edit"])
def test_an_update_refuses_a_file_added_to_the_top_of_the_output(built_basic, basic_site,
                                                                edit):
    """An update would leave the file and publish it, until a full build refused
    to delete it: the update refuses at once, as the full build does."""
    (built_basic / "CNAME").write_text("news.example.org\n")
    (built_basic / "verify").mkdir()
    if edit:
        with (basic_site / "content/articles/older-report.md").open("a") as file:
            file.write("\nOne more line.\n")
    before = (built_basic / "index.html").read_bytes()
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "holds files briefing did not write (CNAME, verify/)" in result.stderr
    assert "cname:" in result.stderr
    assert (built_basic / "CNAME").read_text() == "news.example.org\n"
    assert (built_basic / "index.html").read_bytes() == before


def test_what_an_operating_system_leaves_in_the_output_stops_no_build(built_basic,
                                                                      basic_site):
    (built_basic / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (built_basic / "articles/Thumbs.db").write_bytes(b"\xd0\xcf")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert run_cli("build", "--config", basic_site / "site.yml", "--no-cache").exit_code == 0
    assert not (built_basic / "articles/Thumbs.db").exists()  # the old output went whole


def test_an_empty_directory_may_be_used(basic_site, tmp_path):
    (tmp_path / "empty").mkdir()
    assert run_cli("build", "--config", basic_site / "site.yml",
                   "--out", tmp_path / "empty").exit_code == 0


def test_removed_articles_disappear_on_rebuild(built_basic, basic_site):
    (basic_site / "content/articles/older-report.md").unlink()
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert not (built_basic / "articles/older-report").exists()
    assert "articles/older-report/index.html" not in (built_basic / MANIFEST).read_text()


def test_output_directory_gets_normal_permissions_not_the_temporary_0700(built_basic):
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(built_basic).st_mode) == 0o777 & ~umask


def test_build_api_raises_content_errors(basic_site):
    (basic_site / "content/articles/bad.md").write_text("---\ndate: 2025-01-01\n---\n")
    with pytest.raises(ContentErrors) as caught:
        build(BuildOptions(config_path=basic_site / "site.yml"))
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/articles/bad.md:2: front matter is missing the required key 'title'"]


def test_build_api_refuses_a_file_as_output(basic_site, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputDirError):
        build(BuildOptions(config_path=basic_site / "site.yml", output_dir=tmp_path / "file"))


@pytest.mark.parametrize("line, told", [
    ("theme: fancy", "'theme': no theme 'fancy' (available: default)\n"),
    ("theme: Default", "'theme': no theme 'Default' (available: default) (did you mean "
     "'default'?)\n"),
    ("content_dir: contnt", "'content_dir': there is no folder 'contnt' beside site.yml "
     "(did you mean 'content'?)\n"),
])
def test_a_folder_site_yml_names_that_is_not_there_is_told_at_its_line(basic_site, line, told):
    """briefing check said 'no errors' for a site whose build then failed, and
    the build told the theme without a line, as a usage error."""
    with (basic_site / "site.yml").open("a") as f:
        f.write(f"{line}\n")
    number = (basic_site / "site.yml").read_text().count("\n")
    for command in ("check", "build"):
        result = run_cli(command, "--config", basic_site / "site.yml")
        assert result.exit_code == 1, command
        assert f"site.yml:{number}: {told}" in result.stderr, command


def test_a_theme_of_the_site_s_own_is_laid_over_the_default_theme(basic_site):
    """A theme holds what it changes: the templates and static files it lacks
    are the default theme's, and an edit of its own files is built again."""
    theme = basic_site / "themes/plain"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    default = REPO / "themes/default"
    (theme / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block content %}<p>Plain 404</p>{% endblock %}")
    (theme / "static/style.css").write_text("body { color: black; }\n")
    with (basic_site / "site.yml").open("a") as f:
        f.write("theme: plain\n")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    out = basic_site / "_site"
    assert "<p>Plain 404</p>" in (out / "404.html").read_text()
    assert (out / "static/style.css").read_text() == "body { color: black; }\n"
    assert (out / "static/terms.js").read_bytes() == (default / "static/terms.js").read_bytes()
    assert 'class="headline"' in (out / "articles/older-report/index.html").read_text()
    (theme / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block content %}<p>Plainer 404</p>{% endblock %}")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert "<p>Plainer 404</p>" in (out / "404.html").read_text()


def test_progress_is_reported_per_article(basic_site):
    calls = []
    build(BuildOptions(config_path=basic_site / "site.yml"),
          progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_progress_bar_only_on_a_terminal_for_long_builds(monkeypatch):
    from briefing.commands import output

    monkeypatch.setattr(output.sys.stderr, "isatty", lambda: False)
    with output.progress_bar() as progress:
        assert progress is None


def test_progress_bar_appears_for_long_builds_on_a_terminal(monkeypatch, capsys):
    from briefing.commands import output

    monkeypatch.setattr(output.sys.stderr, "isatty", lambda: True, raising=False)
    with output.progress_bar() as progress:
        for done in range(1, output.PROGRESS_THRESHOLD + 1):
            progress(done, output.PROGRESS_THRESHOLD)
    assert "Rendering" in capsys.readouterr().err
    with output.progress_bar() as progress:
        progress(1, 3)  # a short build: no bar
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name, message", [
    # static/ is copied to the site's root, so static/archive/index.html stands where
    # the archive page goes; the writer raised a ValueError with its traceback.
    ("archive/index.html", "static/archive/index.html: a file in static/ stands where "
     "briefing writes a page (/archive/) (move or rename the file in static/, or the page)"),
    # Where the build keeps its list of the files it wrote (a review, 2026-12-07).
    (".briefing-build", "static/.briefing-build: briefing keeps the list of the files it "
     "wrote under this name in the output (rename or remove the file)"),
])
def test_a_static_file_where_briefing_writes_is_an_error_not_a_traceback(
        basic_site, name, message):
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    before = read_tree(basic_site / "_site")
    (basic_site / "static" / name).parent.mkdir(parents=True, exist_ok=True)
    (basic_site / "static" / name).write_text("mine\n", encoding="utf-8")
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    # Told as content errors are: the static file named from the site's folder.
    assert message in result.stderr
    assert "Failed: 1 error" in result.stderr and "Error:" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert read_tree(basic_site / "_site") == before


def test_a_version_control_folder_in_static_is_not_published(basic_site):
    (basic_site / "static/.git").mkdir(parents=True)
    (basic_site / "static/.git/config").write_text("[remote]\n", encoding="utf-8")
    (basic_site / "static/.well-known").mkdir()
    (basic_site / "static/.well-known/security.txt").write_text("Contact: x\n")
    assert run_cli("build", "--config", basic_site / "site.yml").exit_code == 0
    assert not (basic_site / "_site/.git").exists()
    assert (basic_site / "_site/.well-known/security.txt").is_file()
