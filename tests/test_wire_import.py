"""Tests for ``briefing import``: wire text in, Markdown article out."""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.commands.main import main
from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError, Diagnostics
from briefing.load.articles import load_article
from briefing.load.frontmatter import split_front_matter
from briefing.render.markdown import render_markdown
from briefing.text.escape import escape_paragraph, markdown_body
from briefing.text.normal import for_repeats
from briefing.text.repeats import fingerprint, similarity, tokens
from briefing.wire.dedupe import remove_duplicates
from briefing.wire.headline import (
    derive_title,
    find_headline,
    first_sentence,
    is_headline,
)
from briefing.wire.importer import ImportOptions, import_report
from briefing.wire.lines import split_units
from briefing.wire.parse import ParsedReport, ReportError, parse_report

FIXTURES = Path(__file__).parent / "fixtures" / "wire"
MESSY = FIXTURES / "000_75c804df594512e2.txt"
CLEAN = FIXTURES / "001_8c4c6450a80386cd.txt"
WRAPPED = FIXTURES / "hard_wrapped.txt"
DATE = dt.date(2025, 8, 8)
MESSY_TITLE = ("Historic Peace Agreement Signed Between Armenia and Azerbaijan "
               "at Trump-Led Summit")

LONG_A = ("The ministry said on Monday that grain exports through the southern ports "
          "had doubled since the spring, citing customs data and shipping records.")
LONG_B = ("Opposition lawmakers questioned the figures, saying the customs office had "
          "changed how it counts transit cargo and that the comparison was misleading.")


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    return SiteConfig(root=tmp_path, config_path=tmp_path / "site.yml", title="T",
                      base_url="https://example.org/")


def write_report(tmp_path: Path, text: str | bytes, name: str = "report.txt") -> Path:
    path = tmp_path / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def run(path: Path, config: SiteConfig, **options: object):
    return import_report(path, config, ImportOptions(date=DATE, **options))


def front_and_body(path: Path) -> tuple[dict, str]:
    split = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(split.yaml_text), split.body


def source_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


# --- the two real seeds -----------------------------------------------------------

def test_fixtures_are_byte_copies_of_the_seeds() -> None:
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared seeds not available")
    for fixture in (MESSY, CLEAN):
        assert fixture.read_bytes() == (seeds / fixture.name).read_bytes()


def test_messy_seed_title_dek_and_doubled_title(config: SiteConfig) -> None:
    result = run(MESSY, config)
    lines = source_lines(MESSY)
    data, body = front_and_body(result.path)
    assert data["title"] == MESSY_TITLE
    assert data["dek"] == lines[0]
    assert result.path.read_text(encoding="utf-8").count(MESSY_TITLE) == 1
    assert MESSY_TITLE not in body
    assert result.path == config.root / "content" / "articles" / (
        "historic-peace-agreement-signed-between-armenia-and.md")


def test_messy_seed_repeated_paragraphs_kept_once(config: SiteConfig) -> None:
    result = run(MESSY, config)
    text = result.path.read_text(encoding="utf-8")
    lines = source_lines(MESSY)
    repeated = lines[6:11]
    assert repeated == lines[11:16]  # the seed resends five paragraphs at its end
    for paragraph in repeated:
        assert text.count(paragraph) == 1
    for paragraph in lines[4:6]:
        assert text.count(paragraph) == 1
    assert result.report is not None and len(result.report.paragraphs) == 7


def test_messy_seed_notes(config: SiteConfig) -> None:
    notes = run(MESSY, config).notes
    assert notes[0] == f"title: {MESSY_TITLE} (detected)"
    assert notes[1].startswith("dek: The agreement heralds a new era")
    assert notes[2] == "7 paragraphs kept, 5 duplicates removed"
    assert "removed doubled title on line 4" in notes
    removals = [n for n in notes if n.startswith("removed paragraph")]
    assert removals == [f"removed paragraph {i}: repeats paragraph {i - 5} (100% match)"
                        for i in range(8, 13)]


