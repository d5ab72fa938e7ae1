"""The command line: exit codes, messages and the small commands."""

from __future__ import annotations

import subprocess
import sys

import yaml

from briefing import __version__
from tests.conftest import copy_site, run_cli


def briefing(*args, cwd):
    return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"briefing, version {__version__}\n"


def test_real_process_exit_codes_and_no_traceback(tmp_path):
    site = copy_site("errors/articles", tmp_path)
    failed = briefing("build", cwd=site)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert failed.stderr.startswith("content/articles/bad-date.md:3: ")
    usage = briefing("build", "--bogus", cwd=site)
    assert usage.returncode == 2
    assert "No such option '--bogus'" in usage.stderr
    assert usage.stderr.startswith('Usage: briefing build')
    no_config = briefing("build", cwd=tmp_path)
    assert no_config.returncode == 2
    assert "site.yml: no such file" in no_config.stderr


def test_build_from_the_site_directory(basic_site):
    result = briefing("build", cwd=basic_site)
    assert result.returncode == 0, result.stderr
    written = [p for p in (basic_site / "_site").rglob("*") if p.is_file()]
    pages = sum(1 for p in written if p.suffix == ".html")
    assert result.stdout.startswith(f"Built {pages} pages ({len(written)} files) into _site/ in ")
    assert pages >= 5 + 5  # articles, front page and 404; archive and the topic pages
    assert (basic_site / "_site/index.html").is_file()


