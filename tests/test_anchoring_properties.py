"""Property tests for anchoring: any unique passage of any article can be annotated,
and annotating never changes what a reader sees, only adds highlights and notes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import MappingProxyType

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.annotations.anchor import Anchor, exact_matches, find_anchor
from briefing.annotations.model import KINDS, Annotation
from briefing.annotations.render_rule import ENV_KEY, PlacedNote
from briefing.annotations.textmap import blocks, normalise_text
from briefing.config import SiteConfig
from briefing.errors import Diagnostics
from briefing.markdown import markdown_parser, render_markdown
from briefing.merge import MergeContext, merge_article, normalise
from briefing.structure.model import Article, Site
from briefing.urls import Urls

WORDS = ["Aliyev", "Pashinyan", "peace", "deal", "Nakhchivan", "corridor", "it's",
         '"historic"', "“miracle”", "2025", "six", "months", "--", "US-led", "Karabakh's"]
CONFIG = SiteConfig(root=Path("/site"), config_path=Path("/site/site.yml"), title="T",
                    base_url="https://example.org/")


@st.composite
def paragraph(draw) -> list[str]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))
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
    html = re.sub(r'<sup class="annotation-ref">.*?</sup>', "", html)
    return re.sub(r"</?mark[^>]*>", "", html)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph(), min_size=1, max_size=3), st.data())
def test_a_unique_passage_anchors_and_the_text_is_unchanged(paragraphs, data):
    body = normalise("\n\n".join(" ".join(p) for p in paragraphs))
    found = blocks(markdown_parser().parse(body))
    assume(found)  # "-- -- --" is a thematic break, with no text at all
    block = data.draw(st.integers(0, len(found) - 1))
    words = found[block].norm.text.split(" ")
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end])
    assume(quote.strip() and len(exact_matches(normalise_text(quote), found)) == 1)

    result = find_anchor(note(quote), found)
    assert isinstance(result, Anchor) and not result.fuzzy
    assert result.exact == normalise_text(quote)

    page, diagnostics = merged(body, quote)
    assert diagnostics.errors == [] and len(page.anchors) == 1
    env = {ENV_KEY: {"n": PlacedNote("n", 1, page.anchors[0].exact,
                                     '<aside id="annotation-n"></aside>', "Note")}}
    html = render_markdown(page.body, env)
    assert strip_annotations(html) == render_markdown(body)
    highlighted = "".join(re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S))
    visible = re.sub(r"<[^>]+>", "", highlighted)
    assert normalise_text(visible.replace("&quot;", '"').replace("&amp;", "&")) == \
        normalise_text(quote)
    assert html.count('<sup class="annotation-ref">') == 1


@given(st.text(alphabet=st.sampled_from(list("ab \u00a0\u00ad\u200b“”‘’'\"-–—….")),
               max_size=40))
def test_normalisation_is_idempotent_and_keeps_a_character_map(text):
    from briefing.annotations.textmap import normalise as norm

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