def test_clean_seed_derived_title_keeps_everything(config: SiteConfig) -> None:
    result = run(CLEAN, config)
    data, body = front_and_body(result.path)
    paragraphs = [line for line in source_lines(CLEAN) if line]
    assert data["title"] == ("The leaders of Azerbaijan and Armenia have taken "
                             "a monumental step")
    assert "dek" not in data
    assert result.notes[0] == (f"title: {data['title']} (no headline found: first "
                               "sentence used; edit it)")
    assert result.notes[2] == "6 paragraphs kept, 0 duplicates removed"
    assert body.strip().split("\n\n") == paragraphs
    assert result.report is not None and not result.report.title_detected


# --- shapes of input ------------------------------------------------------------

def test_hard_wrapped_blocks_are_joined(config: SiteConfig) -> None:
    result = run(WRAPPED, config)
    data, body = front_and_body(result.path)
    assert data["title"] == "Harbour Authority Reopens Northern Pier After Storm Repairs"
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The northern pier of the city harbour reopened "
                                    "to cargo traffic on Tuesday, three weeks")
    assert all("\n" not in p for p in paragraphs)
    assert "joined hard-wrapped lines into paragraphs" in result.notes


def test_wrapped_file_keeps_stand_first_and_headline_apart() -> None:
    wrapped = WRAPPED.read_text(encoding="utf-8")
    text = "Repairs took three weeks and came in under budget.\n" + wrapped
    report = parse_report(text.replace("\n", "\r\n"))
    assert report.hard_wrapped and report.title_detected
    assert report.dek == "Repairs took three weeks and came in under budget."
    assert report.title == "Harbour Authority Reopens Northern Pier After Storm Repairs"
    assert len(report.paragraphs) == 4


def test_wrapped_word_broken_at_hyphen_is_glued() -> None:
    text = ("A Headline For The Test\n\nThe talks ended years of long-\nstanding "
            "hostility between the two\nneighbours, officials said on a call.\n")
    assert parse_report(text).paragraphs == (
        "The talks ended years of long-standing hostility between the two "
        "neighbours, officials said on a call.",)


def test_short_sentence_per_line_is_not_mistaken_for_wrapping() -> None:
    text = "Short Headline Here\nFirst short sentence.\nSecond short sentence.\n"
    report = parse_report(text)
    assert report.paragraphs == ("First short sentence.", "Second short sentence.")
    assert not report.hard_wrapped


def test_crlf_bom_nbsp_and_trailing_whitespace(tmp_path: Path, config: SiteConfig) -> None:
    plain = MESSY.read_text(encoding="utf-8")
    messy = "\ufeff" + "\r\n".join(line.replace(" ", "\u00a0", 2) + " \t"
                                   for line in plain.split("\n"))
    result = run(write_report(tmp_path, messy), config)
    tidy = result.path.read_bytes().replace(b"original: wire/report.txt\n", b"")
    clean = run(MESSY, config, force=True).path.read_bytes()
    assert tidy == clean.replace(b"original: wire/000_75c804df594512e2.txt\n", b"")
    assert b"\r" not in result.path.read_bytes()
    assert "\u00a0" not in result.path.read_text(encoding="utf-8")


def test_headline_on_first_line_gives_no_dek() -> None:
    report = parse_report("Ministers Agree Budget Deal\n\n" + LONG_A)
    assert report.title == "Ministers Agree Budget Deal"
    assert report.dek is None and report.title_detected
    assert report.paragraphs == (LONG_A,)


def test_subheading_in_body_is_not_the_headline() -> None:
    text = "\n\n".join([LONG_A + " " + LONG_B, LONG_B, "Background", LONG_A[:60] + "."])
    report = parse_report(text)
    assert not report.title_detected
    assert "Background" in report.paragraphs


# --- duplicates -----------------------------------------------------------------

def test_near_duplicate_with_one_word_changed_is_removed() -> None:
    changed = LONG_A.replace("doubled", "tripled")
    report = parse_report("\n\n".join(["A Headline Here", LONG_A, LONG_B, changed]))
    assert report.paragraphs == (LONG_A, LONG_B)
    assert len(report.removed) == 1
    note = report.notes[-1]
    assert re.fullmatch(r"removed paragraph 3: repeats paragraph 1 \(9\d% match\)", note)


