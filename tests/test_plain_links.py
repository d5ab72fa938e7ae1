"""The fast path for ``[plain text](<url>)`` links (text/plain_links.py) gives
the tokens markdown-it's own link rule gives, for any text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.text.markdown import configured
from briefing.text.plain_links import use_plain_links

PIECES = st.sampled_from([
    "[", "]", "(", ")", "<", ">", "[name](<https://example.org/glossary/name/>)",
    "[two words](<https://example.org/g/two-words/>)", "[x](</relative path/>)",
    "[x](<javascript:alert(1)>)", "[x](<https://e.org/a b&amp;c>)", "[x](<>)",
    "[x](<https://e.org/\\>)>)", "[x] (<u>)", "[x](<u> \"title\")", "[x](<u>\n)",
    "[x]: /ref", "[x]", "[^n1]", "^[inline]", "![alt](<i.png>)", "!", "^", "*", "_",
    "~~", "`", "\\", "&amp;", "&", "\n", " ", "word", "Vakuask", "de-mining", "--", '"',
    "'", ":", "https://example.org", "é", "[a [b](<c>)](<d>)", "[*em*](<u>)",
    "[a\nb](<u>)", "<https://auto.org>",
])


def tokens(md, text: str) -> list[dict]:
    return [token.as_dict() for token in md.parse(text)]


FAST = configured()
use_plain_links(FAST)
SLOW = configured()


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=14).map("".join))
@example("[Vakuask](<https://example.org/briefing/glossary/vakuask/>) said “yes”.")
@example("[x](<https://e.org/a b&amp;c>)")
@example("[x](<javascript:alert(1)>)")
@example("[baz]\n\n[baz]: /u\n\n[baz](<v>)")
def test_plain_links_parse_as_markdown_it_reads_them(text):
    assert tokens(FAST, text) == tokens(SLOW, text)
    assert FAST.render(text) == SLOW.render(text)


def test_the_fast_path_is_taken():
    calls = []
    md = configured()
    use_plain_links(md)
    rule = md.inline.ruler.__rules__[[r.name for r in md.inline.ruler.__rules__]
                                     .index("plain_link")]
    original = rule.fn

    def counted(state, silent):
        found = original(state, silent)
        calls.append(found)
        return found
    rule.fn = counted
    md.inline.ruler.__compiled__ = None  # the chain is cached with the old function
    md.parse("A [de-mining programme](<https://example.org/glossary/d/>) here.")
    assert calls == [True]