def test_base_url_from_the_environment(basic_site):
    result = subprocess.run([sys.executable, "-m", "briefing", "build"], cwd=basic_site,
                            capture_output=True, text=True,
                            env={"BRIEFING_BASE_URL": "https://o.example/p/", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert 'href="/p/"' in (basic_site / "_site/index.html").read_text()


def test_bad_base_url_option_is_a_usage_error(basic_site):
    result = run_cli("build", "--config", basic_site / "site.yml", "--base-url", "nope")
    assert result.exit_code == 2
    assert "--base-url: 'nope' is not an absolute http(s) URL" in result.stderr


def test_a_bad_base_url_from_the_environment_names_the_variable(basic_site, monkeypatch):
    """$BRIEFING_BASE_URL, set by a CI workflow, was blamed as --base-url, an
    option nobody typed; the option, when given, still takes the blame."""
    monkeypatch.setenv("BRIEFING_BASE_URL", "https://o.example/p/?draft=1")
    for command in ("build", "check"):
        result = run_cli(command, "--config", basic_site / "site.yml")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: $BRIEFING_BASE_URL: 'https://o.example/p/?draft=1' must not have a query "
            "or fragment (the environment variable gives the base URL: correct it or unset "
            "it, or give --base-url)\n")
    result = run_cli("build", "--config", basic_site / "site.yml", "--base-url", "nope")
    assert result.exit_code == 2
    assert result.stderr == "Error: --base-url: 'nope' is not an absolute http(s) URL\n"
    assert not (basic_site / "_site").exists()


def test_new_article_writes_a_draft_that_builds(basic_site):
    result = run_cli("new", "article", "Peace talks resume in Geneva",
                     "--config", basic_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    path = basic_site / "content/articles/peace-talks-resume-in-geneva.md"
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["title"] == "Peace talks resume in Geneva"
    assert front["draft"] is True
    assert run_cli("build", "--config", basic_site / "site.yml", "--drafts").exit_code == 0
    assert (basic_site / "_site/articles/peace-talks-resume-in-geneva/index.html").is_file()
    again = run_cli("new", "article", "Peace talks resume in Geneva",
                    "--config", basic_site / "site.yml")
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_new_article_with_a_title_in_another_script_asks_for_a_slug(basic_site):
    """A Cyrillic, Armenian, Greek or Chinese title was told to "use some
    letters", which it has: it has no Latin ones to make a file name from,
    and --slug gives the name."""
    site = basic_site / "site.yml"
    before = sorted(p.name for p in (basic_site / "content/articles").iterdir())
    for title in ("Ереван и Баку", "Երևան", "Αθήνα", "北京会谈"):
        result = run_cli("new", "article", title, "--config", site)
        assert result.exit_code == 2
        assert result.stderr == (
            f"Error: the title '{title}' has no Latin letters or digits to make the file "
            "name from; give one with --slug (lower-case Latin letters, digits and hyphens), "
            f"e.g. briefing new article \"{title}\" --slug talks-in-yerevan\n")
    bad = run_cli("new", "article", "Ереван и Баку", "--slug", "Yerevan Baku", "--config", site)
    assert bad.exit_code == 2
    assert "--slug: 'Yerevan Baku' is not a slug: use lower-case letters, digits and single " \
        "hyphens; did you mean 'yerevan-baku'?" in bad.stderr
    assert sorted(p.name for p in (basic_site / "content/articles").iterdir()) == before
    result = run_cli("new", "article", "Ереван и Баку", "--slug", "yerevan-baku",
                     "--config", site)
    assert result.exit_code == 0, result.stderr
    front = yaml.safe_load((basic_site / "content/articles/yerevan-baku.md").read_text()
                           .split("---")[1])
    assert front["title"] == "Ереван и Баку"
    assert run_cli("build", "--config", site, "--drafts").exit_code == 0
    assert (basic_site / "_site/articles/yerevan-baku/index.html").is_file()


def test_new_article_refuses_a_content_folder_that_is_not_there(basic_site):
    """A misspelt content_dir: once made a new content folder, and the next
    build published that nearly empty site in place of the real one."""
    with (basic_site / "site.yml").open("a") as f:
        f.write("content_dir: Content\n")
    result = run_cli("new", "article", "Late report", "--config", basic_site / "site.yml")
    assert result.exit_code == 1  # site.yml's error, at its line
    assert "'content_dir': there is no folder 'Content' beside site.yml (did you mean " \
        "'content'?)" in result.stderr
    assert not (basic_site / "Content").exists()


def test_new_article_refuses_an_articles_folder_that_is_a_file(basic_site):
    import shutil
    shutil.rmtree(basic_site / "content/articles")
    (basic_site / "content/articles").write_text("")
    result = run_cli("new", "article", "Hello", "--config", basic_site / "site.yml")
    assert result.exit_code == 2
    assert "is a file, not the articles folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_under_a_file_is_refused(tmp_path):
    (tmp_path / "afile").write_text("")
    result = run_cli("init", tmp_path / "afile/sub")
    assert result.exit_code == 2
    assert "afile is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_a_title_of_more_than_one_line(tmp_path):
    result = run_cli("init", tmp_path / "site", "--title", "Harbour\nWeekly")
    assert result.exit_code == 2
    assert "--title: must be one line of text" in result.stderr
    assert not (tmp_path / "site").exists()


def test_init_into_a_dangling_link_is_refused(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    result = run_cli("init", tmp_path / "link")
    assert result.exit_code == 2
    assert "a symbolic link to" in result.stderr and "which does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_url_with_a_password_is_refused_without_repeating_it(basic_site):
    """A base_url with credentials was published in 47 files (feeds, sitemap,
    robots.txt); refused, and the error does not print the password either."""
    result = run_cli("build", "--config", basic_site / "site.yml",
                     "--base-url", "https://deploy:s3cret@example.github.io/briefing/")
    assert result.exit_code == 2
    assert "holds a user name or password" in result.stderr
    assert "s3cret" not in result.stderr and "deploy" not in result.stderr
    assert not (basic_site / "_site").exists()


def test_a_file_name_that_is_not_utf8_is_an_error_not_a_traceback(basic_site):
    """From a zip made on another system: the build stopped with a
    UnicodeEncodeError, and import wrote the name into front matter."""
    import os
    articles = os.fsencode(basic_site / "content/articles")
    source = os.path.join(articles, b"older-report.md")
    with open(source, "rb") as f, open(os.path.join(articles, b"copy-\xe9.md"), "wb") as g:
        g.write(f.read())
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 1
    assert "content/articles/copy-\\xe9.md: the file name is not UTF-8 text; rename it" \
        in result.stderr and "Traceback" not in result.stderr
    wire = os.path.join(os.fsencode(basic_site), b"r\xe9.txt")
    with open(wire, "wb") as f:
        f.write(b"Some wire text.\n\nA second paragraph.\n")
    result = run_cli("import", os.fsdecode(wire), "--config", basic_site / "site.yml")
    assert result.exit_code == 2
    assert "r\\xe9.txt: the file name is not UTF-8 text" in result.stderr


def test_a_misspelt_command_is_told_the_one_meant():
    result = run_cli("biuld")
    assert result.exit_code == 2
    assert "No such command 'biuld'. Did you mean 'build'?" in result.stderr
    assert "Did you mean" not in run_cli("frobnicate").stderr
