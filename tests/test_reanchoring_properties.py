"""Property tests: notes follow a wire report across random revisions of its text.

A note whose quote survives an edit stays on exactly those words; one whose quote
the edit destroyed is reported (an error, or a fuzzy match, which the build
warns about) and never moved to another passage. The texts are made of distinct
words, so a "look-alike" passage can only be the quote's own place.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.annotations.anchor import find_anchor
from briefing.merge.retired import version_blocks
from briefing.model.annotation import KINDS, Anchor, Annotation
from briefing.text.escape import markdown_body

# Words unlike one another letter by letter: another passage of the report must
# not read as a near match of the quote (talks0 and talks1, say, differ by one
# letter, and a run of such words scored 90 against a passage sharing none of
# the quote's words).
VOCABULARY = [
    "talks", "border", "minister", "Geneva", "treaty", "corridor", "ceasefire", "envoy",
    "harbour", "railway", "quarry", "orchard", "bishop", "falcon", "glacier", "pumpkin",
    "lantern", "saddle", "whisky", "jungle", "meadow", "copper", "violin", "basket",
    "nephew", "garlic", "thunder", "mosque", "zeppelin", "kettle", "oyster", "walnut",
    "blizzard", "cobalt", "dynamo", "ember", "fjord", "gypsum", "hamlet", "igloo",
    "jasmine", "kayak", "lemur", "mango", "nutmeg", "opal", "parsnip", "quiver", "rhubarb",
    "sphinx", "tundra", "umbrella", "vortex", "wombat", "xylem", "yacht", "zodiac",
    "absinthe", "buffalo",
]


def note(quote: str) -> Annotation:
    return Annotation(id="n", article="a", quote=quote, kind=KINDS["note"], body="Note.",
                      path=Path("/site/content/annotations/a.yml"), line=3, quote_line=4)


@st.composite
def report(draw) -> tuple[list[list[str]], int, int, int]:
    """Paragraphs of distinct words, and a quote: (paragraph, first word, length)."""
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=8, max_size=40, unique=True))
    cuts = sorted(draw(st.sets(st.integers(4, len(words) - 4), max_size=2)))
    paragraphs = [words[a:b] for a, b in zip([0, *cuts], [*cuts, len(words)]) if b - a >= 4]
    which = draw(st.integers(0, len(paragraphs) - 1))
    length = draw(st.integers(3, min(8, len(paragraphs[which]))))
    start = draw(st.integers(0, len(paragraphs[which]) - length))
    return paragraphs, which, start, length


def text(paragraphs: list[list[str]]) -> str:
    return markdown_body(" ".join(words) + "." for words in paragraphs)


def quote_of(paragraphs: list[list[str]], which: int, start: int, length: int) -> str:
    return " ".join(paragraphs[which][start:start + length])


@settings(max_examples=200, deadline=None)
@given(report(), st.data())
def test_a_quote_that_survives_an_edit_stays_on_its_words(found, data):
    paragraphs, which, start, length = found
    quote = quote_of(paragraphs, which, start, length)
    # An edit anywhere but inside the quote: words inserted, deleted or replaced.
    spots = [(p, i) for p, words in enumerate(paragraphs) for i in range(len(words) + 1)
             if not (p == which and start < i < start + length)]
    p, i = data.draw(st.sampled_from(spots))
    kind = data.draw(st.sampled_from(["insert", "delete", "replace"]))
    edited = [list(words) for words in paragraphs]
    if kind == "insert":
        edited[p].insert(i, "newly-added")
    else:
        assume(i < len(edited[p]) and not (p == which and start <= i < start + length))
        if kind == "delete":
            del edited[p][i]
        else:
            edited[p][i] = "changed-word"
    anchor = find_anchor(note(quote), version_blocks(text(edited)))
    assert isinstance(anchor, Anchor) and not anchor.fuzzy and anchor.score == 100
    assert anchor.exact == quote
    assert anchor.block == which  # its own paragraph, on its own words
    before = " ".join(w for w in edited[which][:edited[which].index(quote.split()[0])])
    assert version_blocks(text(edited))[which].norm.text[:anchor.start].strip() == before


@settings(max_examples=200, deadline=None)
@given(report(), st.data())
def test_a_destroyed_quote_is_reported_and_never_moved(found, data):
    paragraphs, which, start, length = found
    quote = quote_of(paragraphs, which, start, length)
    edited = [list(words) for words in paragraphs]
    how = data.draw(st.sampled_from(["paragraph removed", "words rewritten", "one word"]))
    if how == "paragraph removed":
        assume(len(edited) > 1)
        del edited[which]
    elif how == "words rewritten":
        edited[which][start:start + length] = ["rewritten"] * 2
    else:
        position = data.draw(st.integers(start, start + length - 1))
        edited[which][position] = "corrected"
    result = find_anchor(note(quote), version_blocks(text(edited)))
    if isinstance(result, Anchor):
        # Only a near match of the quote's own words, which the build warns about
        # with its score and text; never another passage.
        assert result.fuzzy and result.score >= 90
        assert how == "one word" and result.block == which
        kept = set(quote.split()) & set(result.exact.rstrip(".").split())
        assert len(kept) >= length - 1
    else:
        assert "the quote is not in the article" in result.message
