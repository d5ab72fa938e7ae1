"""Results of the benchmark: medians, the Markdown table, the targets of issues 8 and 17
(search off) and of issue 19 (search on), the doc."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.article_cost import LIMIT_MS, ArticleCost
from benchmarks.machine import Machine
from benchmarks.measure import Sample
from benchmarks.outcome import Outcome

NOTHING_CHANGED_TARGET = 0.2  # seconds (issue 17; issue 8 asked 0.5 s)
EDIT_TARGET = 0.3  # seconds, listing pages included
PER_LINKING_ARTICLE = 0.003  # seconds a glossary edit may add per article linking the term
MEMORY_TARGET = 500.0  # MB, all processes
EDIT_MEMORY_TARGET = 150.0  # MB, all processes of the build after one article edit (issue 17)
PREVIEW_TARGET = 0.2  # seconds from a save to the served page (issue 17)
SCALING_TARGET = 11.0  # 10,000 articles vs 1,000
HUGO_RATIO_TARGETS = {1000: 3.0, 10000: 2.0}  # cold build vs Hugo's (issue 18), by size
# Issue 19, search on:
SEARCH_EDIT_TARGET = 1.0  # seconds, one article edited, the index included
SEARCH_COST_TARGET = 15.0  # seconds a cold build with search may take over one without
SEARCH_MEMORY_TARGET = 500.0  # MB, any one process of a cold build with search
QUERY_TARGET = 0.5  # seconds from typing to results on the search page, debounce included
START = "<!-- bench:start: written by `make bench` (benchmarks/run.py --write); edit outside the markers -->"
END = "<!-- bench:end -->"


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    expect: str | None = None  # what briefing should report (benchmarks.outcome.surprise)


COLD = Scenario("cold", "briefing, cold (no output, no cache)", "full")
AGAIN = Scenario("again", "briefing, nothing changed", "up to date")
ARTICLE = Scenario("article", "briefing, one article edited", "partial")
# The newest report a story holds: its story page compares its text with the others'.
STORY_ARTICLE = Scenario("story-article", "briefing, one report in a story edited", "partial")
ANNOTATION = Scenario("annotation", "briefing, one annotation file edited", "partial")
GLOSSARY = Scenario("glossary", "briefing, one glossary definition edited", "partial")
# Not a build of its own: ``briefing serve`` running, timed from a save of one
# article to the served page with the new words (benchmarks/preview.py).
PREVIEW = Scenario("preview", "briefing serve, one article saved until its page has the edit")
# A new article file, the newest (the build after it, which removes it again, is
# not timed): every listing that shows the newest reports changes.
PUBLISH = Scenario("publish", "briefing, one article added", "partial")
# A deploy: a fresh checkout gives every input a new time (the bytes the same but
# for one article's edit); the store and the output as the last build left them.
DEPLOY = Scenario("deploy", "briefing, a fresh checkout (every input's time new), one "
                  "article edited", "partial")
# Not held to the targets: Hugo builds no search index, so this row only shows what
# search costs on top of COLD.
SEARCH_COLD = Scenario("search-cold", "briefing, cold, with search (Pagefind)", "full")
# After SEARCH_COLD, from its cache and output: an edit with the index following it.
SEARCH_EDIT = Scenario("search-edit", "briefing, one article edited, with search (Pagefind)",
                       "partial")
HUGO_COLD = Scenario("hugo-cold", "Hugo, cold (empty output)")
HUGO_AGAIN = Scenario("hugo-again", "Hugo, again (nothing changed)")
SCENARIOS = (COLD, AGAIN, ARTICLE, STORY_ARTICLE, ANNOTATION, GLOSSARY, PREVIEW, PUBLISH,
             DEPLOY, SEARCH_COLD, SEARCH_EDIT, HUGO_COLD, HUGO_AGAIN)


@dataclass
class Series:
    """Every run of one scenario at one size."""

    scenario: Scenario
    pages: int = 0  # HTML pages in the output
    samples: list[Sample] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # briefing's builds only

    @property
    def said(self) -> str:
        """What briefing reported, e.g. "up to date" or "12 files rewritten", over the runs."""
        summaries = sorted({outcome.summary for outcome in self.outcomes})
        return " / ".join(summaries)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples)

    @property
    def max_rss_mb(self) -> float:
        return max(s.max_rss_mb for s in self.samples)

    @property
    def tree_rss_mb(self) -> float:
        return max(s.tree_rss_mb for s in self.samples)

    @property
    def tree_pss_mb(self) -> float:
        return max(s.tree_pss_mb for s in self.samples)

    @property
    def spread(self) -> str:
        times = [s.seconds for s in self.samples]
        return f"{_duration(min(times))}–{_duration(max(times))}" if len(times) > 1 else "–"

    @property
    def ms_per_page(self) -> float:
        return self.seconds * 1000 / self.pages if self.pages else 0.0


@dataclass
class SizeResult:
    """One corpus size: what was generated and every series measured on it."""

    articles: int
    runs: int
    words_per_article: int
    notes: int
    stories: int
    terms: int
    term: str  # the glossary term whose definition is edited
    term_pages: int  # articles that mention it
    warnings: int  # lines briefing printed to stderr on the cold build
    load: tuple[tuple[float, float, float], tuple[float, float, float]] = ((0, 0, 0), (0, 0, 0))
    series: dict[str, Series] = field(default_factory=dict)
    # Pagefind over the largest shard alone: (shard, its pages, the run).
    pagefind_shard: tuple[str, int, Sample] | None = None
    # Search page in Chromium: "how, 'term'" → seconds until results show, per run.
    queries: dict[str, list[float]] = field(default_factory=dict)
    query_error: str = ""  # why the search page could not be measured, if it could not
    retries: list[str] = field(default_factory=list)  # builds that failed once
    surprises: list[str] = field(default_factory=list)  # builds that did not do what was timed
    article_cost: ArticleCost | None = None  # one article's job (benchmarks.article_cost)
    repeats: int = 1  # each build after a run's cold one, and each query, in a row

    def add(self, scenario: Scenario, sample: Sample, pages: int,
            outcome: Outcome | None = None) -> None:
        entry = self.series.setdefault(scenario.key, Series(scenario))
        entry.samples.append(sample)
        entry.pages = pages
        if outcome is not None:
            entry.outcomes.append(outcome)

    def __getitem__(self, scenario: Scenario) -> Series:
        return self.series[scenario.key]

    @property
    def hugo_ratio(self) -> float:
        return self[COLD].seconds / self[HUGO_COLD].seconds


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(value: float) -> str:
    return f"{value:.1f}x" if value >= 10 else f"{value:.2f}x"


def results_table(results: Sequence[SizeResult]) -> str:
    """The Markdown table of every scenario at every size, with what briefing said it did."""
    lines = ["| articles | build | HTML pages | median time | range | ms per page | CPU time "
             "| peak RSS, largest process | peak RSS, all processes | vs Hugo cold "
             "| briefing reported |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for result in results:
        hugo = result[HUGO_COLD].seconds
        for scenario in SCENARIOS:
            if scenario.key not in result.series:
                continue
            s = result[scenario]
            lines.append(f"| {result.articles:,} | {scenario.label} | {s.pages:,} "
                         f"| {_duration(s.seconds)} | {s.spread} | {s.ms_per_page:.1f} "
                         f"| {_duration(s.cpu_seconds)} | {s.max_rss_mb:.0f} MB "
                         f"| {s.tree_rss_mb:.0f} MB | {_ratio(s.seconds / hugo)} "
                         f"| {s.said or '–'} |")
    return "\n".join(lines)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


def _verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def _against(took: float, limit: float) -> str:
    """A time next to its limit, e.g. "420 ms vs at most 300 ms (1.40x the target)"."""
    return f"{_duration(took)} vs at most {_duration(limit)} ({_ratio(took / limit)} the target)"


def _time_row(measure: str, target: str, series: Series, limit: float,
              detail: str = "") -> str:
    """One target that is a time limit: measured against it, then met or not met."""
    said = f"; briefing: {series.said}" if series.said else ""
    return (f"| {measure} | {target} | {detail}{_against(series.seconds, limit)}{said} "
            f"| {_verdict(series.seconds <= limit)} |")


def _memory_row(measure: str, series: Series, limit: float) -> str:
    """One target that is a memory limit on all processes together."""
    memory = max(series.tree_rss_mb, series.max_rss_mb)
    shared = (f"; {series.tree_pss_mb:.0f} MB proportional, each page shared by forked "
              "workers counted once" if series.tree_pss_mb else "")
    return (f"| {measure} | at most {limit:.0f} MB (all processes) | {memory:.0f} MB "
            f"all processes together, resident sets summed (largest single process "
            f"{series.max_rss_mb:.0f} MB{shared}) | {_verdict(memory <= limit)} |")


def _not_measured(measure: str, target: str) -> str:
    return f"| {measure} | {target} | not measured in this run | not measured |"


def target_rows(result: SizeResult) -> list[str]:
    """The targets of issues 8 and 17 for one size, each with the numbers and met or not met.

    Every row uses the builds without search (as Hugo builds none); the cold build
    with search (SEARCH_COLD) is left out on purpose.
    """
    cold, hugo = result[COLD], result[HUGO_COLD]
    rows = [f"| cold build | at most 1.0x Hugo's cold build, in the same run "
            f"| {_duration(cold.seconds)} vs Hugo {_duration(hugo.seconds)}: "
            f"{_ratio(result.hugo_ratio)} | {_verdict(result.hugo_ratio <= 1.0)} |",
            _time_row("rebuild, nothing changed", "at most 0.2 s", result[AGAIN],
                      NOTHING_CHANGED_TARGET)]
    for scenario, what in ((ARTICLE, "article"), (STORY_ARTICLE, "report-in-a-story"),
                           (ANNOTATION, "annotation")):
        if scenario.key in result.series:  # runs before the story row have none
            rows.append(_time_row(f"rebuild after one {what} edit",
                                  "at most 0.3 s, listing pages included", result[scenario],
                                  EDIT_TARGET))
    budget = EDIT_TARGET + PER_LINKING_ARTICLE * result.term_pages
    rows.append(_time_row("rebuild after one glossary definition edit",
                          "at most 0.3 s + 3 ms per article linking the term",
                          result[GLOSSARY], budget,
                          f"'{result.term}' is used by {result.term_pages} of "
                          f"{result.articles:,} articles, so the limit is "
                          f"{_duration(budget)}; measured "))
    rows.append(_preview_row(result))
    rows += issue_18_rows(result)
    rows.append(_memory_row("peak memory, cold build", cold, MEMORY_TARGET))
    rows.append(_memory_row("peak memory, build after one article edit", result[ARTICLE],
                            EDIT_MEMORY_TARGET))
    return rows


def issue_18_rows(result: SizeResult) -> list[str]:
    """The cost targets of issue 18: an article's job, and the cold build against Hugo."""
    cold = result[COLD]
    per_article = cold.cpu_seconds * 1000 / result.articles
    rows = []
    limit = HUGO_RATIO_TARGETS.get(result.articles)
    if limit is not None:
        rows.append(f"| cold build vs Hugo (issue 18) | at most {limit:.0f}x Hugo's, in the "
                    f"same run | {_ratio(result.hugo_ratio)} ({per_article:.1f} ms of CPU "
                    f"per article, all processes) | {_verdict(result.hugo_ratio <= limit)} |")
    cost = result.article_cost
    measure, target = "one article's job, CPU, one worker (median)", f"at most {LIMIT_MS:.0f} ms"
    if cost is None:
        return [*rows, _not_measured(measure, target)]
    rows.append(f"| {measure} | {target} | {cost.median_ms:.2f} ms over {cost.jobs:,} jobs "
                f"(10th–90th percentile {cost.p10_ms:.2f}–{cost.p90_ms:.2f} ms) "
                f"| {_verdict(cost.met)} |")
    return rows


