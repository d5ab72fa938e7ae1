"""Messages quote a short, single-line excerpt of a user's value, never the whole of it.

A file that parses to one long text (a password file, a page of prose pasted in
the wrong place) was printed whole into the terminal and the preview's error
page. Each kind of file is tried with long and multi-line values in the places
a message quotes them.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.core.errors import EXCERPT_LIMIT, excerpt
from briefing.core.schema import describe
from tests.conftest import build_errors as failed_build
from tests.conftest import copy_site, run_cli

TAIL = "TAIL-OF-THE-VALUE"  # at the end of every long value: must never be printed
PASSWD = "".join(f"user{i}:x:{i}:{i}:User {i}:/home/user{i}:/bin/sh\n" for i in range(40))
LONG_LINE = "word " * 80 + TAIL
MULTI_LINE = "first line of it\nsecond line\n" + "more text\n" * 30 + TAIL
MESSAGE_LIMIT = 400  # no line of a report is longer than this


def block(text: str, indent: str = "  ") -> str:
    """``text`` as a YAML literal block scalar (keeps its line breaks)."""
    return "|\n" + "".join(f"{indent}{line}\n" for line in text.splitlines())


def assert_excerpted(stderr: str, expected: str) -> None:
    """The report names the problem, quotes no value whole and stays on its lines."""
    assert expected in stderr, stderr
    assert TAIL not in stderr and "user39" not in stderr, stderr
    assert "Traceback" not in stderr
    assert all(len(line) <= MESSAGE_LIMIT for line in stderr.splitlines()), stderr


def set_front_matter(site: Path, key: str, yaml_value: str) -> None:
    """``key: yaml_value`` first in an article's front matter, in place of its own."""
    path = site / "content/articles/summit-a.md"
    text = path.read_text(encoding="utf-8")
    if f"\n{key}:" in text:
        start = text.index(f"\n{key}:") + 1
        end = text.index("\n", start) + 1
        while text[end] == " ":  # the rest of a nested mapping
            end = text.index("\n", end) + 1
        text = text[:start] + text[end:]
    path.write_text(text.replace("---\n", f"---\n{key}: {yaml_value}\n", 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("stories", tmp_path)


def test_an_annotation_file_that_is_one_text(site):
    (site / "content/annotations/summit-a.yml").write_text(PASSWD + TAIL, encoding="utf-8")
    assert_excerpted(failed_build(site), "content/annotations/summit-a.yml:1: annotation "
                     "file must be a mapping of keys to values, not str 'user0:x:0:0:")


def test_an_annotation_file_that_is_one_multi_line_text(site):
    (site / "content/annotations/summit-a.yml").write_text(block(MULTI_LINE),
                                                           encoding="utf-8")
    stderr = failed_build(site)
    assert_excerpted(stderr, "not str 'first line of it⏎second line⏎")


@pytest.mark.parametrize(("key", "message"), [
    ("kind", "'kind': 'first line of it⏎second line⏎"),
    ("id", "'id': 'first line of it⏎second line⏎"),
    ("occurrence", "'occurrence': expected a whole number from 1 up, got str 'first line"),
])
def test_an_annotation_field(site, key, message):
    path = site / "content/annotations/summit-a.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    kind: context\n",
                                 f"    kind: context\n    {key}: {block(MULTI_LINE, '      ')}"
                                 if key != "kind" else f"    kind: {block(MULTI_LINE, '      ')}",
                                 1), encoding="utf-8")
    assert_excerpted(failed_build(site), message)


def test_a_source_url_in_a_note(site):
    path = site / "content/annotations/summit-a.yml"
    text = path.read_text(encoding="utf-8")
    url = json.dumps("https://example.org/" + "a" * 300 + " " + TAIL)
    path.write_text(text.replace("    kind: context\n", "    kind: context\n    sources:\n"
                                 f"      - {{title: T, url: {url}}}\n", 1), encoding="utf-8")
    assert_excerpted(failed_build(site), "'https://example.org/aaaa")


@pytest.mark.parametrize(("key", "message"), [
    ("draft", "'draft': expected true or false, got str 'first line of it⏎"),
    ("story", "'story': 'first line of it⏎second line⏎"),
    ("source", "'source': expected a mapping with the keys name, url, got str 'first"),
    ("date", "got str 'first line of it⏎"),
])
def test_a_front_matter_field(site, key, message):
    set_front_matter(site, key, block(MULTI_LINE).rstrip("\n"))
    assert_excerpted(failed_build(site), message)


def test_a_front_matter_key(site):
    set_front_matter(site, json.dumps(LONG_LINE), "x")
    assert_excerpted(failed_build(site), "unknown key 'word word word")


def test_a_glossary_that_is_one_text(site):
    (site / "content/glossary.yml").write_text(PASSWD + TAIL, encoding="utf-8")
    assert_excerpted(failed_build(site), "content/glossary.yml:1: glossary.yml must be a "
                     "mapping of keys to values, not str 'user0:x:0:0:")


