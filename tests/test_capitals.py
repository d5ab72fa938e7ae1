"""The near-miss check's word reading (glossary/capitals.py): stepping over
lower-case words with one pattern reads what reading every word reads."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.glossary.capitals import _word_by_word, capitalised

PIECES = st.sampled_from([
    "Nakhichevan", "Nakhchivan", "Karabakh", "peace", "deal", "Azerbaijan's", "rock-'n'-roll",
    "aB", "abcDef", "x12Abc", "12Ab", "Ab_", "Ab_1", "Ab-", "-Cd", "'", "-", "_", "1", "9x",
    "A", "B", "é", "É", "Ærø", "ǅ", "Ŋ", "ß", "Straße", "Ω", "Дума", "“", "”", "—", ",", ".",
    " ", " ", " ", "\n", "\t", "Mr", "Van", "St.", "U.N.", "O'Neil", "l'Île",
])


@st.composite
def texts(draw) -> tuple[str, bytearray | None]:
    text = "".join(draw(st.lists(PIECES, max_size=25)))
    if not text or draw(st.booleans()):
        return text, None
    covered = bytearray(len(text))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, len(text)))
        covered[start:end] = b"\x01" * (end - start)
    return text, covered


@settings(max_examples=1500, deadline=None)
@given(texts(), st.integers(1, 6))
@example(("abcDef Ghijk lmn", None), 5)
@example(("Upper Jofeeli said", bytearray(b"\x01" * 5 + b"\x00" * 13)), 5)
def test_stepping_reads_as_reading_every_word(case, min_length):
    text, covered = case
    assert list(capitalised(text, covered, min_length)) == \
        list(_word_by_word(text, covered, min_length))


def test_other_scripts_are_read_word_by_word():
    assert list(capitalised("Государственная Дума said", None, 5)) == \
        ["Государственная", "Государственная Дума", "Дума said"]
