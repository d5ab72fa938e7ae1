"""The merge stage's normalisation of Markdown."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.core.yamlio import dump_yaml, dump_yaml_pure
from briefing.render.markdown import render_markdown
from briefing.text.markdown import smarten
from briefing.text.normal import merge_body


def norm(text: str) -> str:
    return merge_body(text)


def test_trailing_space_and_blank_runs():
    assert norm("a  \nb   \n\n\n\nc\n\n") == "a  \nb\n\nc\n"
    assert norm("a     \nb") == "a  \nb\n"  # a hard break keeps exactly two spaces


def test_trailing_spaces_at_paragraph_end_are_dropped():
    assert norm("end of paragraph  \n\nnext") == "end of paragraph\n\nnext\n"


def test_fenced_code_is_left_alone():
    text = "```\nx  \n\n\n\ny\n```\n\n~~~~\nz  \n~~~~\n"
    assert norm(text) == text


@pytest.mark.parametrize("text", [
    "- item\n\n  ```\n  x  \n\n\n  y\n  ```\n",  # a fence in a list item
    "> ```\n> x  \n>\n>\n> y\n> ```\n",  # in a block quote
    "Text.\n\n    indented  \n\n\n    code\n",  # indented code
    "```\nx  \n   ```info\ny  \n```\n",  # "```info" does not close a fence
    "Text.\n\n```\nopen to the end  \n\n",  # a fence never closed keeps its blank lines
])
def test_code_blocks_are_left_exactly_as_written(text):
    assert norm(text) == text
    assert render_markdown(norm(text)) == render_markdown(text)


def test_a_code_span_over_a_line_end_keeps_its_blanks():
    """Inside a code span a line end and the blanks before it read as spaces."""
    text = "`foo   bar \nbaz` and more  \nnext\n"
    assert norm(text) == text
    assert render_markdown(norm(text)) == render_markdown(text)
    assert norm("plain  \n`code`\n") == "plain  \n`code`\n"  # spans unchanged: tidied
    assert norm("plain \n`code`\n") == "plain\n`code`\n"


def test_unicode_is_composed():
    assert norm("Nakhc\u0327ivan") == "Nakh\u00e7ivan\n"


def test_empty_body():
    assert norm("\n\n  \n") == ""


markdownish = st.text(alphabet=st.sampled_from(list("ab *_`#>-\n \t\u00a0\"'")), max_size=80)


@given(markdownish)
def test_normalise_is_idempotent(text):
    assert norm(norm(text)) == norm(text)


@given(markdownish)
@example("` \n_ `")  # a code span over a line end: its blank before the line end counts
@example("```\n>")  # a fence open at the very end: no newline is added to its code
@example("_--\t\n_")  # the blank after "--" is what keeps it two hyphens
def test_normalise_does_not_change_what_a_reader_sees(text):
    """Rendering before and after normalising gives the same HTML, whitespace aside."""
    def visible(html: str) -> str:
        return " ".join(html.replace("<br />", " ").split())
    assert visible(render_markdown(norm(text))) == visible(render_markdown(text))


def test_smarten_titles():
    assert smarten('Trump\'s "historic" deal -- at last...') == "Trump’s “historic” deal – at last…"
    assert smarten("a *b* <x> &amp;") == "a *b* <x> &amp;"


def test_the_smart_filter_keeps_safe_html_safe():
    """``smart`` on Markup (a rendered summary in a theme) changes only the
    text between tags, never a tag, an attribute or code, and stays Markup:
    made into a plain string, its tags would print as text."""
    from markupsafe import Markup

    from briefing.render.filters import smart
    assert smart('It\'s "done" -- now...') == "It’s “done” – now…"
    shown = smart(Markup('<p title="a &quot;b&quot;">It&#39;s &#34;done&#34; -- '
                         '<code>"x" --</code> &amp; <a href="/y">more</a>...</p>'))
    assert isinstance(shown, Markup)
    assert shown == ('<p title="a &quot;b&quot;">It’s “done” – <code>"x" --</code> &amp; '
                     '<a href="/y">more</a>…</p>')


def test_trailing_spaces_after_a_bare_block_marker_keep_their_meaning():
    """Found by hypothesis: '>  ' then '>' once became '>\\' and showed a backslash."""
    assert render_markdown(norm(">  \n>")) == render_markdown(">  \n>")


FRONT_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.lists(
    st.sampled_from(["word ", "“q” ", "a: b ", "#t ", "\t", "\n", "'", '"', "\u2028", "\x85", "🙂",
                     "é"]),
    max_size=300).map("".join)


@settings(max_examples=400, deadline=None)
@given(title=FRONT_TEXT, names=st.lists(FRONT_TEXT, max_size=3))
def test_front_matter_is_written_as_pure_python_pyyaml_writes_it(title, names):
    """The fast emitter (libyaml) is only used where its bytes are PyYAML's own,
    and what is written reads back as it was (U+0085 once did not)."""
    data = {"title": title, "date": "2025-08-08", "source": {"name": title, "url": title},
            "authors": names, "tags": names}
    assert dump_yaml(data) == dump_yaml_pure(data)
    assert yaml.safe_load(dump_yaml(data)) == data


def test_long_front_matter_strings_are_written_as_pyyaml_writes_them():
    """libyaml folds a long double-quoted string in other places than PyYAML."""
    title = ("it’s a: b “quoted” \\t #tag \t \n x " * 60)[:1300]
    data = {"title": title, "dek": title[:950]}
    assert dump_yaml(data) == dump_yaml_pure(data)


def test_front_matter_with_a_next_line_character_reads_back_as_written():
    """Found by hypothesis: PyYAML writes U+0085 in single quotes as a bare line
    break, which reads back as a space."""
    data = {"title": "\x85", "source": {"name": "a\x85b"}}
    assert yaml.safe_load(dump_yaml(data)) == data
