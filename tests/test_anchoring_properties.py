"""Property tests for anchoring: any unique passage of any article can be annotated,
and annotating never changes what a reader sees, only adds highlights and notes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.annotations.anchor import exact_matches, find_anchor
from briefing.annotations.render_rule import ENV_KEY, PlacedNote
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.core.slug import slugify
from briefing.core.urls import Urls
from briefing.glossary.matcher import compiled
from briefing.merge.annotations import annotate
from briefing.merge.chain import DEFAULT_RULES, MergeContext, merge_article
from briefing.model.annotation import KINDS, Anchor, Annotation
from briefing.model.glossary import Glossary, Term
from briefing.model.site import Article, Site
from briefing.render.markdown import render_markdown
from briefing.text.markdown import markdown_parser
from briefing.text.normal import anchoring_text, merge_body
from briefing.text.textmap import blocks

WORDS = ["Aliyev", "Pashinyan", "peace", "deal", "Nakhchivan", "corridor", "it's",
         '"historic"', "“miracle”", "2025", "six", "months", "--", "US-led", "Karabakh's"]
CONFIG = SiteConfig(root=Path("/site"), config_path=Path("/site/site.yml"), title="T",
                    base_url="https://example.org/")


@st.composite
def paragraph(draw, vocabulary: list[str] = WORDS) -> list[str]:
    words = draw(st.lists(st.sampled_from(vocabulary), min_size=3, max_size=14))
    styled = []
    for word in words:
        style = draw(st.sampled_from(["", "", "", "*", "**", "link", "code"]))
        if style == "link":
            word = f"[{word}](https://example.org/{len(styled)})"
        elif style == "code" and "`" not in word:
            word = f"`{word}`"
        elif style in ("*", "**") and word[0].isalnum() and word[-1].isalnum():
            word = f"{style}{word}{style}"
        styled.append(word)
    return styled


def article(body: str) -> Article:
    return Article(slug="a", title="T", date=dt.datetime(2025, 8, 8, tzinfo=dt.UTC),
                   has_time=False, body=body, path=Path("/site/content/articles/a.md"),
                   body_line=5)


def note(quote: str) -> Annotation:
    return Annotation(id="n", article="a", quote=quote, kind=KINDS["note"], body="Note.",
                      path=Path("/site/content/annotations/a.yml"), line=3, quote_line=4)


def merged(body: str, quote: str):
    site = Site(CONFIG, (article(body),), MappingProxyType({"a": (note(quote),)}))
    diagnostics = Diagnostics()
    page = merge_article(article(body), MergeContext(site, Urls(CONFIG.base_url), diagnostics))
    return page, diagnostics


def strip_annotations(html: str) -> str:
    html = re.sub(r'<div class="annotation-group">.*?</div>\n', "", html, flags=re.S)
    html = re.sub(r'<div class="noted">\n(.*?)</div>\n', r"\1", html, flags=re.DOTALL)
    html = re.sub(r'<sup class="annotation-ref">.*?</sup>', "", html)
    return re.sub(r"</?mark[^>]*>", "", html)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph(), min_size=1, max_size=3), st.data())
def test_a_unique_passage_anchors_and_the_text_is_unchanged(paragraphs, data):
    body = merge_body("\n\n".join(" ".join(p) for p in paragraphs))
    found = blocks(markdown_parser().parse(body))
    assume(found)  # "-- -- --" is a thematic break, with no text at all
    block = data.draw(st.integers(0, len(found) - 1))
    words = found[block].norm.text.split(" ")
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end])
    assume(quote.strip() and len(exact_matches(anchoring_text(quote), found)) == 1)

    result = find_anchor(note(quote), found)
    assert isinstance(result, Anchor) and not result.fuzzy
    assert result.exact == anchoring_text(quote)

    page, diagnostics = merged(body, quote)
    assert diagnostics.errors == [] and len(page.anchors) == 1
    env = {ENV_KEY: {"n": PlacedNote("n", 1, page.anchors[0].exact,
                                     '<aside id="annotation-n"></aside>', "Note")}}
    html = render_markdown(page.body, env)
    assert strip_annotations(html) == render_markdown(body)
    highlighted = "".join(re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S))
    visible = re.sub(r"<[^>]+>", "", highlighted)
    assert anchoring_text(visible.replace("&quot;", '"').replace("&amp;", "&")) == \
        anchoring_text(quote)
    assert html.count('<sup class="annotation-ref">') == 1


@given(st.text(alphabet=st.sampled_from(list("ab \u00a0\u00ad\u200b“”‘’'\"-–—….")),
               max_size=40))
def test_normalisation_is_idempotent_and_keeps_a_character_map(text):
    from briefing.text.normal import for_anchoring as norm

    once = norm(text)
    assert norm(once.text).text == once.text
    assert len(once.origin) == len(once.text)
    assert all(0 <= i < len(text) for i in once.origin)
    assert list(once.origin) == sorted(once.origin)


@given(st.sampled_from(["“", "”", '"']), st.sampled_from(["’", "'"]),
       st.sampled_from(["-", "–", "—"]), st.sampled_from([" ", "\u00a0", "  ", "\n"]))
def test_quote_styles_and_spaces_do_not_matter(dq, apostrophe, dash, space):
    body = f"He said {dq}it{apostrophe}s done{dq} {dash} finally.\n"
    found = blocks(markdown_parser().parse(body))
    quote = f'"it\'s{space}done" - finally'
    assert isinstance(find_anchor(note(quote), found), Anchor)


GLOSSARY = Glossary(terms=tuple(
    Term(slug=slugify(name), term=name, definition="A definition.",
         path=Path("/site/content/glossary.yml"), line=index + 1, link=policy)
    for index, (name, policy) in enumerate([("Aliyev", None), ("Nakhchivan", "all"),
                                            ("Karabakh", None), ("US-led", None),
                                            ("peace deal", "all"), ("six months", None)])))


def merged_with_glossary(body: str, quote: str, reparse: bool):
    """The page merged as the build does, or with the annotation rule parsing the
    linked body afresh instead of reusing the glossary rule's parse."""
    site = Site(CONFIG, (article(body),), MappingProxyType({"a": (note(quote),)}),
                glossary=GLOSSARY)
    diagnostics = Diagnostics()
    context = MergeContext(site, Urls(CONFIG.base_url), diagnostics, compiled(GLOSSARY))
    rules = DEFAULT_RULES if not reparse else tuple(
        (name, (lambda draft, ctx: annotate(replace(draft, parsed=None), ctx))
         if rule is annotate else rule) for name, rule in DEFAULT_RULES)
    return merge_article(article(body), context, rules), [d.format() for d in diagnostics.items]


# Multi-word terms, so a quote can end inside one ("… signed the peace").
TERM_WORDS = [*WORDS, "peace deal", "six months", "Aliyev Nakhchivan"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph(TERM_WORDS), min_size=1, max_size=3), st.data())
def test_notes_placed_from_the_glossary_rules_parse_land_where_a_fresh_parse_puts_them(
        paragraphs, data):
    """Annotating reuses the parse of the text before terms were linked and carries
    its offsets over the links; that must place every note reference exactly where
    parsing the linked text would (after a link when the quote ends inside it)."""
    body = merge_body("\n\n".join(" ".join(p) for p in paragraphs))
    found = blocks(markdown_parser().parse(body))
    assume(found)
    block = data.draw(st.integers(0, len(found) - 1))
    words = found[block].norm.text.split(" ")
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end])
    assume(quote.strip())
    assert merged_with_glossary(body, quote, False) == merged_with_glossary(body, quote, True)
