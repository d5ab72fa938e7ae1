"""Symbolic links are followed only while they stay inside the site (symlinks.py).

A link in a site someone else prepared must not make briefing read a file
outside the site and publish it: not through ``original:`` (the quality notes
quote repeated paragraphs), not as a static file, a template, an article, a
note, a story or the glossary, not through a linked folder, and not through
the preview. Each such link is an error naming the link and where it points;
nothing is written. Links that stay inside keep working.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tornado.testing import AsyncHTTPTestCase

from briefing.core.errors import Diagnostics
from briefing.core.symlinks import SiteFolders
from briefing.preview.rebuild import SiteView
from briefing.preview.server import application
from tests.conftest import REPO, copy_site, read_tree, run_cli

SECRET = "SECRET-7f3a: the password is hunter2"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the site, holding a secret in every format briefing reads."""
    folder = tmp_path / "outside"
    (folder / "nested").mkdir(parents=True)
    paragraph = f"{SECRET}, said the file nobody meant to publish."
    (folder / "secret.txt").write_text(f"{paragraph}\n\n{paragraph}\n\n{paragraph}\n")
    (folder / "secret.md").write_text(f"---\ntitle: Leak\ndate: 2025-08-01\n---\n\n{SECRET}\n")
    (folder / "secret.yml").write_text(f"title: {SECRET}\n")
    (folder / "secret.css").write_text(f"/* {SECRET} */\n")
    (folder / "nested" / "summit-a.txt").write_text(f"{paragraph}\n\n{paragraph}\n")
    return folder


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("stories", tmp_path)


def build(site: Path) -> tuple[int, str]:
    result = run_cli("build", "--config", site / "site.yml", "--no-cache")
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout + result.stderr


def assert_refused(site: Path, link: str, target: Path) -> str:
    """The build fails, names the link and its target, and writes nothing."""
    code, output = build(site)
    assert code == 1, output
    assert link in output and str(target) in output and "outside the site" in output, output
    assert SECRET not in output
    assert not (site / "_site").exists()
    return output


def replace_with_link(path: Path, target: Path) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def published(site: Path) -> str:
    return "\n".join(data.decode("utf-8", "replace") for data in read_tree(site / "_site").values())


def test_an_original_linked_out_of_the_site_is_refused(site: Path, outside: Path) -> None:
    replace_with_link(site / "content/wire/summit-a.txt", outside / "secret.txt")
    output = assert_refused(site, "content/wire/summit-a.txt", outside / "secret.txt")
    assert "content/articles/summit-a.md:10: 'original':" in output


def test_an_original_in_a_folder_linked_out_is_refused(site: Path, outside: Path) -> None:
    (site / "content/wire/summit-a.txt").unlink()
    (site / "content/wire").rmdir()
    replace_with_link(site / "content/wire", outside / "nested")
    output = assert_refused(site, "content/wire", outside / "nested")
    assert "content/wire is a symbolic link" in output


@pytest.mark.parametrize("name, target", [
    ("content/articles/leak.md", "secret.md"),
    ("content/annotations/leak.yml", "secret.yml"),
    ("content/stories/leak.yml", "secret.yml"),
    ("content/glossary.yml", "secret.yml"),
    ("static/leak.css", "secret.css"),
    ("templates/article.html", "secret.txt"),
    ("themes/default/static/leak.css", "secret.css"),
    ("themes/default/templates/article.html", "secret.txt"),
])
def test_every_file_briefing_reads_refuses_a_link_out(site: Path, outside: Path,
                                                      name: str, target: str) -> None:
    if name.startswith("themes/"):  # the site's own copy of the theme
        shutil.copytree(REPO / "themes/default", site / "themes/default")
    replace_with_link(site / name, outside / target)
    assert_refused(site, name, outside / target)


@pytest.mark.parametrize("folder", ["content/articles", "content/stories", "content",
                                    "static", "templates"])
def test_a_folder_linked_out_is_one_error_at_the_folder(site: Path, outside: Path,
                                                        folder: str) -> None:
    elsewhere = outside / "moved"
    if (site / folder).exists():
        shutil.move(site / folder, elsewhere)
    else:
        elsewhere.mkdir()
        (elsewhere / "x.css").write_text(f"/* {SECRET} */")
    replace_with_link(site / folder, elsewhere)
    output = assert_refused(site, folder, elsewhere)
    assert output.count("outside the site") == 1, output


