"""What a build holds of every article to its end, held compactly.

At 10,000 articles the build process keeps every article, its notes, its
anchors and its glossary mentions until the listing pages and the store are
done: compact forms of these took its peak from 563 to 472 MB. These tests
fail if a form stops being compact or stops being the same value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest

from briefing.engine import safe_pickle
from briefing.engine.entries import with_our_notes
from briefing.model.annotation import KINDS, Anchor, Annotation, AnnotationSource
from briefing.model.by_fields import pickled_by_fields
from briefing.model.glossary import Mention
from briefing.model.page import MergedPage
from briefing.model.site import Article

BODY = "Talks in Nakhchivan “resumed” on Tuesday — Ərdoğan’s envoy said so.\n"


def article(body: str = BODY) -> Article:
    return Article(slug="talks", title="Talks", date=dt.datetime(2025, 8, 8, tzinfo=dt.UTC),
                   has_time=True, body=body, path=Path("content/articles/talks.md"),
                   body_line=5, lines={})  # a loaded article's mapping proxy does not pickle


def note(body: str = "See [Nakhchivan](<https://example.org/glossary/nakhchivan/>).",
         quote: str = "resumed") -> Annotation:
    return Annotation(id="context-1", article="talks", quote=quote, kind=KINDS["context"],
                      body=body, path=Path("content/annotations/talks.yml"), line=3,
                      quote_line=4, sources=(AnnotationSource("Wire", "https://example.org/w"),))


def test_an_article_body_is_held_as_utf8_and_read_as_the_text_given():
    held = article()
    assert held.body == BODY and type(held.body) is str
    assert held.__dict__["_body_utf8"] == BODY.encode()
    assert "body" not in held.__dict__  # no second copy as str
    assert pickle.loads(pickle.dumps(held)) == held
    assert BODY.encode() in pickle.dumps(held)


@pytest.mark.parametrize("text", ["", "plain ASCII", "Ərdoğan’s “envoy”", "lone \ud800 half",
                                  "emoji \U0001f600 and NUL \x00"])
def test_any_text_is_given_back_as_it_was(text):
    assert article(text).body == text


def test_an_article_body_behaves_as_any_field():
    held = article()
    assert dataclasses.replace(held, body="New.").body == "New."
    assert dataclasses.replace(held, title="Other").body == BODY
    assert held == article() and hash(held) == hash(article())
    assert held != article("Other.")
    assert "Tuesday" in repr(held)
    with pytest.raises(dataclasses.FrozenInstanceError):
        held.body = "x"  # type: ignore[misc]
    with pytest.raises(TypeError, match="body"):
        Article(slug="a", title="T",  # type: ignore[call-arg]
                date=dt.datetime(2025, 8, 8, tzinfo=dt.UTC), has_time=True,
                path=Path("a.md"), body_line=1)


def test_a_note_merging_linked_shares_all_but_its_body_with_ours():
    """A worker sends back a copy of a note whose body merging linked: the page
    keeps that body and our note's path, kind, sources and quote, not copies."""
    ours = note(body="See Nakhchivan.")
    linked = pickle.loads(pickle.dumps(note()))  # as a worker's result arrives
    page = MergedPage(article=article(), body="", front="",
                      anchors=(Anchor(linked, 0, 0, 7, "resumed", 100.0),))
    shared = with_our_notes(page, (ours,)).anchors[0].annotation
    assert shared == linked and shared.body == linked.body
    assert shared.path is ours.path and shared.kind is ours.kind
    assert shared.sources is ours.sources and shared.quote is ours.quote


def test_a_note_that_differs_in_more_than_its_body_is_kept_as_given():
    ours = note(body="See Nakhchivan.")
    other = note(quote="on Tuesday")
    page = MergedPage(article=article(), body="", front="",
                      anchors=(Anchor(other, 0, 0, 7, "on Tuesday", 100.0),))
    assert with_our_notes(page, (ours,)).anchors[0].annotation is other


@pytest.mark.parametrize("value", [
    note(), Anchor(note(), 0, 0, 7, "resumed", 100.0), Mention("nakhchivan", "Talks resumed."),
    AnnotationSource("Wire")])
def test_the_many_small_values_have_no_instance_dict(value):
    """Tens of thousands of each at 10,000 articles, most of them unpickled from
    a worker, where each dict cost some 290 bytes: slots instead, pickled as a
    call of the class (model/by_fields.py), which the store's loader allows."""
    assert not hasattr(value, "__dict__")
    cls, values = value.__reduce__()
    assert cls is type(value) and cls(*values) == value
    assert pickle.loads(pickle.dumps(value)) == value
    assert safe_pickle.loads(safe_pickle.dumps(value)) == value


def test_pickling_by_fields_refuses_a_class_it_cannot_rebuild():
    @dataclasses.dataclass(frozen=True)
    class One:
        only: str

    @dataclasses.dataclass(frozen=True)
    class Derived:
        given: str
        made: str = dataclasses.field(init=False, default="")

    for cls in (One, Derived):
        with pytest.raises(TypeError, match="two or more fields"):
            pickled_by_fields(cls)


def test_a_note_merging_linked_is_stored_by_id_and_body_and_restored_as_ours():
    """The store keeps such a note as a LinkedRef (its id and linked body), not
    some twenty objects; reading it gives back our note with that body."""
    from briefing.engine.entries import (ArticleEntry, LinkedRef, own_notes, restored,
                                         stored_form)

    ours, other = note(body="See Nakhchivan."), note(quote="on Tuesday")
    other = dataclasses.replace(other, id="context-2")
    arrived = pickle.loads(pickle.dumps((note(), other)))  # copies, as from a worker
    page = with_our_notes(MergedPage(article=article(), body="", front="", anchors=(
        Anchor(arrived[0], 0, 0, 7, "resumed", 100.0),
        Anchor(arrived[1], 0, 0, 7, "on Tuesday", 100.0))), (ours,))
    own, own_linked = own_notes(page, (ours,))
    assert own == frozenset() and own_linked == {"context-1"}
    entry = ArticleEntry("key", page, [], own=own, own_linked=own_linked)
    stored = stored_form(entry).page.anchors
    assert stored[0].annotation == LinkedRef("context-1", note().body)
    assert stored[1].annotation == arrived[1]  # not one of ours: kept whole
    back = safe_pickle.loads(safe_pickle.dumps(stored_form(entry)))
    again = restored(back, article(), (ours,))
    assert again is not None and again.page.anchors == page.anchors
    assert again.page.anchors[0].annotation.path is ours.path
    assert restored(safe_pickle.loads(safe_pickle.dumps(stored_form(entry))), article(),
                    ()) is None  # a LinkedRef naming no loaded note: the entry is not used