def test_quote_dash_case_variants_count_as_exact_repeats() -> None:
    a = 'He said "it\'s over" - and left the room, ending the talks.'
    b = "HE SAID \u201cIT\u2019S OVER\u201d \u2014 and left  the room, ending the talks."
    kept, removed = remove_duplicates([a, b])
    assert kept == [a] and removed[0].percent == 100


def token_ratio(a: str, b: str) -> float:
    """The reference definition of "similar": 2 x the longest common subsequence
    of the normalised word tokens over their total count."""
    x, y = tokens(a), tokens(b)
    if not x and not y:
        return 1.0
    row = [0] * (len(y) + 1)
    for word in x:
        previous = 0  # row[j - 1] of the row before
        for j, other in enumerate(y, start=1):
            previous, row[j] = row[j], (previous + 1 if word == other
                                        else max(row[j], row[j - 1]))
    return 2 * row[-1] / (len(x) + len(y))


def test_similar_but_different_paragraphs_are_both_kept() -> None:
    first = ("Rain is expected in the north on Monday, with snow on high ground later "
             "in the day and strong winds along the coast.")
    second = ("Rain is expected in the south on Tuesday, with snow on high ground later "
              "in the week and light winds along the coast.")
    assert 0.7 < token_ratio(first, second) < 0.9
    kept, removed = remove_duplicates([first, second])
    assert kept == [first, second] and removed == []


def test_similarity_prefilter_agrees_with_the_definition() -> None:
    changed = LONG_A.replace("spring", "summer")
    a, b = fingerprint(LONG_A), fingerprint(changed)
    assert similarity(a, b) == pytest.approx(token_ratio(LONG_A, changed)) and \
        token_ratio(LONG_A, changed) > 0.9
    assert similarity(a, fingerprint(LONG_B)) == 0.0 < token_ratio(LONG_A, LONG_B)


