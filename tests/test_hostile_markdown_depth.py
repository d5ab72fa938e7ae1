"""Markdown nested deeper than markdown-it goes is reported, not dropped in silence.

Block quotes 20 deep and lists 10 deep vanished from the page (markdown-it's
``maxNesting``) and ``briefing check`` said nothing. The limit stays; a warning
at ``path:line`` says what is left out, for article bodies, note bodies,
glossary definitions and story summaries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.render.markdown import render_markdown
from briefing.text.markdown import markdown_parser
from tests.conftest import copy_site, run_cli

ARTICLE = "content/articles/corridor.md"
QUOTES = "> " * 20 + "deep quote words"
LISTS = "".join("  " * depth + f"- level {depth}\n" for depth in range(10))


def _append(site: Path, name: str, text: str) -> None:
    path = site / name
    path.write_text(path.read_text() + text)


def _warnings(site: Path, command: str = "check") -> list[str]:
    result = run_cli(command, "--config", site / "site.yml")
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines() if "nested too deeply" in line]


def test_the_limit_is_the_parsers():
    from briefing.text.nesting import MAX_NESTING

    assert markdown_parser().options.maxNesting == MAX_NESTING


def test_deep_quotes_in_an_article_are_reported_at_their_line(tmp_path):
    site = copy_site("glossary", tmp_path)
    _append(site, ARTICLE, f"\n{QUOTES}\n\nAfter.\n")  # the file has 21 lines
    found = _warnings(site)
    assert len(found) == 1
    assert found[0].startswith(f"{ARTICLE}:23: warning: Markdown nested too deeply: what "
                               "this block quote holds (“deep quote words”) is left out")
    assert "at most 19" in found[0]


def test_deep_lists_in_an_article_are_reported_on_build_and_again_when_reused(tmp_path):
    site = copy_site("glossary", tmp_path)
    _append(site, ARTICLE, "\n" + LISTS)
    first = _warnings(site, "build")
    assert first == [f"{ARTICLE}:32: warning: Markdown nested too deeply: what this list item "
                     "holds (“level 9”) is left out of the page, since it is 20 levels deep "
                     "and at most 19 are shown (a block quote counts one level, a list two) "
                     "(flatten the quotes or lists)"]
    assert "level 9" not in (site / "_site/articles/corridor/index.html").read_text()
    assert _warnings(site, "build") == first  # the article read from the cache says it again


def test_nine_deep_lists_and_nineteen_deep_quotes_are_fine(tmp_path):
    site = copy_site("glossary", tmp_path)
    nine = "".join("  " * depth + f"- level {depth}\n" for depth in range(9))
    _append(site, ARTICLE, "\n" + "> " * 19 + "shown\n\n" + nine)
    assert _warnings(site) == []


def test_note_body_is_reported(tmp_path):
    site = copy_site("glossary", tmp_path)
    notes = site / "content/annotations/corridor.yml"
    text = notes.read_text().replace("    body: TRIPP crosses", "    body: |\n      Fine.\n\n"
                                     f"      {QUOTES}\n    title: TRIPP crosses")
    notes.write_text(text)
    assert _warnings(site) == [
        "content/annotations/corridor.yml:9: warning: Markdown nested too deeply: what this "
        "block quote holds (“deep quote words”) is left out of the page, since it is 20 "
        "levels deep and at most 19 are shown (a block quote counts one level, a list two) "
        "(flatten the quotes or lists)"]


def test_glossary_definition_is_reported(tmp_path):
    site = copy_site("glossary", tmp_path)
    indented = "".join(f"      {line}\n" for line in LISTS.splitlines())
    _append(site, "content/glossary.yml", f"  - term: Deep\n    definition: |\n{indented}")
    found = _warnings(site)
    assert len(found) == 1 and found[0].startswith("content/glossary.yml:37: warning: ")
    assert "(“level 9”)" in found[0]


@pytest.mark.parametrize("field", ["summary", "why_it_matters"])
def test_story_summary_is_reported(tmp_path, field):
    site = copy_site("glossary", tmp_path)
    story = site / "content/stories/route-talks.yml"
    lines = [line for line in story.read_text().splitlines() if not line.startswith(field)]
    story.write_text("\n".join([*lines, f'{field}: "{QUOTES}"']) + "\n")
    found = _warnings(site)
    assert len(found) == 1
    assert found[0].startswith(f"content/stories/route-talks.yml:{len(lines) + 1}: warning: ")


# Random nests of quotes and lists: the warning comes exactly when words vanish.
_PREFIXES = st.sampled_from([">", "> ", "- ", "-\t", "1. ", "  ", "\t", "    ", "* ", "\n"])
_LINES = st.lists(st.lists(_PREFIXES, max_size=24).map("".join), min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_warned_exactly_when_the_page_loses_words(prefixes):
    text = "".join(f"{prefix}w{index}w\n" for index, prefix in enumerate(prefixes))
    html = render_markdown(text)
    lost = [index for index in range(len(prefixes)) if f"w{index}w" not in html]
    from briefing.text.nesting import too_deep

    found = too_deep(text)
    assert (found is not None) == bool(lost), (text, lost, found)
    if found is not None:
        assert f"w{lost[0]}w" in found.dropped or found.dropped.endswith("…")


def test_shallow_texts_are_not_parsed(monkeypatch):
    """The prefix scan rules a text out without the parser (which is dear)."""
    import briefing.text.markdown
    from briefing.text.nesting import too_deep

    monkeypatch.setattr(briefing.text.markdown, "markdown_parser", lambda: pytest.fail("parsed"))
    assert too_deep("> > quote\n\n- a\n  - b\n    - c\n\n" + "word " * 10000) is None
