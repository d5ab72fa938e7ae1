"""Plain pages (content/pages/<slug>.md): loading and its errors, slugs that
clash with what a build writes, rendering with glossary links, the site menu,
the sitemap, the search index, and incremental builds."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.config.layout import BUILT_IN_PATHS
from briefing.engine.incremental import BuildCache
from tests.conftest import build_errors as errors_of
from tests.conftest import REPO, copy_site, read_tree, run_cli
from tests.conftest import build_site as built


def write_page(site: Path, name: str, text: str) -> Path:
    path = site / "content/pages" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


# Loading


def test_a_page_is_rendered_at_its_slug_with_title_and_description(trust_site):
    out = built(trust_site)
    html = (out / "about/index.html").read_text()
    assert "<title>About the desk · Trust Fixture</title>" in html
    assert '<meta name="description" content="Who writes this briefing &amp; how its ' \
           'reports are checked.">' in html
    assert '<h1 class="page-title">About the desk</h1>' in html
    assert '<h2 id="corrections">Corrections</h2>' in html
    assert '<link rel="canonical" href="https://example.github.io/repo/about/">' in html
    assert (out / "contact/index.html").is_file()


def test_unknown_key_is_an_error_at_its_line_with_a_suggestion(trust_site):
    write_page(trust_site, "policy.md", "---\ntitle: Policy\ndescripton: Ours.\n---\n\nText.\n")
    stderr = errors_of(trust_site)
    assert "content/pages/policy.md:3: unknown key 'descripton' in front matter" in stderr
    assert "did you mean 'description'" in stderr


def test_a_picture_in_a_page_is_an_error_at_its_line(trust_site):
    """It came out as a raw <img> without the site's path, its file never
    published, and nothing said."""
    write_page(trust_site, "office.md",
               "---\ntitle: Our office\n---\n\nWe work here.\n\n![The office](office.jpg)\n")
    stderr = errors_of(trust_site)
    assert "content/pages/office.md:7: a page does not show pictures (put the picture in an " \
        "article, or in static/ and link to it)" in stderr


def test_title_is_required_and_menu_must_be_a_whole_number(trust_site):
    write_page(trust_site, "policy.md", "---\ndescription: Ours.\nmenu: first\n---\n\nText.\n")
    stderr = errors_of(trust_site)
    assert "content/pages/policy.md:2: front matter is missing the required key 'title'" \
        in stderr
    assert "content/pages/policy.md:3: 'menu': expected a whole number" in stderr


def test_missing_front_matter_and_broken_yaml_are_errors_at_their_lines(trust_site):
    write_page(trust_site, "plain.md", "Just text.\n")
    write_page(trust_site, "broken.md", "---\ntitle: [Broken\n---\n\nText.\n")
    stderr = errors_of(trust_site)
    assert "content/pages/plain.md:1: the file must start with YAML front matter " \
           "between two '---' lines (title: at least)" in stderr
    assert "content/pages/broken.md:" in stderr and "front matter:" in stderr


def test_a_file_name_that_is_no_slug_is_an_error_with_the_name_to_use(trust_site):
    write_page(trust_site, "Our Policy.md", "---\ntitle: Policy\n---\n\nText.\n")
    stderr = errors_of(trust_site)
    assert "content/pages/Our Policy.md:1: the file name 'Our Policy.md' is not a usable slug" \
        in stderr
    assert "rename it to 'our-policy.md'" in stderr


def test_a_file_that_is_not_markdown_is_ignored_with_a_warning(trust_site):
    write_page(trust_site, "notes.txt", "scratch\n")
    result = run_cli("build", "--config", trust_site / "site.yml")
    assert result.exit_code == 0
    assert "content/pages/notes.txt: warning: ignored: pages must be Markdown files" in result.stderr
    assert not (trust_site / "_site/notes").exists()


def test_a_link_out_of_the_site_is_refused(trust_site, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\n---\n\nThe password.\n")
    (trust_site / "content/pages/secret.md").symlink_to(outside)
    stderr = errors_of(trust_site)
    assert "content/pages/secret.md: a symbolic link to " in stderr
    assert "password" not in stderr


# Slugs that clash with the build's own files


@pytest.mark.parametrize(("name", "clash"), [
    ("tags", "tags"), ("corrections", "corrections"), ("feed", "feed.xml"),
    ("sitemap", "sitemap.xml"), ("404", "404.html"), ("index", "index.html"),
    ("methodology", "methodology"), ("pagefind", "pagefind"), ("cname", "CNAME")])
def test_a_slug_that_clashes_with_a_built_in_url_is_an_error_naming_both(
        trust_site, name, clash):
    write_page(trust_site, f"{name}.md", "---\ntitle: Mine\n---\n\nText.\n")
    stderr = errors_of(trust_site)
    assert f"content/pages/{name}.md:1: the page '{name}' would be at /{name}/, which " \
           f"clashes with the built-in '{clash}' of every build" in stderr


def test_every_top_level_output_of_a_real_build_is_a_built_in_name(tmp_path):
    site = copy_site("trust", tmp_path)  # search on: the index's folder too
    with (site / "site.yml").open("a") as f:
        f.write("cname: news.example.org\n")
    out = built(site)
    pages = {p.stem for p in (site / "content/pages").glob("*.md")}
    assert pages
    top = {path.name for path in out.iterdir()} - pages
    assert "pagefind" in top and "CNAME" in top and "glossary" in top
    assert top <= set(BUILT_IN_PATHS), top - set(BUILT_IN_PATHS)


# Rendering


def test_glossary_terms_are_linked_at_first_mention_with_their_definition(trust_site):
    html = (built(trust_site) / "about/index.html").read_text()
    assert html.count('<a class="term" data-term="fact-check" '
                      'href="/repo/glossary/fact-check/" '
                      'aria-describedby="term-definition-fact-check">fact-check</a>') == 1
    assert "a second fact-check\nmention" in html  # the second mention is plain text
    assert '<div id="term-definition-fact-check" class="term-popover" popover>' in html
    assert "static/terms.js" in html
    contact = (trust_site / "_site/contact/index.html").read_text()
    assert "term-popover" not in contact and "terms.js" not in contact


def test_content_is_escaped(trust_site):
    write_page(trust_site, "odd.md", '---\ntitle: "<b>Bold</b> & co"\n'
               'description: "<i>x</i>"\n---\n\n<script>alert(1)</script>\n')
    html = (built(trust_site) / "odd/index.html").read_text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<i>x</i>" not in html


def test_pages_with_menu_are_in_every_pages_header_in_menu_order(trust_site):
    write_page(trust_site, "ethics.md", "---\ntitle: Ethics\nmenu: 2\n---\n\nText.\n")
    write_page(trust_site, "aardvark.md", "---\ntitle: Aardvark\n---\n\nNot in the menu.\n")
    out = built(trust_site)
    expected = ('<nav class="site-menu" aria-label="Site">\n  <ul>\n'
                '    <li><a href="/repo/about/">About the desk</a></li>\n'
                '    <li><a href="/repo/contact/">Contact</a></li>\n'  # menu 2, then by title
                '    <li><a href="/repo/ethics/">Ethics</a></li>\n  </ul>\n</nav>')
    for page in ("index.html", "articles/budget-vote/index.html", "404.html",
                 "corrections/index.html", "aardvark/index.html"):
        assert expected in (out / page).read_text(), page
    about = (out / "about/index.html").read_text()
    assert '<a href="/repo/about/" aria-current="page">About the desk</a>' in about


def test_without_menu_pages_there_is_no_menu_markup(trust_site):
    for path in (trust_site / "content/pages").glob("*.md"):
        path.write_text(path.read_text().replace("menu:", "# menu:"))
    out = built(trust_site)
    assert (out / "about/index.html").is_file()
    assert not any("site-menu" in p.read_text() for p in out.rglob("*.html"))


def test_pages_are_in_the_sitemap_and_not_in_feeds(trust_site):
    out = built(trust_site)
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.github.io/repo/about/</loc>" in sitemap
    assert "<loc>https://example.github.io/repo/contact/</loc>" in sitemap
    for feed in ("feed.xml", "feed.json", "corrections/feed.xml"):
        assert "/about/" not in (out / feed).read_text()


def test_pages_are_in_the_search_index(tmp_path):
    out = built(copy_site("trust", tmp_path))
    assert "data-pagefind-body" in (out / "about/index.html").read_text()
    indexed = set()
    for fragment in (out / "pagefind/pages/fragment").iterdir():  # the shard of pages
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        indexed.add(json.loads(data)["url"])
    assert {"/about/", "/contact/"} <= indexed


def test_a_term_used_only_on_a_page_is_not_reported_unused(trust_site):
    unused = "the term 'fact-check' is not mentioned in any article, note, story or page"
    assert unused not in run_cli("build", "--config", trust_site / "site.yml").stderr
    (trust_site / "content/pages/about.md").unlink()
    assert unused in run_cli("build", "--config", trust_site / "site.yml").stderr


# Incremental builds


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(config_path=site / "site.yml", output_dir=out))
    return read_tree(out)


def test_page_edits_build_incrementally_as_a_clean_build_would(trust_site, tmp_path):
    pages = trust_site / "content/pages"
    edits = [
        lambda: (pages / "about.md").write_text(
            (pages / "about.md").read_text().replace("About the desk", "About us")),
        lambda: (pages / "contact.md").write_text(
            (pages / "contact.md").read_text().replace("menu: 2", "menu: 0")),
        lambda: write_page(trust_site, "ethics.md", "---\ntitle: Ethics\nmenu: 3\n---\n\n"
                           "Every fact-check is signed.\n"),
        lambda: (pages / "about.md").write_text(
            (pages / "about.md").read_text().replace("Every\nfact-check", "Each\nnote")),
        lambda: (pages / "contact.md").unlink(),
        lambda: (pages / "ethics.md").unlink(),
    ]
    cache = BuildCache()
    incremental = tmp_path / "incremental"
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=incremental)
    build(options, cache=cache)
    for step, edit in enumerate(edits):
        edit()
        build(options, cache=cache)
        assert read_tree(incremental) == clean_build(trust_site, tmp_path / "clean"), step
    assert b"About us" in (incremental / "articles/budget-vote/index.html").read_bytes()
    assert not (incremental / "contact").exists()


# The example briefing


def test_the_example_has_an_about_page_in_its_menu(tmp_path):
    out = tmp_path / "_site"
    result = run_cli("build", "--config", REPO / "site.yml", "--out", out)
    assert result.exit_code == 0, result.stderr
    about = (out / "about/index.html").read_text()
    assert '<a href="/briefing/about/" aria-current="page">About</a>' in about
    assert 'class="term"' in about  # the example's glossary is linked there too
    assert '<a href="/briefing/about/">About</a>' in (out / "index.html").read_text()


def test_a_page_body_edit_renders_no_article_but_a_menu_title_edit_renders_all(trust_site,
                                                                                tmp_path):
    about = trust_site / "content/pages/about.md"
    cache = BuildCache()
    options = BuildOptions(config_path=trust_site / "site.yml", output_dir=tmp_path / "out")
    build(options, cache=cache)
    assert cache.rendered == 2
    about.write_text(about.read_text().replace("Mistakes are", "Errors are"))
    build(options, cache=cache)
    assert cache.rendered == 0  # the body shows only on its own page
    assert b"Errors are" in (tmp_path / "out/about/index.html").read_bytes()
    about.write_text(about.read_text().replace("title: About the desk", "title: About us"))
    build(options, cache=cache)
    assert cache.rendered == 2  # the menu on every article page changed