def article_cost_table(results: Sequence[SizeResult]) -> str:
    """Where one article's job goes: median CPU of each stage, per size."""
    measured = [r for r in results if r.article_cost is not None]
    if not measured:
        return "Not measured in this run."
    labels = list(measured[0].article_cost.phases)  # type: ignore[union-attr]
    lines = ["| part of the job | " + " | ".join(f"{r.articles:,} articles" for r in measured)
             + " |", "| --- |" + " ---: |" * len(measured)]
    lines.append("| **whole job** | " + " | ".join(
        f"**{r.article_cost.median_ms:.2f} ms**" for r in measured) + " |")  # type: ignore[union-attr]
    for label in labels:
        lines.append(f"| {label} | " + " | ".join(
            f"{r.article_cost.phases.get(label, 0.0):.2f} ms" for r in measured) + " |")  # type: ignore[union-attr]
    return "\n".join(lines)


def _preview_row(result: SizeResult) -> str:
    measure, target = "preview: save until the served page has the edit", "at most 0.2 s"
    if PREVIEW.key not in result.series:
        return _not_measured(measure, target)
    return _time_row(measure, target, result[PREVIEW], PREVIEW_TARGET)


def scaling_row(results: Sequence[SizeResult]) -> str:
    by_size = {r.articles: r for r in results}
    target = "| 10,000 vs 1,000 articles | at most 11x the time |"
    if 1000 not in by_size or 10000 not in by_size:
        return (f"{target} not measured in this run (it needs `--size 1000 --size 10000`) "
                "| not measured |")
    small, large = by_size[1000][COLD].seconds, by_size[10000][COLD].seconds
    ratio = large / small
    return (f"{target} cold build {_duration(large)} vs {_duration(small)}: "
            f"{_ratio(ratio)} | {_verdict(ratio <= SCALING_TARGET)} |")


def targets_table(results: Sequence[SizeResult]) -> str:
    lines = ["| measure | target | measured | result |", "| --- | --- | --- | --- |"]
    for result in results:
        if len(results) > 1:
            lines.append(f"| **{result.articles:,} articles** | | | |")
        lines.extend(target_rows(result))
    lines.append(scaling_row(results))
    return "\n".join(lines)


def search_rows(result: SizeResult) -> list[str]:
    """The targets of issue 19 (search on) for one size."""
    rows = []
    if SEARCH_EDIT.key in result.series:
        rows.append(_time_row("one article edited, search on", "at most 1.0 s, the index "
                              "included", result[SEARCH_EDIT], SEARCH_EDIT_TARGET))
    else:
        rows.append(_not_measured("one article edited, search on", "at most 1.0 s"))
    if SEARCH_COLD.key in result.series:
        cost = result[SEARCH_COLD].seconds - result[COLD].seconds
        rows.append(f"| cold build with search vs without | at most +15 s | "
                    f"{_duration(result[SEARCH_COLD].seconds)} vs "
                    f"{_duration(result[COLD].seconds)}: {cost:+.1f} s "
                    f"| {_verdict(cost <= SEARCH_COST_TARGET)} |")
        rows.append(_search_memory_row(result))
    if not result.queries and result.query_error:
        rows.append(f"| search page, typed and arriving | results at most 0.5 s after "
                    f"typing | not measured in this run: {result.query_error} "
                    f"| not measured |")
    for how, times in sorted(result.queries.items()):
        took = statistics.median(times)
        rows.append(f"| search page, {how} | results at most 0.5 s after typing, debounce "
                    f"included | {_against(took, QUERY_TARGET)} "
                    f"| {_verdict(took <= QUERY_TARGET)} |")
    return rows


