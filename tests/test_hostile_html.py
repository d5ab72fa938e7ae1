"""Hostile text in every content file comes out as text, wherever briefing builds HTML.

Jinja's autoescape covers the templates; these tests cover the places that build
HTML without it: the annotation rule's hand-made tokens (the numbered reference,
the group of asides, the ``<mark>`` attributes), the glossary rule's link
attributes, heading ids, Markdown rendered into ``Markup``, the notes written as
Markdown footnotes (``index.md`` and the feeds), JSON-LD in ``<script>``, the
comparison's word diff and the preview's error page.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from briefing.compare.diff import diff_words, render_html
from briefing.preview.errorpage import error_page
from tests.conftest import read_tree, run_cli
from tests.test_security import DANGEROUS_URL, OWN_SCRIPT, parsed_tags

IMG = "<img src=x onerror=alert(document.domain)>"
BREAK_OUT = '" onmouseover="alert(1)'  # leaves a double-quoted attribute value
RATING = f'{IMG} {BREAK_OUT} & </span></a>'
MARKDOWN_RATING = "Mostly **true** [x](https://evil.example/) & <b>"
STORY_TITLE = "Story <img src=x onerror=alert('story')> \" x=\"1 </script>"

SITE = {
    "site.yml": f"""\
title: "Desk <img src=x onerror=alert('site')> \\" onmouseover=\\"alert(1)"
description: "</script><script>alert('desc')</script> & more"
base_url: https://example.org/x/
publisher:
  name: "<b>Desk</b> \\" x=\\"1"
""",
    "content/articles/attack.md": """\
---
title: "Attack \\" onmouseover=\\"alert('title') </script><script>alert(1)</script>"
dek: "<img src=x onerror=alert('dek')> & co"
date: 2025-08-08
story: hostile-story
source:
  name: "Agency <img src=x onerror=alert('src')>"
tags: ["<svg onload=alert('tag')>"]
---

The minister spoke about the Tom & Jerry <img> pact on Friday in Geneva.

## Heading <img src=x onerror=alert('h2')> " x="1

“We have wasted <img src=x onerror=alert('diff')> many years,” Petrova said.
""",
    "content/articles/second.md": """\
---
title: Second report
date: 2025-08-09
story: hostile-story
---

“We have lost <svg onload=alert('diff2')> many years,” Petrova said.
""",
    "content/annotations/attack.yml": f"""\
article: attack
annotations:
  - id: check
    quote: spoke about the
    kind: fact-check
    rating: {json.dumps(RATING)}
    title: "<img src=x onerror=alert('ntitle')>"
    body: "<script>alert('body')</script> \\" & </aside>"
    author: "<svg onload=alert('author')>"
    date: 2025-08-08
    sources:
      - title: "<img src=x onerror=alert('srctitle')> \\""
        url: "https://example.org/?a=1&b=2"
  - id: quote
    quote: on Friday
    kind: quote-check
    rating: {json.dumps(MARKDOWN_RATING)}
    body: Fine.
""",
    "content/glossary.yml": """\
terms:
  - term: Tom & Jerry
    definition: "<img src=x onerror=alert('def')> \\" & </div>"
    links:
      - {title: "<img src=x onerror=alert('link')>", url: "https://example.org/t?a=1&b=2"}
  - term: Geneva
    aliases: ["<svg onload=alert('alias')>"]
    definition: A city.
""",
    "content/stories/hostile-story.yml": f"""\
title: {json.dumps(STORY_TITLE)}
date: 2025-08-09
summary: "<script>alert('summary')</script> & *more*"
why_it_matters: "<iframe src=javascript:alert(1)>"
key_points:
  - "<img src=x onerror=alert('kp')>"
status: developing
""",
}
LIVE_TAGS = {"img", "svg", "iframe", "b", "object", "embed"}


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "site.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = write_site(tmp_path_factory.mktemp("hostile"), SITE)
    result = run_cli("build", "--config", config)
    assert result.exit_code == 0, result.stderr
    return config.parent / "_site"


def html_pages(output: Path) -> dict[str, str]:
    return {path: data.decode() for path, data in read_tree(output).items()
            if path.endswith(".html")}


def assert_no_live_markup(where: str, html: str) -> None:
    """No element or attribute that came from content: only the theme's own scripts,
    no event handlers, no attribute a ``"`` could have opened, no script URLs."""
    for tag, attrs in parsed_tags(html):
        if tag == "script":
            assert attrs == {"type": "application/ld+json"} \
                or OWN_SCRIPT.match(attrs.get("src") or ""), (where, attrs)
            continue
        assert tag not in LIVE_TAGS, (where, tag, attrs)
        assert not any(name.startswith("on") or name == "x" for name in attrs), \
            (where, tag, attrs)
        for name in ("href", "src"):
            assert not DANGEROUS_URL.match(attrs.get(name) or ""), (where, tag, attrs)


