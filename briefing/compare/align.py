"""Which quotations in different sources are the same quotation.

Two wire services rarely print a quotation identically: one has "We lost a
lot of years being preoccupied with wars and occupation and bloodshed", the
other "We have lost many years due to wars and bloodshed". Aligning them lets
a reader see what each desk kept, cut or reworded.

**Similarity** (0-100) of two quotations is computed on their normal form
(:func:`briefing.text.normal.for_comparing`: casefold, quotes and dashes
unified, punctuation stripped)::

    similarity = max(fuzz.ratio, fuzz.token_set_ratio) × length_factor
    length_factor = min(1, (shorter words / longer words) / LENGTH_RATIO_FLOOR)

``token_set_ratio`` forgives dropped and reordered words (desks trim quotes);
``ratio`` keeps near-identical strings high. ``token_set_ratio`` is 100 when
one text's words are a subset of the other's, so a much shorter text is
penalised linearly once it has less than half the longer one's words.

**Thresholds** (:class:`AlignRules`, defaults below). A pair links when:

* both speakers are known and differ: never;
* both speakers are known and equal: similarity ≥ ``same_speaker`` (70);
  or ≥ ``shared_phrase`` (50) when the texts share a run of
  ``phrase_words`` (3) consecutive words of which at least two are not
  stop words ("long time coming"): a distinctive phrase from the same
  person is strong evidence even when the rest was rephrased;
* one or both speakers unknown: similarity ≥ ``unknown_speaker`` (85);
* either is a scare quote (``short``): similarity ≥ ``short`` (90) as well,
  since one-word quotes share letters by chance ("miracle"/"historic" = 40).

A link names the strictest rule the pair passed. On the seeds, Aliyev's two
wordings score 79.0 and Trump's "It's been a long time coming." / "This
agreement is a long time coming" 82.5 (token_set_ratio: the shared "a long
time coming" dominates), both by "same speaker"; the shared-phrase rule is
the safety net for a longer rewording around the same phrase ("This agreement
is a long time coming, and I thank both leaders …" scores 60).

**Grouping.** Repeats of one quotation within a source (same speaker, same
normal form, e.g. from a resent paragraph) are collapsed first and listed as
``repeated_in``. The first source's quotations each open a group; every
further source's quotations are matched to open groups greedily by
descending score (each group takes at most one quotation per source, a
group's known speaker must not conflict), and unmatched ones open new
groups. Groups with two or more sources are :class:`AlignedQuotation`\\ s, the
rest one-source quotations; both keep the order of first appearance (first
source, then the others). A group's score is its weakest link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from briefing.compare.quotes import Quotation
from briefing.text.normal import for_comparing

SAME_SPEAKER_THRESHOLD = 70.0
SHARED_PHRASE_THRESHOLD = 50.0
UNKNOWN_SPEAKER_THRESHOLD = 85.0
SHORT_THRESHOLD = 90.0
PHRASE_WORDS = 3
LENGTH_RATIO_FLOOR = 0.5
STOP_WORDS = frozenset("""
a an the and or but of to in on at for with by from as is are was were be been being
it its this that these those we i you he she they our my your his her their us them
has have had do does did not no will would can could should may might must there here
so than then very just all any some many much more most such what which who
""".split())


@dataclass(frozen=True)
class AlignRules:
    """Thresholds of the link rules in the module docstring (similarity is 0-100)."""

    same_speaker: float = SAME_SPEAKER_THRESHOLD
    shared_phrase: float = SHARED_PHRASE_THRESHOLD
    unknown_speaker: float = UNKNOWN_SPEAKER_THRESHOLD
    short: float = SHORT_THRESHOLD
    phrase_words: int = PHRASE_WORDS


@dataclass(frozen=True)
class SourceQuotations:
    """One source's quotations, in reading order."""

    id: str
    label: str
    quotations: tuple[Quotation, ...]