def test_similarity_is_the_definition_at_or_above_the_threshold() -> None:
    """Whatever the bounds skip, the answer is the token ratio when it reaches
    the threshold and 0.0 when it does not: paragraphs of like and unlike
    lengths over a small vocabulary, so that near repeats are common."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.lists(st.sampled_from(["rain", "snow", "north", "wind", "the", "a"]),
                     max_size=24)

    @settings(max_examples=300, deadline=None)
    @given(words, words, st.sampled_from([0.5, 0.8, 0.9, 1.0]))
    def check(first: list[str], second: list[str], threshold: float) -> None:
        a, b = fingerprint(" ".join(first)), fingerprint(" ".join(second))
        expected = token_ratio(" ".join(first), " ".join(second))
        found = similarity(a, b, threshold)
        if expected >= threshold - 1e-9:  # at the threshold (as floating point has it)
            assert found == pytest.approx(expected)
        else:
            assert found == 0.0

    check()


def test_many_long_random_paragraphs() -> None:
    """Correctness on a big input; its speed belongs in a benchmark, not here."""
    rng = random.Random(7)
    vocabulary = (MESSY.read_text(encoding="utf-8") + CLEAN.read_text(encoding="utf-8")).split()
    paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(90)) for _ in range(300)]
    kept, removed = remove_duplicates(paragraphs + paragraphs[:30])
    assert len(kept) == 300 and len(removed) == 30


# --- headline helpers --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Historic Peace Agreement Signed", True),
    ('Trump Calls Deal "Historic"', True),
    ("Talks collapse.", False),
    ('He said "enough."', False),
    ("What happens next?", False),
    ("Update:", False),
    ("Update", False),
    ("word " * 26, False),
])
def test_is_headline(text: str, expected: bool) -> None:
    assert is_headline(text.strip()) is expected


def test_find_headline_allows_two_stand_first_sentences_at_most() -> None:
    assert find_headline(["One sentence.", "Two sentences.", "The Headline"]) == 2
    assert find_headline(["A.", "B c.", "C d.", "The Headline"]) is None


def test_first_sentence_skips_abbreviations() -> None:
    text = "The U.S. envoy met Mr. Smith on Friday. Talks resume next week."
    assert first_sentence(text) == "The U.S. envoy met Mr. Smith on Friday."
    assert derive_title(text) == "The U.S. envoy met Mr. Smith on Friday"
    assert derive_title('Officials called it "a miracle." Then they left.') == \
        'Officials called it "a miracle"'


# --- errors -------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b" \r\n\t\n\xc2\xa0\n", "is empty"),
    ("\ufeff".encode(), "is empty"),
    (b"Just A Headline\n\nJust A Headline\n", "has no paragraphs"),
    (b"caf\xe9 au lait.\n", "not UTF-8 text"),
])
def test_user_errors(tmp_path: Path, config: SiteConfig, content: bytes,
                     message: str) -> None:
    path = write_report(tmp_path, content)
    with pytest.raises(BriefingError) as info:
        run(path, config)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert not (config.root / "content").exists()


@pytest.mark.parametrize("url", ["example.org/story", "ftp://example.org/x", "https://"])
def test_bad_source_url_is_refused(config: SiteConfig, url: str) -> None:
    with pytest.raises(BriefingError, match="absolute http"):
        run(MESSY, config, source_url=url)
    assert not (config.root / "content").exists()


def test_existing_article_needs_force(config: SiteConfig) -> None:
    path = run(MESSY, config).path
    path.write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        run(MESSY, config)
    assert str(info.value).startswith(f"{MESSY}: ") and "--force" in str(info.value)
    assert path.read_text(encoding="utf-8") == "edited by hand\n"
    assert run(MESSY, config, force=True).path == path
    assert path.read_text(encoding="utf-8").startswith("---\ntitle: Historic")


def test_parser_errors_are_value_errors_without_paths() -> None:
    with pytest.raises(ReportError, match="^is empty"):
        parse_report("\n \n")


# --- output format --------------------------------------------------------------

def test_front_matter_keys_and_values(config: SiteConfig) -> None:
    result = run(MESSY, config, source_name=" Wire Service ",
                 source_url="https://example.org/story")
    data, body = front_and_body(result.path)
    assert list(data) == ["title", "dek", "date", "source", "original", "tags"]
    assert data["original"] == "wire/000_75c804df594512e2.txt"
    assert data["date"] == DATE
    assert data["source"] == {"name": "Wire Service", "url": "https://example.org/story"}
    assert data["tags"] == []
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\n---\n\nLeaders from Armenia" in text
    assert text.endswith(".\n") and not text.endswith("\n\n")


def test_front_matter_without_source(config: SiteConfig) -> None:
    data, _ = front_and_body(run(CLEAN, config).path)
    assert list(data) == ["title", "date", "original", "tags"]
    data, _ = front_and_body(run(CLEAN, config, force=True, source_name="AP").path)
    assert data["source"] == {"name": "AP"}


def test_written_article_passes_site_validation(config: SiteConfig) -> None:
    diagnostics = Diagnostics()
    path = run(MESSY, config, source_name="Wire", source_url="https://example.org/x").path
    article = load_article(path, config, diagnostics)
    assert diagnostics.items == []
    assert article is not None and article.title == MESSY_TITLE


def test_markdown_specials_render_as_literal_text(tmp_path: Path,
                                                  config: SiteConfig) -> None:
    specials = ["# Not a heading, says the agency.", "1. Not a list item either.",
                "- Not a bullet.", "> Not a quote.", "Some *stars* and _under_ and `tick`.",
                "A [link](https://example.org) and <https://example.org> here.",
                "Entities like &amp; stay literal, as do ~~strikes~~ and back\\slashes."]
    text = "Markdown Lookalikes In Wire Copy\n\n" + "\n\n".join(specials)
    _, body = front_and_body(run(write_report(tmp_path, text), config).path)
    rendered = render_markdown(body)
    for tag in ("<h1", "<ol", "<ul", "<blockquote", "<em", "<code", "<a ", "<s>"):
        assert tag not in rendered
    paragraphs = re.findall(r"<p>(.*?)</p>", rendered)
    assert [html.unescape(p) for p in paragraphs] == specials


def test_quotes_and_dashes_kept_as_in_source() -> None:
    body = markdown_body(['He said \u201cyes\u201d \u2014 and "no" - twice.'])
    assert body == 'He said \u201cyes\u201d \u2014 and "no" - twice.\n'


def test_same_input_same_bytes(config: SiteConfig) -> None:
    first = run(MESSY, config).path.read_bytes()
    assert run(MESSY, config, force=True).path.read_bytes() == first


def test_cli_prints_notes_and_writes_article(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("title: T\nbase_url: https://example.org/\n",
                                       encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(MESSY), "--config",
                                       str(tmp_path / "site.yml"), "--date", "2025-08-08",
                                       "--source-name", "Wire"])
    assert result.exit_code == 0, result.output
    assert f"  title: {MESSY_TITLE} (detected)" in result.output
    assert "  removed paragraph 12: repeats paragraph 7 (100% match)" in result.output
    written = tmp_path / "content" / "articles" / (
        "historic-peace-agreement-signed-between-armenia-and.md")
    assert written.is_file()
    again = CliRunner().invoke(main, ["import", str(MESSY), "--config",
                                      str(tmp_path / "site.yml")])
    assert again.exit_code == 1 and "--force" in again.output


@pytest.mark.parametrize("written, told", [
    ("2025-02-30", "2025-02-30 is not a real date: February 2025 has 28 days"),
    ("2025-8-8", "'2025-8-8' is not written as an ISO date: write 2025-08-08"),
])
def test_the_date_option_is_told_as_front_matter_dates_are(tmp_path: Path, written: str,
                                                           told: str) -> None:
    """A review: --date 2025-02-30 said only 'not an ISO date'."""
    (tmp_path / "site.yml").write_text("title: T\nbase_url: https://example.org/\n",
                                       encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(MESSY), "--config",
                                       str(tmp_path / "site.yml"), "--date", written])
    assert result.exit_code == 2
    assert told in result.output


# --- properties ---------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
PARAGRAPH = st.lists(WORD, min_size=3, max_size=14).map(
    lambda words: " ".join(words).capitalize() + ".")


@st.composite
def paragraphs_with_repeats(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Distinct paragraphs (pairwise ratio < 0.9), then a shuffle with exact repeats."""
    distinct = draw(st.lists(PARAGRAPH, min_size=1, max_size=7))
    assume(all(token_ratio(a, b) < 0.9 for i, a in enumerate(distinct)
               for b in distinct[i + 1:]))
    extra = draw(st.lists(st.sampled_from(distinct), max_size=6))
    order = draw(st.permutations(distinct + extra))
    return distinct, list(order)