class _ReferenceLabels(HTMLParser):
    """The hidden label text of each numbered note reference (``sup.annotation-ref``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[str] = []
        self._in_sup = False
        self._depth = 0  # elements open inside the label being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += 1
        elif tag == "sup" and ("class", "annotation-ref") in attrs:
            self._in_sup = True
        elif self._in_sup and tag == "span" and ("class", "visually-hidden") in attrs:
            self._depth = 1
            self.labels.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
        elif tag == "sup":
            self._in_sup = False

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.labels[-1] += data


def reference_labels(html: str) -> list[str]:
    parser = _ReferenceLabels()
    parser.feed(html)
    return parser.labels


def test_no_page_carries_live_markup_from_content(built):
    pages = html_pages(built)
    assert {"articles/attack/index.html", "stories/hostile-story/index.html",
            "glossary/tom-jerry/index.html", "glossary/index.html", "index.html"} <= set(pages)
    for path, html in pages.items():
        assert_no_live_markup(path, html)


def test_a_rating_is_text_in_the_numbered_reference(built):
    """The reference is an html_inline token: markdown-it writes it unescaped."""
    html = (built / "articles/attack/index.html").read_text(encoding="utf-8")
    assert reference_labels(html) == [f"Fact check: {RATING} ",
                                      f"Quote check: {MARKDOWN_RATING} "]
    assert str(escape(f"Fact check: {RATING} ")) in html


def test_a_rating_is_text_in_the_markdown_copies(built):
    """index.md and the feeds show notes as footnotes: the rating is not Markdown."""
    markdown = (built / "articles/attack/index.md").read_text(encoding="utf-8")
    assert r"\[x\](https://evil.example/)" in markdown
    assert "&lt;img src=x onerror=alert(document.domain)>" in markdown  # "<" made text: no tag
    feed = json.loads((built / "feed.json").read_text(encoding="utf-8"))
    content = next(item["content_html"] for item in feed["items"]
                   if item["url"].endswith("/attack/"))
    assert "evil.example" in content and 'href="https://evil.example' not in content
    assert "<strong>true</strong>" not in content
    assert_no_live_markup("feed.json", content)
    atom = (built / "feed.xml").read_text(encoding="utf-8")
    assert "href=&quot;https://evil.example" not in atom


def test_the_asides_and_marks_hold_only_escaped_note_fields(built):
    """The group of asides is an html_block token built from the theme's output."""
    html = (built / "articles/attack/index.html").read_text(encoding="utf-8")
    group = html.split('<div class="annotation-group">', 1)[1].split("</div>\n", 1)[0]
    assert "&lt;script&gt;alert(‘body’)&lt;/script&gt;" in html
    assert_no_live_markup("annotation group", group)
    marks = [attrs for tag, attrs in parsed_tags(html) if tag == "mark"]
    assert {m["data-annotation"] for m in marks} == {"check", "quote"}


def test_json_ld_stays_inside_its_script_element(built):
    found = set()
    for path, html in html_pages(built).items():
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S):
            assert "<" not in block and ">" not in block and "&" not in block, path
            found.add(json.loads(block)["@type"])
            if '"ClaimReview"' in block:
                assert json.loads(block)["reviewRating"]["alternateName"] == RATING
    assert {"NewsArticle", "ClaimReview", "DefinedTerm"} <= found


def test_term_links_and_heading_ids_are_slugs(built):
    html = (built / "articles/attack/index.html").read_text(encoding="utf-8")
    terms = [attrs for tag, attrs in parsed_tags(html) if attrs.get("data-term")]
    assert {a["data-term"] for a in terms} == {"tom-jerry", "geneva"}
    ids = [attrs["id"] for tag, attrs in parsed_tags(html) if tag == "h2" and "id" in attrs]
    assert "heading-img-src-x-onerror-alert-h2-x-1" in ids


def test_story_page_escapes_its_fields_and_the_word_diff(built):
    html = (built / "stories/hostile-story/index.html").read_text(encoding="utf-8")
    assert "<del>wasted &lt;img src=x onerror=alert(‘diff’)&gt;</del>" in html
    assert "&lt;script&gt;alert(‘summary’)&lt;/script&gt;" in html
    assert "&lt;iframe src=javascript:alert(1)&gt;" in html


def test_word_diff_escapes_every_word():
    html = render_html(diff_words("a <img src=x onerror=alert(1)> &",
                                  "a <svg onload=alert(2)> &"))
    assert_no_live_markup("diff", html)
    assert "&lt;img" in html and "&lt;svg" in html and "&amp;" in html


def test_the_preview_error_page_escapes_messages():
    page = error_page([f"content/x.yml:1: {RATING}"], b"").decode()
    assert_no_live_markup("error page", page)
    assert "&lt;img src=x onerror=alert(document.domain)&gt;" in page


@pytest.mark.parametrize(("name", "edit"), [
    ("note id", ("content/annotations/attack.yml", "id: check", f"id: {json.dumps(BREAK_OUT)}")),
    ("term id", ("content/glossary.yml", "  - term: Geneva\n",
                 f"  - term: Geneva\n    id: {json.dumps(BREAK_OUT)}\n")),
    ("article slug", ("content/articles/second.md", "title: Second report\n",
                      f"title: Second report\nslug: {json.dumps(IMG)}\n")),
])
def test_ids_that_reach_attributes_must_be_slugs(tmp_path, name, edit):
    """Note ids, term ids and slugs go into id/href/data- attributes unescaped by
    markdown-it's html tokens; only slugs are accepted for them."""
    path, old, new = edit
    files = dict(SITE)
    assert old in files[path], name
    files[path] = files[path].replace(old, new, 1)
    result = run_cli("build", "--config", write_site(tmp_path, files))
    assert result.exit_code == 1, name
    assert "is not a slug" in result.stderr and "Traceback" not in result.stderr


def test_a_story_file_name_must_be_a_slug(tmp_path):
    files = {("content/stories/x onerror=alert(1).yml" if k.endswith("hostile-story.yml")
              else k): v for k, v in SITE.items()}
    result = run_cli("build", "--config", write_site(tmp_path, files))
    assert result.exit_code == 1
    assert "is not a usable slug" in result.stderr and "Traceback" not in result.stderr
