"""Tests for ``briefing.compare``: quotations, speakers, alignment, diffs, source quality."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.compare import (
    AlignRules,
    SourceText,
    compare_sources,
    diff_words,
    paragraphs_from_text,
    render_html,
)
from briefing.compare.align import (
    SAME_SPEAKER_THRESHOLD,
    UNKNOWN_SPEAKER_THRESHOLD,
    SourceQuotations,
    align_sources,
    similarity,
)
from briefing.compare.diff import side_a, side_b, words
from briefing.compare.quality import assess
from briefing.compare.quotes import Quotation, extract_all, extract_quotations
from briefing.text.normal import for_comparing

FIXTURES = Path(__file__).parent / "fixtures" / "compare"
SEED_A = FIXTURES / "000_75c804df594512e2.txt"
SEED_B = FIXTURES / "001_8c4c6450a80386cd.txt"

ALIYEV_A = "We lost a lot of years being preoccupied with wars and occupation and bloodshed"
ALIYEV_B = "We have lost many years due to wars and bloodshed"


def seed(path: Path, source_id: str) -> SourceText:
    return SourceText.from_text(source_id, f"Wire report {source_id}",
                                path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def source_a() -> SourceText:
    return seed(SEED_A, "A")


@pytest.fixture(scope="module")
def source_b() -> SourceText:
    return seed(SEED_B, "B")


@pytest.fixture(scope="module")
def comparison(source_a: SourceText, source_b: SourceText):
    return compare_sources([source_a, source_b])


def quote(text: str, speaker: str | None, paragraph: int = 0) -> Quotation:
    """A hand-made quotation for alignment tests (span is irrelevant there)."""
    return Quotation(text=text, speaker=speaker, paragraph=paragraph, span=(0, len(text) + 2),
                     short=len(text.split()) <= 3)


def align_pair(a: Quotation, b: Quotation, rules: AlignRules = AlignRules()):
    return align_sources([SourceQuotations("A", "A", (a,)), SourceQuotations("B", "B", (b,))],
                         rules)


def found(paragraph: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotations(paragraph)]


def test_fixtures_are_byte_copies_of_the_seeds() -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared seeds not available")
    for fixture in (SEED_A, SEED_B):
        assert fixture.read_bytes() == (seeds / fixture.name).read_bytes()


# --- quotation extraction ---------------------------------------------------------

def test_straight_quotes(source_a: SourceText) -> None:
    paragraph = source_a.paragraphs[4]
    quotations = extract_quotations(paragraph, 4)
    assert [(q.text, q.speaker, q.short) for q in quotations] == [
        ("historic", "Trump", True), ("It's been a long time coming.", "Trump", False)]
    for q in quotations:
        assert q.paragraph == 4
        assert paragraph[q.span[0]] == paragraph[q.span[1] - 1] == '"'


def test_typographic_quotes(source_b: SourceText) -> None:
    paragraph = source_b.paragraphs[2]
    aliyev = extract_quotations(paragraph)[1]
    assert aliyev.text == ALIYEV_B and aliyev.speaker == "Aliyev"
    assert paragraph[aliyev.span[0]:aliyev.span[1]] == f"\u201c{ALIYEV_B},\u201d"


def test_quotation_split_by_attribution_is_joined() -> None:
    paragraph = "\u201cWe lost years,\u201d Aliyev said, \u201cbut no more.\u201d"
    [q] = extract_quotations(paragraph)
    assert q.text == "We lost years \u2026 but no more."
    assert q.speaker == "Aliyev"
    assert q.span == (0, len(paragraph))
    assert [paragraph[s:e] for s, e in q.parts] == ["\u201cWe lost years,\u201d",
                                                      "\u201cbut no more.\u201d"]


def test_quotations_after_a_sentence_start_are_not_joined() -> None:
    # The second part starts a sentence: two quotations, both by Trump.
    assert found('Trump called it "historic," stating, "It\'s been a long time coming."') == [
        ("historic", "Trump"), ("It's been a long time coming.", "Trump")]


def test_nested_quotes_stay_inside_the_outer_quotation() -> None:
    paragraph = "\u201cHe called it \u2018historic\u2019,\u201d she said."
    assert found(paragraph) == [("He called it \u2018historic\u2019", None)]
    assert found('"He called it \u2018historic\u2019," she said.') == [
        ("He called it \u2018historic\u2019", None)]


def test_paragraph_without_quotes() -> None:
    assert extract_quotations("Negotiations surrounding this transit route caused tensions.") == []
    assert extract_quotations("") == []


@pytest.mark.parametrize("paragraph, expected", [
    ("He said \u201cwe will win. Then \u201cNothing,\u201d she said.", [("Nothing", None)]),
    ('He said "we will win. Then "Nothing," she said.', [("Nothing", None)]),
    ("The deal\u201d was signed on \u201cFriday.", []),
    ("\u201cPeace,\u201d Trump said. And then \u201cforever", [("Peace", "Trump")]),
    ("A stray \u2018 mark and \u2019 another.", []),
])
def test_unbalanced_quotes_are_skipped(paragraph: str, expected: list) -> None:
    assert found(paragraph) == expected


def test_apostrophes_are_not_quotes(source_a: SourceText) -> None:
    assert found("Trump\u2019s envoy praised the nations\u2019 leaders "
                 "and the \u201990s deal.") == []
    assert found("The nations\u2019 leaders said \u2018peace\u2019 was near.") == [("peace", None)]
    assert found("\u2018The nations\u2019 histories are long,\u2019 Aliyev said.") == [
        ("The nations\u2019 histories are long", "Aliyev")]
    # Seed A: "nations' histories" and "Trump's administration" hold straight apostrophes.
    assert [q.text for q in extract_all(source_a.paragraphs)[:2]] == [
        "historic", "It's been a long time coming."]


def test_scare_quotes_are_short(source_a: SourceText, source_b: SourceText) -> None:
    short = {(q.text, q.short) for q in extract_all(source_a.paragraphs + source_b.paragraphs)}
    assert {("historic", True), ("miracle", True), ("forever", True),
            ("significant milestone", True), (ALIYEV_A, False)} <= short


# --- speakers ---------------------------------------------------------------------

@pytest.mark.parametrize("source, index, text, speaker", [
    # "..." X stated
    ("A", 5, ALIYEV_A, "Aliyev"),
    # X called the agreement a "..."
    ("A", 5, "significant milestone", "Pashinyan"),
    # President Trump, who hosted the meeting, heralded the signing as "..."
    ("A", 4, "historic", "Trump"),
    # ..., stating, "..." with the subject earlier in the sentence
    ("A", 4, "It's been a long time coming.", "Trump"),
    ("B", 2, ALIYEV_B, "Aliyev"),
    # with Aliyev claiming that Trump's administration had achieved a "..."
    ("A", 7, "miracle", "Aliyev"),
    # Aliyev commended Trump's diplomatic efforts, claiming that a "..."
    ("B", 4, "miracle", "Aliyev"),
    # with Trump labeling the event as a "..." moment
    ("B", 0, "historic", "Trump"),
    # "...," Trump remarked
    ("B", 1, "This agreement is a long time coming", "Trump"),
    # Trump stated that ... "..."
    ("B", 2, "forever", "Trump"),
])
def test_speakers_in_the_seeds(source_a: SourceText, source_b: SourceText, source: str,
                               index: int, text: str, speaker: str) -> None:
    paragraphs = (source_a if source == "A" else source_b).paragraphs
    assert (text, speaker) in found(paragraphs[index])


@pytest.mark.parametrize("paragraph, speaker", [
    ('"It is done," said President Donald Trump.', "Trump"),
    ("\u201cPeace is here,\u201d Azerbaijani President Ilham Aliyev said.", "Aliyev"),
    ('"Peace," Trump, who hosted the talks, said.', "Trump"),
    ('According to Ilham Aliyev, "peace is here."', "Aliyev"),
    ('On Friday, Prime Minister Nikol Pashinyan told reporters: "We are ready."', "Pashinyan"),
    ('"We are ready," he said, as Pashinyan looked on.', None),
    ('The deal was called "historic" in Moscow.', None),
    ('Nobody expected a "miracle".', None),
    ("The Armenians\u2019 envoy said \u201cenough\u201d.", None),
])
def test_speaker_patterns(paragraph: str, speaker: str | None) -> None:
    [q] = extract_quotations(paragraph)
    assert q.speaker == speaker


def test_speaker_of_one_sentence_does_not_leak_into_the_next() -> None:
    paragraph = 'Trump said the talks went well. The summit was a "miracle" for some.'
    assert found(paragraph) == [("miracle", None)]


# --- alignment --------------------------------------------------------------------

def groups(comparison) -> list[tuple]:
    return [(g.speaker, *g.wordings) for g in comparison.alignment.aligned]


def test_seed_alignment(comparison) -> None:
    assert groups(comparison) == [
        ("Trump", "historic", "historic"),
        ("Trump", "It's been a long time coming.", "This agreement is a long time coming"),
        ("Aliyev", ALIYEV_A, ALIYEV_B),
        ("Aliyev", "miracle", "miracle"),
    ]


def test_aliyev_pair_aligns_above_threshold(comparison) -> None:
    aliyev = comparison.alignment.aligned[2]
    assert aliyev.rule == "same speaker"
    assert SAME_SPEAKER_THRESHOLD <= aliyev.score < 100
    assert aliyev.score == pytest.approx(
        similarity(for_comparing(ALIYEV_A), for_comparing(ALIYEV_B)), abs=0.05)
    # Seed A prints the quotation twice (a resent paragraph): one entry, the repeat noted.
    assert aliyev.entries[0].quotation.paragraph == 5
    assert aliyev.entries[0].repeated_in == (10,)


def test_trump_long_time_coming_aligns(comparison) -> None:
    trump = comparison.alignment.aligned[1]
    assert trump.speaker == "Trump"
    assert trump.score >= SAME_SPEAKER_THRESHOLD


def test_shared_phrase_lowers_the_threshold_for_the_same_speaker() -> None:
    a = quote("It's been a long time coming.", "Trump")
    b = quote("This agreement is a long time coming, and I thank both leaders for their "
              "courage today", "Trump")
    [group] = align_pair(a, b).aligned
    assert group.rule == "shared phrase" and group.score < SAME_SPEAKER_THRESHOLD
    # Without a shared phrase, a similar score keeps two quotations apart.
    c, d = quote("Our people want peace and stability", "Aliyev"), \
        quote("Our citizens want peace, not war", "Aliyev")
    assert similarity(for_comparing(c.text), for_comparing(d.text)) > group.score
    assert align_pair(c, d).aligned == ()


def test_different_speakers_never_align() -> None:
    assert align_pair(quote(ALIYEV_A, "Aliyev"), quote(ALIYEV_A, "Pashinyan")).aligned == ()
    assert align_pair(quote("historic", "Trump"), quote("historic", "Aliyev")).aligned == ()


def test_unknown_speaker_needs_a_higher_score() -> None:
    assert align_pair(quote(ALIYEV_A, "Aliyev"), quote(ALIYEV_B, None)).aligned == ()
    [group] = align_pair(quote(ALIYEV_A, "Aliyev"), quote(ALIYEV_A + ".", None)).aligned
    assert group.rule == "unknown speaker" and group.speaker == "Aliyev"
    assert group.score >= UNKNOWN_SPEAKER_THRESHOLD


def test_pair_just_below_the_threshold_stays_apart() -> None:
    a = quote("Our people want peace and stability", "Aliyev")
    b = quote("The public wants peace and order", "Aliyev")
    score = similarity(for_comparing(a.text), for_comparing(b.text))
    assert SAME_SPEAKER_THRESHOLD - 2 < score < SAME_SPEAKER_THRESHOLD
    alignment = align_pair(a, b)
    assert alignment.aligned == ()
    assert [entry.quotation.text for entry in alignment.single] == [a.text, b.text]
    lowered = AlignRules(same_speaker=SAME_SPEAKER_THRESHOLD - 2)
    assert len(align_pair(a, b, lowered).aligned) == 1
    # And just above it, the pair aligns with the default rules.
    above = quote("Our nation wants peace and security", "Aliyev")
    assert len(align_pair(a, above).aligned) == 1


def test_scare_quotes_align_only_when_the_same_words() -> None:
    assert align_pair(quote("miracle", "Aliyev"), quote("miracles", "Aliyev")).aligned != ()
    assert align_pair(quote("miracle", "Aliyev"), quote("historic", "Aliyev")).aligned == ()
    assert align_pair(quote("historic", "Trump"),
                      quote("It's a historic day for peace in the region", "Trump")).aligned == ()


def test_one_source_quotations(comparison) -> None:
    single = [(e.source_id, e.quotation.speaker, e.quotation.text)
              for e in comparison.alignment.single]
    assert single == [("A", "Pashinyan", "significant milestone"), ("B", "Trump", "forever")]


def test_alignment_is_deterministic(source_a: SourceText, source_b: SourceText,
                                    comparison) -> None:
    assert compare_sources([source_a, source_b]) == comparison
    reversed_groups = [(g.speaker, *g.wordings)
                       for g in compare_sources([source_b, source_a]).alignment.aligned]
    assert reversed_groups == [
        ("Trump", "historic", "historic"),
        ("Trump", "This agreement is a long time coming", "It's been a long time coming."),
        ("Aliyev", ALIYEV_B, ALIYEV_A),
        ("Aliyev", "miracle", "miracle"),
    ]


def test_three_sources() -> None:
    sources = [SourceQuotations("A", "A", (quote(ALIYEV_A, "Aliyev"),)),
               SourceQuotations("B", "B", (quote("forever", "Trump"),)),
               SourceQuotations("C", "C", (quote(ALIYEV_B, "Aliyev"),
                                           quote("forever", "Trump")))]
    alignment = align_sources(sources)
    assert [g.wordings for g in alignment.aligned] == [(ALIYEV_A, None, ALIYEV_B),
                                                       (None, "forever", "forever")]
    assert alignment.single == ()


def test_source_ids_must_be_unique(source_a: SourceText) -> None:
    with pytest.raises(ValueError, match="unique"):
        compare_sources([source_a, source_a])


# --- word diff --------------------------------------------------------------------

def test_aliyev_diff_segments() -> None:
    segments = diff_words(ALIYEV_A, ALIYEV_B)
    assert [(s.kind, " ".join(s.a or s.b)) for s in segments] == [
        ("equal", "We"), ("insert", "have"), ("equal", "lost"), ("delete", "a lot of"),
        ("insert", "many"), ("equal", "years"), ("delete", "being preoccupied with"),
        ("insert", "due to"), ("equal", "wars and"), ("delete", "occupation and"),
        ("equal", "bloodshed"),
    ]
    assert str(render_html(segments)) == (
        "We <ins>have</ins> lost <del>a lot of</del> <ins>many</ins> years "
        "<del>being preoccupied with</del> <ins>due to</ins> wars and "
        "<del>occupation and</del> bloodshed")


def test_diff_ignores_case_and_punctuation_but_keeps_both_spellings() -> None:
    [segment] = diff_words("Bloodshed, \u201cpeace\u201d", "bloodshed \"peace\"")
    assert segment.kind == "equal"
    assert segment.a == ("Bloodshed,", "\u201cpeace\u201d")
    assert segment.b == ("bloodshed", '"peace"')


def test_diff_html_is_escaped() -> None:
    html = str(render_html(diff_words("Peace <script>alert(1)</script> & order",
                                      "Peace <b>now</b> & order")))
    assert "<script>" not in html and "<b>" not in html
    assert html == ("Peace <del>&lt;script&gt;alert(1)&lt;/script&gt;</del> "
                    "<ins>&lt;b&gt;now&lt;/b&gt;</ins> &amp; order")


# --- source quality ---------------------------------------------------------------

def test_seed_a_repeats_five_body_paragraphs(comparison) -> None:
    quality = comparison.quality[0]
    assert [(r.paragraph, r.repeats) for r in quality.body_repeats] == [
        (10, 5), (11, 6), (12, 7), (13, 8), (14, 9)]
    assert all(r.score >= 90 for r in quality.repeats)
    # The doubled headline (lines 2 and 4) is reported too, flagged as a headline.
    assert [(r.paragraph, r.repeats, r.headline) for r in quality.repeats
            if r.headline] == [(2, 1, True)]


def test_repeated_paragraphs_are_lines_7_to_11_again(source_a: SourceText) -> None:
    lines = SEED_A.read_text(encoding="utf-8").split("\n")
    assert source_a.paragraphs[5:10] == tuple(lines[6:11])
    assert source_a.paragraphs[10:15] == tuple(lines[11:16])


def test_seed_b_has_no_repeats(comparison) -> None:
    assert comparison.quality[1].repeats == ()


def test_word_counts(comparison, source_a: SourceText) -> None:
    a, b = comparison.quality
    assert (a.word_count, b.word_count) == (748, 321)  # as `wc -w` counts the seeds
    assert 0 < a.unique_word_count < a.word_count and b.unique_word_count == b.word_count
    assert assess("A", source_a.paragraphs) == a


def test_near_repeats_are_found() -> None:
    paragraphs = ["The talks resumed in Geneva on Monday after a long pause.",
                  "Something else entirely happened in Washington.",
                  "The talks resumed in Geneva on Monday, after a long pause!"]
    [repeat] = assess("x", paragraphs).repeats
    assert (repeat.paragraph, repeat.repeats, repeat.headline) == (2, 0, False)
    assert repeat.score >= 90


@pytest.mark.parametrize("text, expected", [
    ("One.\nTwo.\nThree.", ("One.", "Two.", "Three.")),
    ("One.\n\nTwo.\r\n\r\nThree.\n", ("One.", "Two.", "Three.")),
    ("A hard-wrapped paragraph that\ngoes on over two lines.\n\nAnd another.",
     ("A hard-wrapped paragraph that goes on over two lines.", "And another.")),
    ("", ()),
])
def test_paragraphs_from_text(text: str, expected: tuple[str, ...]) -> None:
    assert paragraphs_from_text(text) == expected


def test_paragraphs_of_the_seeds(source_a: SourceText, source_b: SourceText) -> None:
    # Seed A has one blank line but one paragraph per line around it.
    assert len(source_a.paragraphs) == 15 and len(source_b.paragraphs) == 6
    assert source_a.paragraphs[1] == source_a.paragraphs[2]


# --- properties -------------------------------------------------------------------

QUOTEY = st.lists(st.sampled_from(list("ab C,.!?' \n\"\u201c\u201d\u2018\u2019\u2026-")
                                   + ["said", "Trump", "stating", "he", "Mr.", "U.S."]),
                  max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), QUOTEY))
def test_extraction_never_raises_and_spans_lie_inside(paragraph: str) -> None:
    for q in extract_quotations(paragraph, 3):
        assert 0 <= q.span[0] < q.span[1] <= len(paragraph)
        assert all(q.span[0] <= s < e <= q.span[1] for s, e in q.parts)
        assert q.paragraph == 3 and q.text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.text(max_size=120))
def test_diff_segments_rejoin_to_both_sides(first: str, second: str) -> None:
    segments = diff_words(first, second)
    assert side_a(segments) == words(first)
    assert side_b(segments) == words(second)
    render_html(segments)
