"""Messages that mislead: each names the file and line, says what is wrong and the fix.

A site written by ``briefing init`` (an article with notes, a glossary term, a
story) is broken in one careless way at a time; the check must report that one
mistake where it is, and nothing that follows from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.core.yamlio import load_yaml
from tests.conftest import run_cli

ARTICLE = "content/articles/council-approves-harbour-bridge.md"
NOTES = "content/annotations/council-approves-harbour-bridge.yml"
GLOSSARY = "content/glossary.yml"
STORY = "content/stories/harbour-bridge.yml"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    result = run_cli("init", tmp_path / "site", "--title", "Harbour Weekly")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "site"


def _edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(site: Path) -> tuple[int, list[str]]:
    """Exit code and the lines the check printed to stderr, "Failed" left out."""
    result = run_cli("check", "--config", site / "site.yml")
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Failed:")]
    return result.exit_code, lines


def _line_of(site: Path, name: str, needle: bytes) -> int:
    data = (site / name).read_bytes()
    return data[:data.index(needle)].count(b"\n") + 1


# --- errors in an article do not make its notes or story look broken ---------------


@pytest.mark.parametrize(("old", "new"), [
    ("tags: [Transport, City council]", "tags: Transport, Labour"),
    ("title: City council approves", "title: Bridge: City council approves"),
    ("date: 20", "date: [20"),
    ("---\n# An example", "# An example"),
])
def test_an_article_with_errors_is_the_only_error(site: Path, old: str, new: str) -> None:
    _edit(site, ARTICLE, old, new)
    code, lines = _check(site)
    assert code == 1
    assert lines and all(line.startswith(ARTICLE) for line in lines), lines


def test_notes_of_a_broken_article_with_its_own_slug_are_not_orphans(site: Path) -> None:
    article = site / ARTICLE
    article.rename(article.with_name("Bridge Vote.md"))
    _edit(site, "content/articles/Bridge Vote.md", "tags:",
          "slug: council-approves-harbour-bridge\ntags:")
    _edit(site, "content/articles/Bridge Vote.md", "  name: Example", "\tname: Example")
    code, lines = _check(site)
    assert code == 1
    assert all(line.startswith("content/articles/Bridge Vote.md") for line in lines), lines


def test_notes_on_a_missing_article_are_still_reported(site: Path) -> None:
    _edit(site, NOTES, "article: council-approves-harbour-bridge", "article: harbour-bridges")
    code, lines = _check(site)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{NOTES}:2: no article has the slug 'harbour-bridges'")


def test_notes_on_an_article_that_set_its_own_slug_say_so(site: Path) -> None:
    """A review: the notes failed with "no article has the slug" and nothing
    said the article's 'slug:' had named it otherwise."""
    _edit(site, ARTICLE, "title: City council", "slug: vote-on-the-crossing\ntitle: City council")
    code, lines = _check(site)
    assert code == 1
    assert lines == [f"{NOTES}:2: no article has the slug 'council-approves-harbour-bridge' "
                     "(articles/council-approves-harbour-bridge.md is there: if its front "
                     "matter sets 'slug:', name that slug here)"]


def test_notes_that_are_text_are_told_at_their_line(site: Path) -> None:
    path = site / NOTES
    path.write_text(path.read_text(encoding="utf-8").split("annotations:")[0]
                    + "annotations: hello\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    _, lines = _check(site)
    assert lines == [f"{NOTES}:{line}: 'annotations' must be a list of notes, each starting "
                     "with '- id:'"]


# --- a text where a list belongs -------------------------------------------------


def test_a_comma_separated_text_suggests_the_list_it_meant(site: Path) -> None:
    _edit(site, ARTICLE, "tags: [Transport, City council]", "tags: Transport, Labour")
    _, lines = _check(site)
    assert lines == [f"{ARTICLE}:9: 'tags': expected a list, e.g. [Transport, Labour], "
                     "got a single text"]


def test_authors_and_aliases_split_the_same_way(site: Path) -> None:
    _edit(site, ARTICLE, "authors: [Desk editor]", "authors: Ana Ruiz, Bo Li")
    _edit(site, GLOSSARY, "  - term: Harbour Authority\n",
          "  - term: Harbour Authority\n    aliases: the Authority, HA\n")
    _, lines = _check(site)
    assert f"{ARTICLE}:8: 'authors': expected a list, e.g. [Ana Ruiz, Bo Li], " \
        "got a single text" in lines
    assert f"{GLOSSARY}:4: 'aliases': expected a list, e.g. [the Authority, HA], " \
        "got a single text" in lines


def test_key_points_are_not_split_on_commas(site: Path) -> None:
    _edit(site, STORY, "key_points:\n  - The council voted 31 to 9 in favour.\n"
          "  - The council", "key_points: The vote passed, 31 to 9. The council")
    _, lines = _check(site)
    [line] = [line for line in lines if "key_points" in line]
    assert "put each point on a line of its own that starts with '- '" in line
    assert "[" not in line


def test_a_single_source_text_suggests_a_list_of_mappings(site: Path) -> None:
    _edit(site, NOTES, "    author: Briefing desk", "    sources: Council planning report\n"
          "    author: Briefing desk")
    _, lines = _check(site)
    assert lines == [f"{NOTES}:11: 'sources': expected a list of source entries, got str "
                     "'Council planning report'; write it as a list of mappings, e.g. "
                     "[{title: Council planning report}]"]


def test_a_source_mapping_without_a_dash_says_to_add_one(site: Path) -> None:
    _edit(site, NOTES, "    author: Briefing desk", "    sources:\n      title: Report\n"
          "    author: Briefing desk")
    _, lines = _check(site)
    assert len(lines) == 1 and "put '- ' before its first key" in lines[0], lines


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                        min_size=1).filter(lambda t: t.strip() and "," not in t),
                min_size=1, max_size=4))
