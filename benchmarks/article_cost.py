"""What one article's job costs: CPU time per article, and where it goes (issue 18).

An article's job (``briefing.engine.jobs.ArticleJobs``) is everything a build
does for one article alone: merging (glossary links, notes), the near-miss
spelling check and rendering its files. Its cost decides a cold build, which
runs one job per article on every core, so the issue sets its limit per job.

``measure_article_cost`` runs ``python -m benchmarks.article_cost`` in a fresh
process: one cold build of the corpus with one worker (no pool, no cache), each
job's CPU time taken with ``time.process_time`` and split by wrapping the
stages' entry points. It stops the build after :data:`JOBS` jobs: the jobs of
a generated corpus are alike, and at 10,000 articles a whole build in one
process would add minutes to the benchmark for the same medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JOBS = 1000  # article jobs measured, at most
LIMIT_MS = 8.0  # the limit on the median job

# (label, module, attribute): each one's CPU time inside a job is counted under
# its label. "merge" and "render" hold the others of their stage.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("merge", "briefing.engine.jobs", "merge_article_parsed"),
    ("merge: glossary links", "briefing.merge.context", "MergeContext.link_terms"),
    ("near-miss spelling check", "briefing.glossary.checks", "NearMisses.report"),
    ("render", "briefing.engine.jobs", "render_article"),
    ("render: Markdown to HTML", "briefing.render.context", "RenderContext.markdown"),
    # the body, from merging's parse (text/splice.py): no call of the one above
    ("render: Markdown to HTML", "briefing.render.article", "render_tokens"),
    ("render: templates", "briefing.render.context", "RenderContext.render"),
)


@dataclass(frozen=True)
class ArticleCost:
    """Medians over the measured jobs, in milliseconds of CPU."""

    jobs: int
    median_ms: float
    p10_ms: float
    p90_ms: float
    phases: Mapping[str, float]  # label → median ms (see PHASES, plus derived rows)

    @property
    def met(self) -> bool:
        return self.median_ms <= LIMIT_MS


def measure_article_cost(config: Path, cwd: Path, python: Path = Path(sys.executable)
                         ) -> ArticleCost:
    """The cost of the jobs of a cold build of the site of ``config`` (see the module)."""
    with tempfile.TemporaryDirectory(prefix="briefing-article-cost-") as out:
        result = subprocess.run([str(python), "-m", "benchmarks.article_cost", str(config), out],
                                cwd=cwd, capture_output=True, text=True, check=False,
                                env=_env())
    if result.returncode != 0:
        raise RuntimeError(f"measuring article jobs failed:\n{result.stderr[-2000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return ArticleCost(data["jobs"], data["median_ms"], data["p10_ms"], data["p90_ms"],
                       data["phases"])


def _env() -> dict[str, str]:
    """The child imports this package (``-m benchmarks.article_cost``) from the corpus."""
    repo = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": repo}


class _Enough(BaseException):
    """Enough jobs measured: stops the build (nothing it leaves is used)."""


def _timed(spent: dict[str, float], label: str, function: Callable[..., Any]
           ) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started
    return wrapper


def _install(spent: dict[str, float]) -> None:
    """Wrap each phase's entry point (the module is imported here, in the child)."""
    import importlib

    for label, module_name, attribute in PHASES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _timed(spent, label, getattr(owner, name)))


def _measure(config: Path, out: Path) -> dict[str, Any]:
    from briefing.build.api import BuildOptions, build
    from briefing.engine import jobs

    spent: dict[str, float] = {}
    _install(spent)
    totals: list[float] = []
    phases: list[dict[str, float]] = []
    job = jobs.ArticleJobs.__call__

    def measured(self: Any, item: Any) -> Any:
        spent.clear()
        started = time.process_time()
        work = job(self, item)
        totals.append(time.process_time() - started)
        phases.append(dict(spent))
        if len(totals) >= JOBS:
            raise _Enough
        return work

    jobs.ArticleJobs.__call__ = measured  # type: ignore[method-assign]
    try:
        build(BuildOptions(config_path=config, output_dir=out, jobs=1, use_cache=False))
    except _Enough:
        pass
    return _summary(totals, phases)


def _summary(totals: list[float], phases: list[dict[str, float]]) -> dict[str, Any]:
    def median(values: list[float]) -> float:
        return round(statistics.median(values) * 1000, 2)

    rows = {label: median([p.get(label, 0.0) for p in phases]) for label, _, _ in PHASES}
    rows["merge: notes and the rest"] = median(
        [p.get("merge", 0.0) - p.get("merge: glossary links", 0.0) for p in phases])
    rows["render: the rest (note views, JSON-LD, W3C annotations)"] = median(
        [p.get("render", 0.0) - p.get("render: Markdown to HTML", 0.0)
         - p.get("render: templates", 0.0) for p in phases])
    deciles = statistics.quantiles(totals, n=10)
    return {"jobs": len(totals), "median_ms": median(totals),
            "p10_ms": round(deciles[0] * 1000, 2), "p90_ms": round(deciles[-1] * 1000, 2),
            "phases": rows}


if __name__ == "__main__":
    print(json.dumps(_measure(Path(sys.argv[1]), Path(sys.argv[2]))))