@settings(max_examples=150, deadline=None)
@given(paragraphs_with_repeats(), st.sampled_from(["\n", "\n\n", "\r\n\r\n"]))
def test_parser_keeps_every_distinct_paragraph_once(case, separator: str) -> None:
    distinct, order = case
    report = parse_report(separator.join(order))
    expected = list(dict.fromkeys(order))
    assert list(report.paragraphs) == expected
    assert sorted(report.paragraphs) == sorted(distinct)
    assert len(report.removed) == len(order) - len(distinct)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_crashes_or_keeps_identical_paragraphs(text: str) -> None:
    try:
        report = parse_report(text)
    except ReportError:
        return
    assert isinstance(report, ParsedReport) and report.title
    normals = [for_repeats(p) for p in report.paragraphs]
    assert len(normals) == len(set(normals))
    assert all(p and p == p.strip() and "\n" not in p for p in report.paragraphs)


LITERAL = st.text(alphabet="ab 19#>-+*_`[]()<>&;\\~!|=:/", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(LITERAL)
def test_escaped_paragraph_renders_as_the_same_text(text: str) -> None:
    text = " ".join(text.split())
    assume(text and not re.search(r"--|\+-|\.\.|\([cCrRtTpP]", text))
    rendered = render_markdown(escape_paragraph(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    inner = rendered[3:-5]
    assert "<" not in inner
    assert html.unescape(inner) == text


def test_split_units_one_line_per_paragraph_keeps_lines() -> None:
    units = split_units(MESSY.read_text(encoding="utf-8"))
    assert not units.hard_wrapped
    assert [u.line for u in units.units] == [1, 2, *range(4, 17)]