def test_the_suggested_list_reads_back_as_the_items(items: list[str]) -> None:
    from briefing.core.schema import flow_list

    data, _ = load_yaml(f"tags: {flow_list(items)}\n")
    assert [str(item) for item in data["tags"]] == [item.strip() for item in items]


# --- YAML syntax in an editor's words ---------------------------------------------


def test_a_tab_used_as_indentation_is_named(site: Path) -> None:
    _edit(site, ARTICLE, "  name: Example", "\tname: Example")
    _, lines = _check(site)
    assert lines == [f"{ARTICLE}:7: front matter: invalid YAML: tabs cannot indent YAML; "
                     "indent this line with spaces"]


def test_a_tab_in_a_yaml_file_is_named(site: Path) -> None:
    _edit(site, GLOSSARY, "    definition: |", "\tdefinition: |")
    _, lines = _check(site)
    assert lines == [f"{GLOSSARY}:4: invalid YAML: tabs cannot indent YAML; "
                     "indent this line with spaces"]


def test_an_unquoted_colon_says_to_quote_the_value(site: Path) -> None:
    _edit(site, ARTICLE, "title: City council approves", "title: Bridge: City council approves")
    _, lines = _check(site)
    assert lines == [f"{ARTICLE}:3: front matter: invalid YAML: quote the value of 'title': "
                     "it contains ': ' (write title: \"Bridge: City council approves a bridge "
                     "across the harbour\")"]


def test_an_unquoted_colon_in_a_list_item(site: Path) -> None:
    _edit(site, NOTES, "    title: Where the figure", "    title: Cost: where the figure")
    _, lines = _check(site)
    assert len(lines) == 1 and lines[0].startswith(f"{NOTES}:7: invalid YAML: quote the value "
                                                   "of 'title': it contains ': '"), lines


def test_an_unclosed_quote_is_told_at_its_own_line(site: Path) -> None:
    """YAML complained where it stopped reading, the end of the front matter or
    the next quoted value (a review: 'did not find expected key' at line 13)."""
    _edit(site, ARTICLE, "title: City council approves a bridge across the harbour",
          'title: "City council approves a bridge across the harbour')
    _, lines = _check(site)
    assert len(lines) == 1 and lines[0].startswith(
        f"{ARTICLE}:3: front matter: invalid YAML: the quoted value that starts on this "
        "line is never closed, so YAML read on to line"), lines
    assert lines[0].endswith('; end it with "'), lines


def test_a_key_indented_under_a_value_is_told_so(site: Path) -> None:
    _edit(site, NOTES, "    kind: context", "      kind: context")
    _, lines = _check(site)
    assert lines == [f"{NOTES}:6: invalid YAML: this line is indented more than 'quote' on "
                     "line 5, which has a value already; line it up with the keys it "
                     "belongs with"]


def test_front_matter_left_open_says_so(site: Path) -> None:
    """Without its closing '---', front matter ran on to a rule in the text and
    YAML complained about a paragraph (a review: "could not find expected ':'")."""
    path = site / ARTICLE
    lines = path.read_text(encoding="utf-8").split("\n")
    closing = [number for number, line in enumerate(lines) if line == "---"][1]
    del lines[closing]
    path.write_text("\n".join([*lines, "", "---", "", "More text.", ""]), encoding="utf-8")
    _, output = _check(site)
    assert len(output) == 1 and f"(is the front matter's closing '---' missing? The '---' " \
        f"on line {len(lines) + 2} closed it; add one before line {closing + 1})" \
        in output[0], output