@dataclass(frozen=True)
class SourceQuotation:
    """A quotation as one source printed it, with the paragraphs that print it again."""

    source_id: str
    quotation: Quotation
    repeated_in: tuple[int, ...] = ()


@dataclass(frozen=True)
class Link:
    """Why two quotations count as the same: the score and the rule that accepted it."""

    score: float
    rule: str  # "same speaker", "shared phrase", "unknown speaker" or "short"


@dataclass(frozen=True)
class AlignedQuotation:
    """One quotation found in two or more sources."""

    speaker: str | None
    entries: tuple[SourceQuotation | None, ...]  # one per source, in input order
    score: float  # the weakest link that holds the group together
    rule: str

    @property
    def wordings(self) -> tuple[str | None, ...]:
        """Each source's wording, None where the source does not quote it."""
        return tuple(entry.quotation.text if entry else None for entry in self.entries)


@dataclass(frozen=True)
class Alignment:
    """Quotations shared by several sources, and those only one source has."""

    source_ids: tuple[str, ...]
    aligned: tuple[AlignedQuotation, ...]
    single: tuple[SourceQuotation, ...]


@dataclass(frozen=True)
class _Prepared:
    """A quotation with what every comparison needs computed once."""

    entry: SourceQuotation
    normal: str
    words: tuple[str, ...]
    speaker: str | None  # casefolded


@dataclass
class _Group:
    """A growing group during alignment (internal; the result is frozen)."""

    members: dict[int, _Prepared]
    links: list[Link]
    speaker: str | None


def length_factor(words_a: int, words_b: int) -> float:
    """1 while the shorter text has LENGTH_RATIO_FLOOR of the longer's words; less below."""
    shorter, longer = sorted((words_a, words_b))
    if longer == 0:
        return 0.0
    return min(1.0, shorter / longer / LENGTH_RATIO_FLOOR)


def similarity(normal_a: str, normal_b: str) -> float:
    """Similarity 0-100 of two normalised texts (formula in the module docstring)."""
    if not normal_a or not normal_b:
        return 0.0
    base = max(fuzz.ratio(normal_a, normal_b), fuzz.token_set_ratio(normal_a, normal_b))
    return base * length_factor(len(normal_a.split()), len(normal_b.split()))


def shared_phrase(words_a: Sequence[str], words_b: Sequence[str],
                  size: int = PHRASE_WORDS) -> str | None:
    """The first run of ``size`` words both texts contain with at least two non-stop words."""
    grams_b = {tuple(words_b[i:i + size]) for i in range(len(words_b) - size + 1)}
    for i in range(len(words_a) - size + 1):
        gram = tuple(words_a[i:i + size])
        if gram in grams_b and sum(word not in STOP_WORDS for word in gram) >= 2:
            return " ".join(gram)
    return None


def thresholds(a: _Prepared, b: _Prepared, rules: AlignRules) -> list[tuple[float, str]]:
    """The rules a pair may pass, strictest first: (threshold, rule name)."""
    known = a.speaker is not None and b.speaker is not None
    base = (rules.same_speaker, "same speaker") if known \
        else (rules.unknown_speaker, "unknown speaker")
    if a.entry.quotation.short or b.entry.quotation.short:
        return [(max(rules.short, base[0]), "short")]
    if known and shared_phrase(a.words, b.words, rules.phrase_words) is not None:
        return [base, (min(rules.shared_phrase, base[0]), "shared phrase")]
    return [base]


def link(a: _Prepared, b: _Prepared, rules: AlignRules = AlignRules()) -> Link | None:
    """The link between two quotations, or None when they are different quotations.

    The rule named in the link is the strictest one the pair passes, so
    "shared phrase" only shows up where the phrase was needed.
    """
    if a.speaker is not None and b.speaker is not None and a.speaker != b.speaker:
        return None
    score = similarity(a.normal, b.normal)
    for needed, rule in thresholds(a, b, rules):
        if score >= needed:
            return Link(round(score, 1), rule)
    return None


