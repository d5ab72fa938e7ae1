"""The house's shape, checked: the import layers, no flat modules, small modules
and functions. docs/architecture.md describes the layers; pyproject.toml
declares them for import-linter."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "briefing"
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the package in ``root`` with the project's contract."""
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, capture_output=True, text=True, timeout=240, check=False,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "briefing",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def linter() -> Path:
    if not LINT.exists():
        pytest.skip("import-linter is not installed (make test installs it)")
    return LINT


def test_imports_run_one_way(linter):
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("core/errors.py", "import briefing.build.api  # upward: core knows no build\n"),
    ("text/textmap.py", "import briefing.annotations.anchor  # upward: text knows no feature\n"),
    ("glossary/loader.py", "import briefing.annotations.loader  # sideways: two features\n"),
])
def test_the_contract_fails_on_an_upward_or_sideways_import(linter, tmp_path, module, line):
    root = copy_of_the_package(tmp_path)
    target = root / "briefing" / module
    text = target.read_text(encoding="utf-8")
    head, _, rest = text.partition("from __future__ import annotations\n")
    target.write_text(head + "from __future__ import annotations\n" + line + rest,
                      encoding="utf-8")
    result = lint(root)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and module.replace("/", ".").removesuffix(".py") \
        in result.stdout


def test_the_package_has_no_flat_modules():
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py"]


def test_modules_and_functions_stay_small():
    large, long_functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        if text.count("\n") > 400:
            large.append(name)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.end_lineno - node.lineno + 1 > 60:
                long_functions.append(f"{name}:{node.lineno} {node.name}")
    assert large == [] and long_functions == []