# --- bytes that are not text, with their line and column ----------------------------


@pytest.mark.parametrize("name", [ARTICLE, NOTES, GLOSSARY, STORY, "site.yml"])
def test_not_utf8_gives_line_and_column(site: Path, name: str) -> None:
    path = site / name
    data = path.read_bytes()
    at = data.rindex(b"\n", 0, len(data) - 1) + 1  # the last line
    path.write_bytes(data[:at] + b"ab\xe9" + data[at:])
    line = data[:at].count(b"\n") + 1
    _, lines = _check(site)
    assert f"{name}:{line}: not UTF-8 text: byte 0xe9 at column 3 (invalid continuation " \
        "byte) (save the file as UTF-8)" in lines, lines


@pytest.mark.parametrize(("name", "needle"), [
    (ARTICLE, b"dek:"), (NOTES, b"    kind:"), (GLOSSARY, b"terms:"), (STORY, b"title:"),
    ("site.yml", b"base_url:")])
def test_a_nul_character_gives_line_and_column(site: Path, name: str, needle: bytes) -> None:
    path = site / name
    data = path.read_bytes()
    line = _line_of(site, name, needle)
    path.write_bytes(data.replace(needle, needle + b" x\x00", 1))
    _, lines = _check(site)
    column = len(needle) + 3
    prefix = "front matter: " if name == ARTICLE else ""
    assert f"{name}:{line}: {prefix}a NUL character (U+0000) at column {column}: YAML cannot " \
        "hold control characters; delete it" in lines, lines


def test_byte_position_counts_lines_as_read_text_does() -> None:
    from briefing.core.files import byte_position

    assert byte_position(b"a\r\nb\rc\n\xc3\xa9x\xff", 10) == (4, 3)


# --- a glossary name defined twice ---------------------------------------------------


def test_a_term_defined_twice_is_one_error_at_the_second(site: Path) -> None:
    with (site / GLOSSARY).open("a", encoding="utf-8") as f:
        f.write("  - term: Harbour authority\n    definition: The port's owner.\n")
    _, lines = _check(site)
    assert lines == [f"{GLOSSARY}:10: the term 'Harbour authority' is already defined on "
                     "line 3 (merge the two entries into one, or remove this one)"]


# --- the output folder: the refusal names what is in the way ---------------------------


def test_a_foreign_output_folder_is_a_usage_error_naming_its_files(site: Path,
                                                                   tmp_path: Path) -> None:
    foreign = tmp_path / "precious"
    (foreign / "chapters").mkdir(parents=True)
    for index in range(7):
        (foreign / f"note-{index}.txt").write_text("mine")
    result = run_cli("build", "--config", site / "site.yml", "--out", foreign)
    assert result.exit_code == 2
    assert "it holds chapters/, note-0.txt, note-1.txt, note-2.txt, note-3.txt and 3 more" \
        in result.stderr
    assert (foreign / "note-6.txt").read_text() == "mine"


def test_files_added_to_a_build_are_named_once_per_folder(site: Path) -> None:
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    (site / "_site/mine/deep").mkdir(parents=True)
    (site / "_site/mine/deep/a.txt").write_text("mine")
    (site / "_site/notes.txt").write_text("mine")
    result = run_cli("build", "--config", site / "site.yml", "--no-cache")
    assert result.exit_code == 1
    assert "holds files briefing did not write (mine/, notes.txt)" in result.stderr


def test_an_output_dir_setting_naming_a_file_is_a_usage_error(site: Path) -> None:
    (site / "_site").write_text("not a folder")
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 2
    assert "exists and is not a directory" in result.stderr


def test_out_naming_a_file_is_a_usage_error(site: Path) -> None:
    (site / "file").write_text("x")
    assert run_cli("build", "--config", site / "site.yml", "--out", site / "file"
                   ).exit_code == 2


# --- usage: empty arguments are refused before anything is written -------------------


@pytest.mark.parametrize("title", ["", "   ", "!!!"])
def test_new_article_refuses_a_title_without_a_name(site: Path, title: str) -> None:
    before = sorted((site / "content/articles").iterdir())
    result = run_cli("new", "article", title, "--config", site / "site.yml")
    assert result.exit_code == 2
    assert "title" in result.stderr
    assert sorted((site / "content/articles").iterdir()) == before