def _search_memory_row(result: SizeResult) -> str:
    largest = result[SEARCH_COLD].max_rss_mb
    shard = ""
    if result.pagefind_shard is not None:
        name, pages, sample = result.pagefind_shard
        shard = (f"; Pagefind on the largest shard ({name}, {pages:,} pages) "
                 f"{sample.max_rss_mb:.0f} MB in {_duration(sample.seconds)}, "
                 "at most two at once")
    return (f"| peak memory, any process, cold build with search | at most 500 MB "
            f"| largest single process {largest:.0f} MB{shard} "
            f"| {_verdict(largest <= SEARCH_MEMORY_TARGET)} |")


def search_targets_table(results: Sequence[SizeResult]) -> str:
    lines = ["| measure | target | measured | result |", "| --- | --- | --- | --- |"]
    for result in results:
        if len(results) > 1:
            lines.append(f"| **{result.articles:,} articles** | | | |")
        lines.extend(search_rows(result))
    return "\n".join(lines)


def corpus_lines(result: SizeResult) -> list[str]:
    before, after = result.load
    return [f"- {result.articles:,} articles of about {result.words_per_article} words "
            f"(visible text), {result.notes:,} notes, {result.terms} glossary terms, "
            f"{_count(result.stories, 'story', 'stories')}; "
            f"{_count(result.warnings, 'line')} of warnings from briefing's cold build",
            f"- {_count(result.runs, 'run')}"
            + (f", each build after its cold ones and each query on the search page "
               f"{result.repeats} times in a row" if result.repeats > 1 else "")
            + "; times are medians, memory the peak over the runs",
            f"- load average (1, 5, 15 min) before: {before[0]:.2f}, {before[1]:.2f}, "
            f"{before[2]:.2f}; after: {after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f}"]


