"""``python -m benchmarks.run``: time briefing and Hugo on a generated corpus, side by side.

For each size: generate the corpus (``benchmarks.corpus``) and its Hugo copy
(``benchmarks.hugo_site``), then, ``--runs`` times: briefing cold (no output
and no ``.briefing-cache/``), again with nothing changed, after editing one
article, one annotation file and one glossary definition (each keeping the cache
of the build before), all with search off as Hugo has none; ``briefing serve`` on
the site, from a save of one article until the served page has the new words
(``benchmarks.preview``); briefing cold with search (Pagefind) on, from a copy of
site.yml, then one article edited with search on, Pagefind alone on the largest
shard of the index and the search page's time to results in Chromium
(``benchmarks.search``); Hugo cold and again. Then, once per size, the CPU time
of one article's job (``benchmarks.article_cost``). Prints a Markdown table;
``--write`` also puts it
into docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.article_cost import measure_article_cost
from benchmarks.corpus import BASE_URL, Corpus, CorpusSpec, generate, write_search_config
from benchmarks.edits import (check_out_afresh, edit_annotation, edit_article, edit_glossary,
                              edit_story_article, publish_article, term_to_edit)
from benchmarks.hugo_site import hugo_binary, hugo_command, make_hugo_site
from benchmarks.machine import describe, load_average, source_fingerprint
from benchmarks.measure import CommandFailed, Sample, run_measured
from benchmarks.outcome import Outcome, parse_outcome, surprise
from benchmarks.preview import PreviewSite, measure_preview
from benchmarks.report import (AGAIN, ANNOTATION, ARTICLE, COLD, DEPLOY, GLOSSARY, HUGO_AGAIN,
                               HUGO_COLD, PREVIEW, PUBLISH, SEARCH_COLD, SEARCH_EDIT,
                               STORY_ARTICLE, Scenario, SizeResult,
                               results_section, results_table, search_targets_table,
                               targets_table, write_document)
from benchmarks.search import arrival_seconds, largest_shard, measure_shard, query_seconds

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "performance.md"
SEARCH_BUNDLE = "pagefind"  # the folder Pagefind writes into the output (briefing.search.pagefind)
SOURCES = (REPO / "briefing", REPO / "themes")
RETRY_AFTER = 60  # seconds; a build that fails is tried once more (see Bench.briefing)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, action="append", metavar="N",
                        help="articles in the corpus (default 1000); repeat for several "
                             "sizes: --size 1000 --size 10000 also reports the scaling")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--large-runs", type=int, metavar="N",
                        help="runs for sizes above 1,000 (default: --runs); a 10,000-article "
                             "run takes about 15 minutes")
    parser.add_argument("--seed", type=int, default=8, help="corpus seed (default 8)")
    parser.add_argument("--write", action="store_true", help=f"write the results into {DOC}")
    parser.add_argument("--doc", type=Path, default=DOC, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path,
                        help="where to generate and build (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--briefing", type=Path, default=default_briefing(),
                        help="the briefing command (default: the one beside this Python)")
    args = parser.parse_args(argv)
    args.size = args.size or [1000]
    args.large_runs = args.large_runs or args.runs
    if min(args.runs, args.large_runs) < 1 or any(n < 1 for n in args.size):
        parser.error("--runs, --large-runs and --size must be at least 1")
    return args


def runs_for(args: argparse.Namespace, size: int) -> int:
    return args.large_runs if size > 1000 else args.runs


def repeats_for(args: argparse.Namespace, size: int) -> int:
    """How many times in a row each build after a run's cold ones (and each query)
    is timed: as many as ``--runs`` asks for in all, where ``--large-runs`` makes
    fewer runs. A cold build at 10,000 articles takes minutes; the others take
    a second or less, and one sample of each made them noise (a machine's
    moment: docs/performance.md, the runs of 2026-12-07)."""
    return max(1, args.runs // runs_for(args, size))


def default_briefing() -> Path:
    beside = Path(sys.executable).parent / "briefing"
    return beside if beside.exists() else Path(shutil.which("briefing") or "briefing")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def clean_env() -> dict[str, str]:
    """The environment without settings that would change what briefing builds."""
    return {k: v for k, v in os.environ.items() if k != "BRIEFING_BASE_URL"}


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


class Bench:
    """The measurements of one size, run by run."""

    def __init__(self, args: argparse.Namespace, corpus: Corpus, hugo_site: Path, work: Path):
        self.args, self.corpus, self.hugo_site = args, corpus, hugo_site
        self.out, self.hugo_out, self.hugo_cache = work / "out", work / "hugo-out", work / "cache"
        self.serve_logs = work / "serve"
        self.search_config, self.search_out = write_search_config(corpus), work / "out-search"
        self.term, term_pages = term_to_edit(corpus)
        self.source = source_fingerprint(*SOURCES)  # at the last briefing build
        self.result = SizeResult(
            articles=len(corpus.slugs), runs=runs_for(args, len(corpus.slugs)),
            words_per_article=round(corpus.words / max(1, len(corpus.slugs))),
            notes=corpus.notes, stories=len(corpus.stories), terms=len(corpus.terms),
            term=self.term, term_pages=term_pages, warnings=0,
            repeats=repeats_for(args, len(corpus.slugs)))

    def make_cold(self, out: Path) -> None:
        """Remove ``out`` and the whole build cache, so the next build starts from nothing."""
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(self.corpus.cache_dir, ignore_errors=True)

    def briefing(self, scenario: Scenario, run: int, config: Path | None = None,
                 out: Path | None = None) -> Sample:
        """Time one ``briefing build`` (a cold scenario is made cold first, and again
        before a retry, so a failed attempt's leftovers never count)."""
        config, out = config or self.corpus.config_path, out or self.out
        command = [str(self.args.briefing), "build", "--config", str(config), "--out", str(out)]
        cold = scenario.expect == "full"
        if cold:
            self.make_cold(out)
        try:
            sample = run_measured(command, cwd=self.corpus.root, env=clean_env())
        except CommandFailed as failure:
            # Others edit the package while this runs; a half-saved change can break
            # one build. Say so, wait, and try once more.
            say(f"  build failed, retrying in {RETRY_AFTER} s: {failure}")
            self.result.retries.append(f"{scenario.label}, run {run}: "
                                       f"{str(failure).splitlines()[-1]}")
            time.sleep(RETRY_AFTER)
            if cold:
                self.make_cold(out)
            sample = run_measured(command, cwd=self.corpus.root, env=clean_env())
        outcome = parse_outcome(sample.stdout)
        self.result.add(scenario, sample, outcome.pages or html_pages(out), outcome)
        self.report(scenario, run, sample, outcome)
        self.check_outcome(scenario, run, outcome)
        return sample

    def check_outcome(self, scenario: Scenario, run: int, outcome: Outcome) -> None:
        """Warn loudly when a build did not do the work its scenario times, and say
        whether briefing's own source changed since the build before (its code is
        part of the stamp, and others edit it while this runs)."""
        source, self.source = self.source, source_fingerprint(*SOURCES)
        why = surprise(scenario.expect, outcome) if scenario.expect else None
        if why is None:
            return
        if source != self.source:
            why += " (briefing's source changed since the build before: a new cache is expected)"
        line = f"{self.result.articles:,} articles, run {run}, {scenario.label}: {why}"
        self.result.surprises.append(line)
        say(f"  WARNING: {line}")

    def hugo(self, scenario: Scenario, run: int) -> None:
        sample = run_measured(hugo_command(self.hugo_site, self.hugo_out, self.hugo_cache),
                              env=clean_env())
        self.result.add(scenario, sample, html_pages(self.hugo_out))
        self.report(scenario, run, sample)

    def report(self, scenario: Scenario, run: int, sample: Sample,
               outcome: Outcome | None = None) -> None:
        said = f" ({outcome.summary})" if outcome else ""
        say(f"  [{self.result.articles:,} articles, run {run}/{self.result.runs}] "
            f"{scenario.label}: {sample.seconds:.2f} s, {sample.tree_rss_mb:.0f} MB{said}")

    def edited(self, scenario: Scenario, run: int, edit: Callable[[], Path]) -> None:
        edit()
        self.briefing(scenario, run)

    def published(self, run: int, revision: int) -> None:
        """Time the build after a new article is added; then remove it and build
        again, untimed, so the next measurement starts from the corpus as made."""
        added = publish_article(self.corpus, revision)
        try:
            self.briefing(PUBLISH, run)
        finally:
            added.unlink()
        run_measured([str(self.args.briefing), "build", "--config",
                      str(self.corpus.config_path), "--out", str(self.out)],
                     cwd=self.corpus.root, env=clean_env())

    def preview(self, run: int) -> None:
        """Time ``briefing serve`` showing saves of the newest article (benchmarks.preview)."""
        slug = self.corpus.slugs[0]
        site = PreviewSite(self.args.briefing, self.corpus.config_path,
                           self.corpus.article_path(slug), self.corpus.article_url_path(slug),
                           self.serve_logs / f"run-{run}")
        ready, samples = measure_preview(site, clean_env(), run)
        say(f"  [{self.result.articles:,} articles, run {run}/{self.result.runs}] "
            f"briefing serve served its first build after {ready:.1f} s")
        for sample in samples:
            self.result.add(PREVIEW, sample, html_pages(self.out))
            self.report(PREVIEW, run, sample)

    def run_once(self, run: int) -> None:
        """One run, in an order that matters: each briefing build after the cold one
        starts from the cache the build before it left. The cold build with search
        comes last, as it removes that cache."""
        cold = self.briefing(COLD, run)
        if run == 1:
            self.check_cold(cold)
        for revision in self.revisions(run):
            self.rebuilds(run, revision)
        self.preview(run)  # before SEARCH_COLD, which removes the cache it leaves
        self.briefing(SEARCH_COLD, run, self.search_config, self.search_out)
        if run == 1:
            self.check_search()
        for revision in self.revisions(run):
            edit_article(self.corpus, 1000 + revision)  # not the text ARTICLE's edit left
            self.briefing(SEARCH_EDIT, run, self.search_config, self.search_out)
        self.search_page(run)
        shutil.rmtree(self.hugo_out, ignore_errors=True)
        self.hugo(HUGO_COLD, run)
        self.hugo(HUGO_AGAIN, run)

    def revisions(self, run: int) -> range:
        """The revisions the run's edits write, one per repeat, none written twice."""
        first = (run - 1) * self.result.repeats + 1
        return range(first, first + self.result.repeats)

    def rebuilds(self, run: int, revision: int) -> None:
        """The builds after a cold one, each from the cache the one before left."""
        self.briefing(AGAIN, run)
        self.edited(ARTICLE, run, lambda: edit_article(self.corpus, revision))
        self.edited(STORY_ARTICLE, run, lambda: edit_story_article(self.corpus, revision))
        self.edited(ANNOTATION, run, lambda: edit_annotation(self.corpus, revision))
        self.edited(GLOSSARY, run, lambda: edit_glossary(self.corpus, self.term, revision))
        self.published(run, revision)
        self.edited(DEPLOY, run, lambda: check_out_afresh(self.corpus, 2000 + revision))

    def search_page(self, run: int) -> None:
        """Pagefind on the largest shard alone (once), and the search page in Chromium."""
        if run == 1:
            from briefing.search.pagefind import pagefind_executable
            executable = pagefind_executable()
            if executable is not None:
                name, pages = largest_shard(self.search_out)
                sample = measure_shard(executable, self.search_out, pages)
                self.result.pagefind_shard = (name, len(pages), sample)
                say(f"  Pagefind on the largest shard ({name}, {len(pages):,} pages): "
                    f"{sample.seconds:.2f} s, {sample.max_rss_mb:.0f} MB")
        common, rare = query_terms(self.corpus)
        base = "/" + BASE_URL.split("://", 1)[1].split("/", 1)[1]
        for how, measure in [(how, measure) for _ in range(self.result.repeats)
                             for how, measure in (("typed", query_seconds),
                                                  ("arriving", arrival_seconds))]:
            try:
                times = measure(self.search_out, base, [common, rare])
            except Exception as exc:  # noqa: BLE001 - no Chromium or Playwright: say so
                say(f"  search page not measured ({how}): {exc}")
                self.result.query_error = str(exc).replace("|", "/")  # and so does the table
                return
            for term, seconds in times.items():
                kind = "common" if term == common else "rare"
                self.result.queries.setdefault(f"{how}, {kind} '{term}'", []).append(seconds)
                say(f"  search page, {how} '{term}': {seconds * 1000:.0f} ms")

    def check_cold(self, cold: Sample) -> None:
        """The corpus must build cleanly into one page per article."""
        self.result.warnings = len([line for line in cold.stderr.splitlines() if line.strip()])
        articles = sum(1 for _ in (self.out / "articles").glob("*/index.html"))
        if articles != len(self.corpus.slugs):
            raise SystemExit(f"briefing built {articles} article pages, expected "
                             f"{len(self.corpus.slugs)}")
        if (self.out / SEARCH_BUNDLE).exists():
            raise SystemExit(f"the build without search wrote {self.out / SEARCH_BUNDLE}")

    def check_search(self) -> None:
        """The build with search must have run Pagefind, or its row times nothing."""
        if not (self.search_out / SEARCH_BUNDLE).is_dir():
            raise SystemExit(f"the build with search wrote no {self.search_out / SEARCH_BUNDLE}")

    def article_cost(self) -> None:
        """One article's job, in a process of its own (benchmarks.article_cost)."""
        python = self.args.briefing.parent / "python"
        cost = measure_article_cost(self.corpus.config_path, self.corpus.root,
                                    python if python.exists() else Path(sys.executable))
        self.result.article_cost = cost
        say(f"  [{self.result.articles:,} articles] one article's job: {cost.median_ms:.2f} ms "
            f"of CPU (median of {cost.jobs:,})")

    def measure(self) -> SizeResult:
        self.result.load = (load_average(), self.result.load[1])
        for run in range(1, self.result.runs + 1):
            self.run_once(run)
        self.article_cost()
        self.result.load = (self.result.load[0], load_average())
        return self.result


def query_terms(corpus: Corpus) -> tuple[str, str]:
    """A common term (the glossary term most articles use) and a rare one (one article)."""
    ranked = sorted(corpus.term_pages.items(), key=lambda item: (-item[1], item[0]))
    rare = [name for name, pages in ranked if pages == 1] or [ranked[-1][0]]
    return ranked[0][0], rare[0]


def measure_size(args: argparse.Namespace, size: int, work: Path) -> SizeResult:
    started = time.perf_counter()
    say(f"Generating {size:,} articles in {work} ...")
    # Search off, like Hugo; SEARCH_COLD times it on, from site-search.yml.
    corpus = generate(CorpusSpec(articles=size, seed=args.seed, search=False), work / "site")
    make_hugo_site(corpus.content / "articles", work / "hugo")
    say(f"  generated in {time.perf_counter() - started:.1f} s; "
        f"measuring {runs_for(args, size)} runs")
    return Bench(args, corpus, work / "hugo", work).measure()


def command_line(args: argparse.Namespace) -> str:
    words = ["python -m benchmarks.run", *(f"--size {n}" for n in args.size),
             f"--runs {args.runs}"]
    if args.large_runs != args.runs and any(n > 1000 for n in args.size):
        words.append(f"--large-runs {args.large_runs}")
    return " ".join(words + (["--write"] if args.write else []))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    machine = describe(args.briefing, hugo_binary())
    source_before = source_fingerprint(*SOURCES)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results = []
    try:
        for size in args.size:
            folder = work / f"n{size}"
            shutil.rmtree(folder, ignore_errors=True)
            results.append(measure_size(args, size, folder))
    finally:
        if not args.keep and args.workdir is None:  # never remove a folder we were given
            shutil.rmtree(work, ignore_errors=True)
    sources = (source_before, source_fingerprint(*SOURCES))
    print(results_table(results))
    print()
    print(targets_table(results))
    print()
    print(search_targets_table(results))
    for line in (s for result in results for s in result.surprises):
        print(f"\nWARNING: {line}")
    if sources[0] != sources[1]:
        say(f"Note: briefing's source changed during the run ({sources[0]} -> {sources[1]})")
    if args.write:
        write_document(args.doc, results_section(results, machine, args.seed,
                                                 command_line(args), sources))
        say(f"Wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