@pytest.mark.parametrize(("args", "message"), [
    (("--title", ""), "--title: must not be empty"),
    (("--title", "  "), "--title: must not be empty"),
    (("--base-url", ""), "--base-url: must not be empty"),
    (("--base-url", "example.org"), "--base-url: 'example.org' is not an absolute"),
])
def test_init_refuses_options_the_first_build_would_reject(tmp_path: Path, args: tuple[str, ...],
                                                           message: str) -> None:
    result = run_cli("init", tmp_path / "new", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("folder", ["", "  "])
def test_init_refuses_an_empty_folder_name(folder: str) -> None:
    result = run_cli("init", folder)
    assert result.exit_code == 2
    assert "must not be empty" in result.stderr


def test_import_refuses_a_bad_source_url_as_usage(site: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("BRIDGE VOTE\n\nThe council voted on Tuesday.\n")
    result = run_cli("import", report, "--config", site / "site.yml", "--source-url", "bad")
    assert result.exit_code == 2
    assert "--source-url 'bad' is not an absolute http(s) URL" in result.stderr


def test_import_gives_the_line_of_a_byte_that_is_not_utf8(site: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(b"BRIDGE VOTE\n\nThe caf\xe9 voted.\n")
    result = run_cli("import", report, "--config", site / "site.yml")
    assert result.exit_code == 1
    assert "not UTF-8 text: byte 0xe9 at line 3, column 8" in result.stderr


# --- a NUL in an article's Markdown -------------------------------------------------


@pytest.mark.parametrize("character, name", [("\a", "the control character U+0007"),
                                             ("\x1b", "the control character U+001B"),
                                             ("\x85", "the control character U+0085")])
def test_a_control_character_in_the_body_is_an_error_at_its_line(
        site: Path, character: str, name: str) -> None:
    """A review: a BEL (U+0007) went into the HTML as it was."""
    path = site / ARTICLE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body_start = next(i for i, line in enumerate(lines) if i > 0 and line == "---\n") + 2
    lines[body_start] = f"Twelve{character} words.\tTabbed." + lines[body_start]
    path.write_text("".join(lines), encoding="utf-8")
    code, output = _check(site)
    assert code == 1
    assert output == [f"{ARTICLE}:{body_start + 1}: {name} at column 7: Markdown cannot "
                      "show it (the file may be damaged); delete it"]


def test_a_nul_in_the_body_is_an_error_at_its_line_and_column(site: Path) -> None:
    """markdown-it would show U+FFFD in its place without a word."""
    path = site / ARTICLE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body_start = next(i for i, line in enumerate(lines) if i > 0 and line == "---\n") + 2
    lines[body_start] = "Twelve\0 words." + lines[body_start]
    path.write_text("".join(lines), encoding="utf-8")
    code, output = _check(site)
    assert code == 1
    assert output == [f"{ARTICLE}:{body_start + 1}: a NUL character (U+0000) at column 7: "
                      "Markdown cannot show it (the file may be damaged); delete it"]


# --- control characters and carriage returns written by a YAML escape ----------------


def _quoted_block(site: Path, name: str, key: str, value: str) -> int:
    """The block scalar under ``key`` (``body: |`` and its lines) written as the
    double-quoted ``value`` instead; the key's line."""
    path = site / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(key)
    indent = len(key) - len(key.lstrip())
    end = at + 1
    while end < len(lines) and (not lines[end].strip()
                                or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    lines[at:end] = [key.replace("|", value)]
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize("name, key", [(NOTES, "    body: |\n"), (GLOSSARY, "    definition: |\n"),
                                       (STORY, "summary: |\n")])
def test_a_control_character_escaped_in_yaml_markdown_is_an_error_at_its_key(
        site: Path, name: str, key: str) -> None:
    """A review: YAML refuses a raw control character in a file, but a quoted
    value's escape (``"\\a"``, ``"\\0"``) writes one into a note's body, a
    definition or a summary, and it went into the page."""
    line = _quoted_block(site, name, key, '"Ring\\a the bell."')
    code, output = _check(site)
    assert code == 1
    field = key.strip().removesuffix(": |")
    assert output == [f"{name}:{line}: '{field}': the control character U+0007: Markdown "
                      "cannot show it; delete it (in a quoted value, an escape such as "
                      "\\0 or \\a writes one)"], output


def test_a_carriage_return_in_a_note_is_a_line_end(site: Path, tmp_path: Path) -> None:
    """A review: a lone carriage return (``"\\r"`` in a quoted value) in a note's
    body is a line end to markdown-it but not to the escaping of index.md,
    which then published a tag in the note unescaped."""
    _quoted_block(site, NOTES, "    body: |\n", '"One line.\\rTwo <b>bold</b> lines."')
    out = tmp_path / "out"
    result = run_cli("build", "--config", site / "site.yml", "--out", out)
    assert result.exit_code == 0, result.stderr
    published = next(out.glob("articles/*/index.md")).read_text(encoding="utf-8")
    assert "\r" not in published
    assert "One line.\n    Two &lt;b>bold&lt;/b> lines." in published
