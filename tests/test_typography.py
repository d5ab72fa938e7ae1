"""One typography table, the normal forms built on it, one sentence rule, one
repeat detector and one Markdown escaper."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.compare.quality import assess, headline_like, paragraphs_from_text
from briefing.compare.speakers import sentence_bounds
from briefing.core.typography import (
    DASHES,
    INVISIBLE,
    QUOTES,
    SENTENCE_END,
    ends_sentence,
    sentence_breaks,
)
from briefing.text.escape import escape_inline, escape_paragraph
from briefing.text.markdown import markdown_parser
from briefing.text.normal import (
    anchoring_text,
    for_anchoring,
    for_comparing,
    for_glossary,
    for_repeats,
    merge_body,
)
from briefing.text.repeats import find_repeats
from briefing.wire.dedupe import remove_duplicates
from briefing.wire.headline import first_sentence, is_headline
from briefing.wire.lines import split_units

TRICKY = "It\u00b4s \u201cdone\u201d \u2014 \u00abreally\u00bb\u200b, said\u00a0the \u2018man\u2019\u2026"


# --- the normal forms ---------------------------------------------------------

def test_anchoring_straightens_drops_invisibles_and_keeps_a_map() -> None:
    norm = for_anchoring(TRICKY)
    assert norm.text == "It's \"done\" - \"really\", said the 'man'..."
    assert len(norm.origin) == len(norm.text)
    # The dropped zero-width space leaves no character; "..." all come from "…".
    assert [TRICKY[i] for i in norm.origin[-3:]] == ["\u2026"] * 3
    assert anchoring_text(f"  {TRICKY} ") == norm.text


def test_glossary_names_are_in_the_anchoring_form() -> None:
    assert for_glossary("Nagorno\u2013Karabakh\u00b4s") == "Nagorno-Karabakh's"
    assert for_glossary("Shu\u00adsha") == "Shusha"


def test_comparing_keeps_words_only() -> None:
    assert for_comparing(TRICKY) == "its done really said the man"
    assert for_comparing("It's done") == for_comparing("It\u00b4s DONE!")


def test_repeats_form_folds_style_but_keeps_punctuation() -> None:
    assert for_repeats(TRICKY) == "it's \"done\" - \"really\", said the 'man'..."
    assert for_repeats("It\u00b4s") == for_repeats("it\u2019s") == "it's"


def test_merge_body_keeps_every_character_a_reader_sees() -> None:
    body = merge_body("e\u0301 " + TRICKY + "  \n\n\n\nnext   \n")
    assert body == "\u00e9 " + TRICKY + "\n\nnext\n"


@pytest.mark.parametrize("char", sorted(QUOTES))
def test_every_form_reads_a_quote_the_same_way(char: str) -> None:
    straight = QUOTES[char]
    assert for_anchoring(char).text == straight
    assert for_repeats(f"a{char}b") == f"a{straight}b"
    assert for_comparing(f"a{char}b") == "ab"


@pytest.mark.parametrize("char", sorted(DASHES) + sorted(INVISIBLE))
def test_dashes_and_invisibles_are_one_table(char: str) -> None:
    expected = "" if char in INVISIBLE else "-"
    assert for_anchoring(f"a{char}b").text == f"a{expected}b"
    assert for_repeats(f"a{char}b") == f"a{expected}b"


# --- the sentence rule ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("It ended.", True), ("Really?!", True), ("Wait\u2026", True),
    ('He said "stop."', True), ("He said \u201cstop.\u201d", True),
    ("Er sagte \u00abHalt.\u00bb", True), ("(See above.)", True), ("[Sic.]", True),
    ("It ended. ", True), ("No end", False), ("A clause,", False), ("\u00abHalt\u00bb", False),
])
def test_one_sentence_end_rule(text: str, expected: bool) -> None:
    assert ends_sentence(text) is expected
    assert bool(SENTENCE_END.search(text)) is (expected or "." in text)


def test_every_stage_finds_a_guillemet_sentence_end() -> None:
    text = "Er sagte \u00abWir gehen.\u00bb Dann ging er."
    assert sentence_breaks(text) == [(text.index("\u00bb") + 1, text.index("\u00bb") + 2)]
    assert first_sentence(text) == "Er sagte \u00abWir gehen.\u00bb"
    assert [text[a:b] for a, b in sentence_bounds(text, [])] == [
        "Er sagte \u00abWir gehen.\u00bb", " Dann ging er."]
    assert not is_headline("Wir gehen.\u00bb") and not headline_like("Wir gehen.\u00bb")
    wrapped = "Er sagte \u00abWir gehen.\u00bb\nDann ging er."
    assert paragraphs_from_text(wrapped + "\n\nMore.") == ("Er sagte \u00abWir gehen.\u00bb",
                                                           "Dann ging er.", "More.")
    assert len(split_units(wrapped).units) == 2


# --- the repeat detector ----------------------------------------------------------

LONG = ("Ministers agreed on Tuesday to double spending on rural roads over the next five "
        "years, a plan that will be paid for by a new levy on heavy lorries from spring.")


@pytest.mark.parametrize("variant", [
    LONG.replace("double", "triple"),                          # one word changed
    LONG.replace(",", "").replace(".", "!"),                   # punctuation only
    LONG.replace("a plan", "\u201ca plan\u201d").upper(),      # quotes and case
    LONG.replace("spring", "spring\u200b"),                   # an invisible character
])
def test_near_duplicates_are_repeats(variant: str) -> None:
    other = "Something else entirely happened in Washington on Monday night."
    [repeat] = find_repeats([LONG, other, variant])
    assert (repeat.index, repeat.original) == (2, 0) and repeat.ratio >= 0.9


def test_different_paragraphs_and_wordless_ones_are_not_repeats() -> None:
    changed = LONG.replace("Tuesday", "Friday").replace("double", "halve").replace(
        "rural", "urban").replace("five", "ten")
    assert find_repeats([LONG, changed]) == ()
    assert find_repeats(["* * *", "- - -"]) == ()
    assert [r.original for r in find_repeats(["* * *", LONG, "* * *"])] == [0]


def test_a_third_copy_repeats_the_first_and_importer_and_story_page_agree() -> None:
    paragraphs = [LONG, "Another paragraph of reporting.", LONG.replace("spring", "summer"),
                  LONG]
    assert [(r.index, r.original) for r in find_repeats(paragraphs)] == [(2, 0), (3, 0)]
    _, removed = remove_duplicates(paragraphs)
    quality = assess("x", paragraphs)
    assert [(d.index - 1, d.original - 1) for d in removed] == \
        [(r.paragraph, r.repeats) for r in quality.repeats]


# --- the Markdown escaper -------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
# What the typographer rewrites on purpose (dashes, ellipses, (c), ±): not text
# the escaper should keep as typed.
_TYPOGRAPHER = re.compile(r"\+-|\.\.|\?\?\?\?|!!!!|,,|--|\((c|tm|r)\)", re.IGNORECASE)
_MARKDOWN = "\\`*_[]<>#!|~&;=-+.):0123456789 \t\n\r\"'()/:ab"
TEXT = st.text(st.one_of(st.sampled_from(_MARKDOWN),
                         st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters="\x00")), max_size=60)


def visible(markdown: str) -> str:
    """What a reader sees: rendered, tags stripped, entities decoded, in the
    anchoring form (the typographer's curly quotes read as straight)."""
    text = html.unescape(_TAG.sub(" ", markdown_parser().render(markdown)))
    return " ".join(for_anchoring(text).text.split())


def plain(text: str) -> str:
    return " ".join(for_anchoring(text).text.split())


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_escaped_text_renders_back_to_the_same_visible_text(text: str) -> None:
    assume(not _TYPOGRAPHER.search(text))
    assert visible(escape_paragraph(text)) == plain(text)


@settings(max_examples=400, deadline=None)
@given(TEXT | st.sampled_from(["Title with <em>HTML</em> in it", "T <?php echo 1 ?> </div>",
                               "a <!-- comment --> b", "Desk <i>editor</i> & co"]))
def test_escaped_text_is_no_raw_html_where_markdown_is_read_with_html_on(text: str) -> None:
    """index.md is read by other tools, with raw HTML on: a closing tag, a
    processing instruction or a comment in a note's title was published as
    HTML there (only an opening tag was escaped)."""
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").parse(escape_paragraph(text))
    found = [token for block in tokens for token in [block, *(block.children or ())]
             if token.type in ("html_inline", "html_block")]
    assert not found, (text, escape_paragraph(text))


@settings(max_examples=300, deadline=None)
@given(TEXT.map(lambda text: " ".join(text.split())))
def test_escaped_inline_text_stays_plain_inside_emphasis_and_links(text: str) -> None:
    assume(text and not _TYPOGRAPHER.search(text))
    assert visible(f"**Label.** *{escape_inline(text)}*") == plain(f"Label. {text}")
    assert visible(f"See [{escape_inline(text)}](<https://example.org/>) now") == \
        plain(f"See {text} now")