def prepare(entry: SourceQuotation) -> _Prepared:
    """Normalise once: a quotation is compared with every open group."""
    normal = for_comparing(entry.quotation.text)
    speaker = entry.quotation.speaker
    return _Prepared(entry, normal, tuple(normal.split()),
                     speaker.casefold() if speaker else None)


def collapse(source: SourceQuotations) -> list[SourceQuotation]:
    """One entry per distinct quotation of a source; later identical ones become ``repeated_in``."""
    first: dict[tuple[str | None, str], int] = {}
    quotations: list[Quotation] = []
    repeats: list[list[int]] = []
    for quotation in source.quotations:
        speaker = quotation.speaker.casefold() if quotation.speaker else None
        key = (speaker, for_comparing(quotation.text))
        if key in first:
            repeats[first[key]].append(quotation.paragraph)
            continue
        first[key] = len(quotations)
        quotations.append(quotation)
        repeats.append([])
    return [SourceQuotation(source.id, quotation, tuple(again))
            for quotation, again in zip(quotations, repeats)]


def group_link(group: _Group, candidate: _Prepared, rules: AlignRules) -> Link | None:
    """The best link from any member of ``group``, unless the speakers conflict."""
    if group.speaker is not None and candidate.speaker not in (None, group.speaker):
        return None
    links = [found for member in group.members.values()
             if (found := link(member, candidate, rules)) is not None]
    return max(links, key=lambda found: found.score, default=None)


def match_source(groups: Sequence[_Group], prepared: Sequence[_Prepared],
                 rules: AlignRules) -> dict[int, tuple[int, Link]]:
    """Greedy one-to-one matching by descending score: quotation index → (group, link)."""
    candidates = []
    for group_index, group in enumerate(groups):
        for index, candidate in enumerate(prepared):
            found = group_link(group, candidate, rules)
            if found is not None:
                candidates.append((-found.score, group_index, index, found))
    candidates.sort(key=lambda item: item[:3])
    matched: dict[int, tuple[int, Link]] = {}
    taken: set[int] = set()
    for _, group_index, index, found in candidates:
        if index not in matched and group_index not in taken:
            matched[index] = (group_index, found)
            taken.add(group_index)
    return matched


def build_groups(sources: Sequence[SourceQuotations], rules: AlignRules) -> list[_Group]:
    """Groups in order of first appearance: the first source, then each later one."""
    groups: list[_Group] = []
    for source_index, source in enumerate(sources):
        prepared = [prepare(entry) for entry in collapse(source)]
        matched = match_source(groups, prepared, rules)
        for index, candidate in enumerate(prepared):
            if index in matched:
                group_index, found = matched[index]
                group = groups[group_index]
                group.members[source_index] = candidate
                group.links.append(found)
                group.speaker = group.speaker or candidate.speaker
            else:
                groups.append(_Group({source_index: candidate}, [], candidate.speaker))
    return groups


def _aligned(group: _Group, count: int) -> AlignedQuotation:
    """The frozen result of a group: one entry per source, scored by its weakest link."""
    weakest = min(group.links, key=lambda found: found.score)
    entries = tuple(group.members[i].entry if i in group.members else None
                    for i in range(count))
    speaker = next((entry.quotation.speaker for entry in entries
                    if entry is not None and entry.quotation.speaker), None)
    return AlignedQuotation(speaker, entries, weakest.score, weakest.rule)


def align_sources(sources: Sequence[SourceQuotations],
                  rules: AlignRules = AlignRules()) -> Alignment:
    """Group the same quotation across sources; list what only one source quotes."""
    ids = [source.id for source in sources]
    if len(set(ids)) != len(ids):
        raise ValueError(f"source ids must be unique: {ids}")
    groups = build_groups(sources, rules)
    aligned = tuple(_aligned(group, len(sources)) for group in groups if len(group.members) > 1)
    single = tuple(next(iter(group.members.values())).entry
                   for group in groups if len(group.members) == 1)
    return Alignment(tuple(ids), aligned, single)
