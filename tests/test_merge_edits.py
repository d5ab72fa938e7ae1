"""The paragraph three-way merge that keeps an editor's hand edits on --revise."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.wire.merge_edits import merge

PARAGRAPH = st.sampled_from(["Alpha one.", "Beta two.", "Gamma three.", "Delta four.",
                             "Epsilon five.", "Zeta six."])
BODY = st.lists(PARAGRAPH, min_size=1, max_size=6).map(lambda ps: "\n\n".join(ps) + "\n")


@given(BODY, BODY)
def test_one_side_unchanged_gives_the_other(base, other):
    assert merge(base, base, other) == (other, [])
    merged = merge(base, other, base)
    assert merged is not None and merged[0] == other


def test_edits_far_apart_are_both_kept_and_edits_side_by_side_are_refused():
    base = "A.\n\nB.\n\nC.\n\nD.\n"
    assert merge(base, "A, edited.\n\nB.\n\nC.\n\nD.\n", "A.\n\nB.\n\nC.\n\nD, new.\n") == \
        ("A, edited.\n\nB.\n\nC.\n\nD, new.\n", [1])
    assert merge(base, "A, edited.\n\nB.\n\nC.\n\nD.\n", "A.\n\nB, new.\n\nC.\n\nD.\n") is None
    assert merge(base, "A.\n\nB, mine.\n\nC.\n\nD.\n", "A.\n\nB, theirs.\n\nC.\n\nD.\n") is None