def source_line(sources: tuple[str, str]) -> str:
    before, after = sources
    if before == after:
        return f"- briefing's source (package and theme) hashed {before}, unchanged during the run"
    return (f"- **briefing's source changed during the run** ({before} before, {after} after): "
            "others were editing it, so runs may have measured different code")


SEARCH_NOTE = ("Search (Pagefind) is off in every briefing build except the row "
               f"\"{SEARCH_COLD.label}\", because Hugo builds no search index; that row "
               "shows what search costs and is not held to the targets. Each cold build "
               "starts without output and without `.briefing-cache/`; each later build "
               "keeps the cache of the one before it. \"briefing reported\" is what "
               "briefing printed: up to date, a full build, or how many files an "
               "incremental build rewrote.")

SEARCH_TARGETS_NOTE = (
    f"From the builds with search on: \"{SEARCH_COLD.label}\" and \"{SEARCH_EDIT.label}\" "
    "(the newest article edited after it). Pagefind's memory is measured by running it "
    "over the largest shard's pages alone, as the build does (benchmarks/search.py). "
    "The search page is served on 127.0.0.1 and opened in headless Chromium: \"typed\" "
    "times from typing a term into the open page until the first result shows, "
    "\"arriving\" from opening `search/?q=term` (as the masthead box does) until then; a "
    "common term (the glossary term most articles use) and a rare one (used by one).")

PREVIEW_NOTE = (f"The row \"{PREVIEW.label}\" is no build of its own: `briefing serve` "
                "runs on the site, the newest article is saved with a new sentence, and "
                "the time runs until its page, fetched over HTTP every 10 ms, has the new "
                "words (the server's noticing the save and its 30 ms wait for the save to "
                "end included). Its CPU time and memory are the server's while it "
                "serves the edits, after its first build.")


ARTICLE_COST_NOTE = ("One article's job (merging, the near-miss check, rendering its files) "
                     "in a cold build with one worker and no cache, in a process of its "
                     "own (`benchmarks/article_cost.py`): medians of CPU time over the "
                     "first 1,000 jobs, each split by timing the stages' entry points. "
                     "\"The rest\" rows are a stage's time outside the rows above them.")


def results_section(results: Sequence[SizeResult], machine: Machine, seed: int,
                    command: str, sources: tuple[str, str]) -> str:
    """The part of docs/performance.md that ``--write`` replaces."""
    parts = ["## Results", "",
             f"Measured with `{command}` (corpus seed {seed}).", "", "Machine:", "",
             *machine.lines(), source_line(sources), ""]
    for result in results:
        parts += [f"Corpus of {result.articles:,} articles:", "", *corpus_lines(result)]
        parts += [f"- a build failed and was retried: {retry}" for retry in result.retries]
        parts += [f"- **{surprise}**" for surprise in result.surprises]
        parts.append("")
    parts += ["### Build times", "", SEARCH_NOTE, "", PREVIEW_NOTE, "",
              results_table(results), "",
              "### Targets (issues 8, 17 and 18)", "", targets_table(results), "",
              "### Where an article's job goes", "", ARTICLE_COST_NOTE, "",
              article_cost_table(results), "",
              "### Search targets (issue 19)", "", SEARCH_TARGETS_NOTE, "",
              search_targets_table(results), ""]
    return "\n".join(parts)


DEFAULT_DOC = """# Performance

How long `briefing build` takes on a large briefing, measured by `make bench`
(see `benchmarks/`).

{start}
{end}
"""


def write_document(path: Path, section: str) -> None:
    """Put ``section`` between the markers of ``path``, keeping everything outside them."""
    text = path.read_text(encoding="utf-8") if path.exists() else \
        DEFAULT_DOC.format(start=START, end=END)
    if START not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{section.strip()}\n{END}{tail}", encoding="utf-8")
