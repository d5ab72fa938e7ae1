"""core/indented_json.py writes what ``json.dumps(..., ensure_ascii=False, indent=1)`` writes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.indented_json import dumps_indented

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(), st.sampled_from(["</script>", "\u2028", "\x00", "é“”", '"\\']))
KEYS = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=800, deadline=None)
@given(VALUES)
def test_written_as_json_writes_it(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_what_json_refuses_it_refuses():
    with pytest.raises(TypeError):
        dumps_indented({"a": Decimal("1")})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): 1})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError):
        dumps_indented(loop)
