"""Fingerprints (core/hashing.py): the keys that decide whether a page is rendered
again. A key that missed a change would leave a stale page, so each shortcut
is checked against the plain walk over the values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from briefing.core.hashing import Fingerprints
from briefing.model.site import Article

ARTICLE = Article(slug="talks", title="Talks resume", date=dt.datetime(2024, 5, 1),
                  has_time=False, body="First body.", path=Path("talks.md"), body_line=4)
LISTING = {Article: frozenset({"body"})}


def remembering() -> tuple[dict, object]:
    table: dict[tuple[str, str], object] = {}

    def remember(kind, key, compute):
        if (kind, key) not in table:
            table[(kind, key)] = compute()
        return table[(kind, key)]

    return table, remember


def listing_key(article: Article, given: str, remember) -> str:
    """An article's key on a listing page, told that ``given`` stands for it whole."""
    every_page = Fingerprints()
    every_page.known(article, given)
    listing = Fingerprints(LISTING, remember)
    every_page.share_known(listing)
    return listing.key(article)


def test_a_remembered_listing_hash_is_the_walk_of_the_fields_it_shows():
    table, remember = remembering()
    walked = Fingerprints(LISTING).key(ARTICLE)
    assert listing_key(ARTICLE, "file-key-1", remember) == walked
    assert len(table) == 1  # remembered under the key it was given
    copy = replace(ARTICLE)  # the next build's object, loaded from the same bytes
    assert listing_key(copy, "file-key-1", remember) == walked
    assert len(table) == 1


def test_a_listing_hash_leaves_the_body_out_and_nothing_else():
    _, remember = remembering()
    body_edited = replace(ARTICLE, body="Second body.")
    retitled = replace(ARTICLE, title="Talks stall")
    first = listing_key(ARTICLE, "file-key-1", remember)
    assert listing_key(body_edited, "file-key-2", remember) == first
    assert listing_key(retitled, "file-key-3", remember) != first


texts = st.text(max_size=12)


@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), texts), max_size=6),
       st.lists(st.tuples(st.sampled_from(["a", "b"]), texts), max_size=6))
def test_pairs_hashed_in_one_pass_differ_exactly_when_they_differ(first, second):
    """know_pairs: equal pairs, equal keys; any other text, value, order or
    length, another key (texts of any length cannot run into each other)."""
    articles = {"a": ARTICLE, "b": replace(ARTICLE, slug="other")}
    keys = []
    for pairs in (first, second):
        hasher = Fingerprints()
        value = tuple((articles[name], text) for name, text in pairs)
        hasher.know_pairs(value)
        keys.append(hasher.key(value))
    assert (keys[0] == keys[1]) == (first == second)


@given(st.binary(max_size=64))
def test_digest_is_key_on_bytes(data):
    """One hash for the engine: digest() is key() for bytes, named for files."""
    from briefing.core.hashing import digest, key
    assert digest(data) == key(data) == Fingerprints().key(data)
    assert key(data) != key(data.decode("latin-1"))  # the type is part of the key


def test_key_hashes_content_not_identity():
    from briefing.core.hashing import key
    assert key(ARTICLE, "x") == key(replace(ARTICLE), "x") != key(ARTICLE, "y")
    assert key(1) != key("1") != key(b"1")
    assert key(("a", "b")) == key("a", "b")  # several parts are their tuple


@dataclass(frozen=True)
class _Pair:
    first: object
    second: object = None


plain = st.one_of(st.none(), st.booleans(), st.integers(), texts,
                  st.floats(allow_nan=False))
values = st.recursive(plain, lambda inner: st.one_of(
    st.builds(_Pair, inner, inner), st.tuples(inner, inner)), max_leaves=6)


@given(values, values, values, values)
@example("as:b", None, "a", "bn:None")  # one text written as two, had lengths been left out
@example(1, None, True, None)
@example("ab", "c", "a", "bc")
def test_dataclasses_hash_equal_exactly_when_their_fields_are_equal(a, b, c, d):
    """Plain fields are written into the dataclass's hash as themselves (with
    their type and length), others as their own hash: texts cannot run into
    each other, nor a text pass for a number, None or a nested value."""
    first, second = _Pair(a, b), _Pair(c, d)
    same = Fingerprints().key(first) == Fingerprints().key(second)
    assert same == (_typed(first) == _typed(second))


def _typed(value: object) -> object:
    """``value`` with each plain part tagged by its type: True == 1 and 0.0 == 0
    in Python, not in a hash."""
    if isinstance(value, _Pair):
        return ("pair", _typed(value.first), _typed(value.second))
    if isinstance(value, tuple):
        return ("tuple", *map(_typed, value))
    return (type(value).__name__, repr(value))