@pytest.mark.parametrize(("entry", "message"), [
    (f"  - term: A\n    definition: D\n    link: {block(MULTI_LINE, '      ')}",
     "'link': 'first line of it⏎"),
    (f"  - term: {json.dumps(LONG_LINE)}\n    definition: D\n"
     f"  - term: {json.dumps(LONG_LINE)}\n    definition: E\n",
     "the term 'word word word"),
    (f"  - term: {json.dumps(LONG_LINE)}\n    definition: D\n"
     f"  - term: B\n    aliases: [{json.dumps(LONG_LINE)}]\n    definition: E\n",
     "is defined twice"),
])
def test_a_glossary_term(site, entry, message):
    (site / "content/glossary.yml").write_text("terms:\n" + entry, encoding="utf-8")
    assert_excerpted(failed_build(site), message)


def test_a_glossary_term_with_no_slug(site):
    name = "?" * 100 + "!" * 100  # nothing to make a slug of
    (site / "content/glossary.yml").write_text(f"terms:\n  - term: {json.dumps(name)}\n"
                                               "    definition: D\n", encoding="utf-8")
    stderr = failed_build(site)
    assert_excerpted(stderr, "cannot make a slug from the term '????")
    assert "!" not in stderr


def test_a_story_that_is_one_text(site):
    (site / "content/stories/summit-talks.yml").write_text(PASSWD + TAIL, encoding="utf-8")
    assert_excerpted(failed_build(site), "content/stories/summit-talks.yml:1: story must be "
                     "a mapping of keys to values, not str 'user0:x:0:0:")


@pytest.mark.parametrize(("key", "message"), [
    ("status", "unknown status 'first line of it⏎"),
    ("date", "got str 'first line of it⏎"),
])
def test_a_story_field(site, key, message):
    path = site / "content/stories/summit-talks.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{key}:")
    end = text.index("\n", start) + 1
    path.write_text(text[:start] + f"{key}: {block(MULTI_LINE)}" + text[end:], encoding="utf-8")
    assert_excerpted(failed_build(site), message)


def test_an_original_path(site):
    set_front_matter(site, "original", json.dumps("/" + LONG_LINE))
    assert_excerpted(failed_build(site), "'original': '/word word")


def test_a_site_yml_that_is_one_text(site):
    (site / "site.yml").write_text(PASSWD + TAIL, encoding="utf-8")
    assert_excerpted(failed_build(site), "site.yml:1: site.yml must be a mapping of keys to "
                     "values, not str 'user0:x:0:0:")


@pytest.mark.parametrize(("key", "message"), [
    ("language", "'language': 'first line of it⏎"),
    ("timezone", "unknown time zone 'first line of it⏎"),
    ("base_url", "'base_url': 'first line of it⏎"),
    ("cname", "'cname': 'first line of it⏎"),
    ("search", "'search': expected true or false, got str 'first line of it⏎"),
])
def test_a_site_yml_field(site, key, message):
    path = site / "site.yml"
    text = path.read_text(encoding="utf-8")
    if f"{key}:" in text:
        start = text.index(f"{key}:")
        text = text[:start] + text[text.index("\n", start) + 1:]
    path.write_text(text + f"{key}: {block(MULTI_LINE)}", encoding="utf-8")
    assert_excerpted(failed_build(site), message)


def test_a_duplicate_key_in_site_yml(site):
    path = site / "site.yml"
    key = json.dumps(LONG_LINE)
    path.write_text(path.read_text(encoding="utf-8") + f"{key}: 1\n{key}: 2\n",
                    encoding="utf-8")
    assert_excerpted(failed_build(site), "key 'word word word")


def test_describe_keeps_other_values_short():
    assert describe("yes") == "str 'yes'"
    assert describe(12) == "int 12"
    assert len(describe(10 ** 200)) <= len("int ") + EXCERPT_LIMIT


def test_excerpt_examples():
    assert excerpt("short") == "short"
    assert excerpt("a\r\nb\rc\nd") == "a⏎b⏎c⏎d"
    assert excerpt("\x1b[2J cleared") == "\\x1b[2J cleared"
    assert excerpt("abc\u202edef") == "abc\\u202edef"
    assert excerpt("x" * EXCERPT_LIMIT) == "x" * EXCERPT_LIMIT
    assert excerpt("x" * (EXCERPT_LIMIT + 1)) == "x" * (EXCERPT_LIMIT - 1) + "…"
    assert excerpt("\x00" * 100, limit=10) == "\\x00\\x00…"


@given(st.text(), st.integers(min_value=1, max_value=100))
def test_an_excerpt_is_short_single_line_and_a_prefix(text, limit):
    shown = excerpt(text, limit)
    assert len(shown) <= limit
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cf") for c in shown)
    kept = shown.removesuffix("…")
    if kept == shown:  # nothing cut off: the whole text, made visible
        assert len(text.replace("\r\n", "\n")) <= limit


def test_a_wire_report_title(site):
    title = "Заголовок " * 30 + "Хвост"  # no ASCII letters: no file name from it
    report = site / "——.txt"
    report.write_text(f"{title}\n\nFirst paragraph of the report.\n\nSecond one.\n",
                      encoding="utf-8")
    result = run_cli("import", report, "--config", site / "site.yml", "--date", "2025-08-08")
    assert result.exit_code == 1, result.stdout
    assert_excerpted(result.stderr, "cannot make a file name from the title 'Заголовок")
    assert "Хвост" not in result.stderr and "…'" in result.stderr