def test_a_theme_folder_linked_out_is_one_error(site: Path, outside: Path) -> None:
    shutil.copytree(REPO / "themes/default", outside / "theme")
    (outside / "theme/static/secret.css").write_text(f"/* {SECRET} */")
    replace_with_link(site / "themes/default", outside / "theme")
    output = assert_refused(site, "themes/default", outside / "theme")
    assert output.count("outside the site") == 1, output


def test_a_link_to_a_device_is_refused_without_reading_it(site: Path) -> None:
    replace_with_link(site / "content/articles/zero.md", Path("/dev/zero"))
    assert_refused(site, "content/articles/zero.md", Path("/dev/zero"))


def test_a_folder_linked_to_itself_is_an_error_not_a_hang(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static/loop").symlink_to(site / "static")
    code, output = build(site)
    assert code == 1 and "static/loop: a symbolic link to a folder that holds it" in output


def test_links_that_stay_inside_the_site_keep_working(site: Path) -> None:
    archive = site / "archive"
    archive.mkdir()
    (site / "content/wire/summit-a.txt").rename(archive / "summit-a.txt")
    replace_with_link(site / "content/wire/summit-a.txt", Path("../../archive/summit-a.txt"))
    (archive / "img").mkdir()
    (archive / "img" / "logo.svg").write_text("<svg/>")
    (archive / "extra.css").write_text("p{}")
    (site / "static").mkdir()
    (site / "static/img").symlink_to(archive / "img")  # a folder, absolute
    (site / "static/extra.css").symlink_to(Path("../archive/extra.css"))
    (site / "content/articles/commission.md").rename(archive / "commission.md")
    (site / "content/articles/commission.md").symlink_to(archive / "commission.md")
    code, output = build(site)
    assert code == 0, output
    files = read_tree(site / "_site")
    assert files["img/logo.svg"] == b"<svg/>" and files["extra.css"] == b"p{}"
    assert any(path.startswith("articles/") and "commission" in path for path in files)
    assert "<strong>Agency A</strong>: 117 words as filed;" in published(site)


def test_a_content_folder_site_yml_places_elsewhere_still_works(tmp_path: Path) -> None:
    site = copy_site("stories", tmp_path)
    shared = tmp_path / "shared"
    (site / "content").rename(shared)
    with (site / "site.yml").open("a") as config:
        config.write("content_dir: ../shared\n")
    code, output = build(site)
    assert code == 0, output


def test_the_check_names_the_first_link_that_leads_out(tmp_path: Path) -> None:
    root, out = tmp_path / "site", tmp_path / "out"
    (root / "a").mkdir(parents=True)
    (out / "deep").mkdir(parents=True)
    (root / "a" / "inside").symlink_to(root)
    (root / "a" / "away").symlink_to(out)
    folders = SiteFolders.of(root)
    assert folders.escape(root / "a" / "inside" / "a" / "file.txt") is None
    escape = folders.escape(root / "a" / "inside" / "a" / "away" / "deep" / "x")
    assert escape is not None
    assert escape.link == root / "a" / "inside" / "a" / "away"
    assert escape.target == os.path.realpath(out / "deep" / "x")
    diagnostics = Diagnostics(root=root)
    assert not folders.allows(root / "a" / "away", diagnostics)
    assert diagnostics.items[0].path == "a/away"


@pytest.fixture(scope="module")
def maze(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site root with links to files and folders inside it, out of it, and back."""
    base = tmp_path_factory.mktemp("maze")
    root, out = base / "site", base / "out"
    for folder in (root / "a", out / "a"):
        folder.mkdir(parents=True)
        (folder / "f").write_text("x")
    links = {"in_dir": root / "a", "out_dir": out, "in_file": root / "a" / "f",
             "out_file": out / "a" / "f", "loop": root, "rel_in": Path("a"),
             "rel_out": Path("../out"), "dangling_out": out / "none"}
    for name, target in links.items():
        (root / name).symlink_to(target)
        (root / "a" / name).symlink_to(target)
    return root, out


NAMES = st.sampled_from(["a", "f", "in_dir", "out_dir", "in_file", "out_file", "loop",
                         "rel_in", "rel_out", "dangling_out", "..", "missing"])


@settings(max_examples=400, deadline=None)
@given(paths=st.lists(st.lists(NAMES, min_size=1, max_size=6), min_size=1, max_size=6))
@example(paths=[["f", "..", "a", "a"], ["f", "..", "a", "out_dir"]])  # a folder named with ".."
def test_a_path_is_allowed_exactly_when_it_really_is_inside(maze: tuple[Path, Path],
                                                            paths: list[list[str]]) -> None:
    root, _ = maze
    folders = SiteFolders.of(root)  # one per build: its memory of folders must not mislead
    real_root = os.path.realpath(root)
    for parts in paths:
        path = root.joinpath(*parts)
        real = os.path.realpath(path)
        inside = real == real_root or real.startswith(real_root + os.sep)
        assert (folders.escape(path) is None) == inside, parts


class PreviewOutputLinks(AsyncHTTPTestCase):
    """The preview serves nothing outside its output, even where a folder's index is a link."""

    tmp: Path

    def get_app(self):  # type: ignore[no-untyped-def]
        output = self.tmp / "out"
        (output / "inside").mkdir(parents=True)
        (output / "linked").mkdir()
        (output / "dir-link").symlink_to(self.tmp)
        secret = self.tmp / "secret.html"
        secret.write_text(f"<html><body>{SECRET}</body></html>")
        (output / "inside" / "index.html").symlink_to(secret)
        (output / "page.html").write_text("<html><body>kept</body></html>")
        (output / "linked" / "index.html").symlink_to(output / "page.html")
        return application(lambda: SiteView(output, "/"), "127.0.0.1", 8000)

    def test_links_out_are_not_served(self) -> None:
        for path in ("/inside/", "/inside/index.html", "/dir-link/secret.html"):
            response = self.fetch(path, raise_error=False)
            assert response.code == 404, path
            assert SECRET not in response.body.decode(), path

    def test_links_inside_are_served(self) -> None:
        response = self.fetch("/linked/")
        assert response.code == 200 and b"kept" in response.body


@pytest.fixture(autouse=True)
def _tmp_for_app(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.cls is not None:
        request.cls.tmp = tmp_path


# --- writing: briefing import and briefing new --------------------------------


def linked_out(site: Path, folder: str, outside: Path) -> Path:
    """``content/<folder>`` replaced by a link to an empty folder outside the site."""
    target = outside / f"linked-{folder}"
    target.mkdir()
    shutil.rmtree(site / "content" / folder, ignore_errors=True)
    replace_with_link(site / "content" / folder, target)
    return target


@pytest.mark.parametrize("folder", ["articles", "wire"])
def test_import_does_not_write_through_a_folder_linked_out(site: Path, outside: Path,
                                                           tmp_path: Path, folder: str) -> None:
    target = linked_out(site, folder, outside)
    report = tmp_path / "report.txt"
    report.write_text("Harbour bridge approved\n\nThe council approved the bridge on "
                      "Monday, officials said.\n", encoding="utf-8")
    result = run_cli("import", report, "--config", site / "site.yml")
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "outside the site" in result.stderr and str(target) in result.stderr
    assert list(target.iterdir()) == []
    assert not list((site / "content/articles").glob("harbour*"))


def test_new_article_does_not_write_through_a_folder_linked_out(site: Path,
                                                                outside: Path) -> None:
    target = linked_out(site, "articles", outside)
    result = run_cli("new", "article", "Harbour bridge approved", "--config", site / "site.yml")
    assert result.exit_code == 1 and "outside the site" in result.stderr, result.stderr
    assert list(target.iterdir()) == []


def test_a_forced_import_does_not_overwrite_a_file_linked_out(site: Path, outside: Path,
                                                              tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("Harbour bridge approved\n\nThe council approved the bridge.\n",
                      encoding="utf-8")
    assert run_cli("import", report, "--config", site / "site.yml").exit_code == 0
    article = next((site / "content/articles").glob("harbour*.md"))
    replace_with_link(article, outside / "secret.md")
    result = run_cli("import", report, "--force", "--config", site / "site.yml")
    assert result.exit_code == 1 and "outside the site" in result.stderr, result.stderr
    assert SECRET in (outside / "secret.md").read_text()


@pytest.mark.parametrize("relative", ["content/articles/summit-a.md",
                                      "content/annotations/summit-a.yml",
                                      "content/stories/summit-talks.yml"])
def test_a_file_replaced_by_a_link_out_with_the_same_bytes_is_refused(
        site: Path, tmp_path: Path, relative: str):
    """An incremental build judges a file whose time moved by its bytes; a link
    is never trusted so (nor opened): the build that follows refuses it, as a
    build without the cache does (a review found "Up to date" here)."""
    cached = ["build", "--config", site / "site.yml"]
    assert run_cli(*cached).exit_code == 0
    before = read_tree(site / "_site")
    original = site / relative
    copy = tmp_path / "elsewhere" / original.name
    copy.parent.mkdir()
    shutil.copy(original, copy)
    original.unlink()
    original.symlink_to(copy)
    result = run_cli(*cached)
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert "outside the site" in output and "Traceback" not in output
    assert read_tree(site / "_site") == before
