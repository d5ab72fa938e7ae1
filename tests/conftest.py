"""Shared helpers: copying fixture sites, running the CLI, reading output trees."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from briefing.commands.main import main

# In CI, hypothesis draws the same examples every run (derandomize) and no test
# has a deadline: a red CI must mean a bug, never an unlucky draw or a slow
# machine. Locally, every run explores new examples, which is how hypothesis
# finds bugs (it has found several here); a failure prints the example to pin.
# No deadline locally either: a machine shared with other work (or a profiler)
# makes one example take 400 ms where it took 10, and that says nothing of the code.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("local", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> CliResult:
    """Run ``briefing`` in-process; user errors must never raise out of it."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def copy_site(name: str, destination: Path, search: bool = True) -> Path:
    """A private copy of a fixture site, so tests may edit it freely; ``search``
    False turns Pagefind off in its site.yml (tested on its own elsewhere, and
    the slowest part of a small build)."""
    target = destination / name.replace("/", "-")
    shutil.copytree(FIXTURES / name, target)
    if not search:
        with (target / "site.yml").open("a") as f:
            f.write("search: false\n")
    return target


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative POSIX path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_errors(site: Path) -> str:
    """What a build of ``site`` that must fail said: it exits 1 (the content's
    fault), with messages, never a traceback."""
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    """Every file of a build of ``site`` into ``out`` from nothing, no store read
    or written: what an incremental build must equal, byte for byte."""
    from briefing.build.api import BuildOptions, build

    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(config_path=site / "site.yml", output_dir=out, use_cache=False))
    return read_tree(out)


def build_site(site: Path, *args: str) -> Path:
    """Build ``site`` with the CLI (extra ``args`` passed on); its output folder."""
    result = run_cli("build", "--config", site / "site.yml", *args)
    assert result.exit_code == 0, result.stderr
    return site / "_site"


@pytest.fixture
def trust_site(tmp_path: Path) -> Path:
    """The trust-pages fixture (notes of every kind, a rating scale, plain pages),
    search off."""
    return copy_site("trust", tmp_path, search=False)


@pytest.fixture
def stories_site(tmp_path: Path) -> Path:
    """The stories fixture (stories, notes, a draft), search off."""
    return copy_site("stories", tmp_path, search=False)


@pytest.fixture
def basic_site(tmp_path: Path) -> Path:
    return copy_site("basic", tmp_path)


@pytest.fixture
def built_basic(basic_site: Path) -> Path:
    result = run_cli("build", "--config", basic_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    return basic_site / "_site"


@pytest.fixture(autouse=True, scope="session")
def private_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds keep compiled templates in the user's cache folder; tests use their own."""
    folder = tmp_path_factory.mktemp("user-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous
