"""The kinds of remembered values (core/remembered.py, engine/queries.py): each
declared once, each used, and no caller naming one by a bare string."""

from __future__ import annotations

import ast
from pathlib import Path

from briefing.build.api import BuildOptions, build, cache_key
from briefing.core import remembered
from briefing.core.errors import Diagnostics
from briefing.core.remembered import (
    ALL,
    COMPARISON,
    STORY_MENTIONS,
    TERMS_IN_TEXT,
    WIRE_VERSION,
    Input,
    Remembered,
)
from briefing.engine.incremental import BuildCache
from briefing.engine.queries import QUERIES, by_name, rebuilt_by
from briefing.engine.rows import StoreRows
from briefing.engine.store import cache_file
from tests.conftest import copy_site

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"
DECLARING = {PACKAGE / "core" / "remembered.py", PACKAGE / "engine" / "queries.py"}
# Calls whose first argument is a kind: Remember, BuildCache, RememberedFiles.
TAKES_A_KIND = {"remember", "_remember", "knows", "compute_now", "read", "loader"}


def sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py")) if path not in DECLARING}


def called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else \
        func.id if isinstance(func, ast.Name) else None


def test_every_kind_is_declared_once_with_a_unique_name():
    declared = [value for value in vars(remembered).values() if isinstance(value, Remembered)]
    assert sorted(declared, key=lambda k: k.name) == sorted(ALL, key=lambda k: k.name)
    assert len({kind.name for kind in ALL}) == len(ALL) == 24
    assert QUERIES == ALL and all(kind.what and kind.key and kind.depends for kind in ALL)
    assert by_name("comparison") is COMPARISON


def test_no_caller_names_a_kind_by_a_bare_string():
    bare = [f"{path.relative_to(PACKAGE)}:{node.lineno}"
            for path, tree in sources().items() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and called_name(node) in TAKES_A_KIND
            and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)]
    assert bare == []


def test_every_declared_kind_is_used():
    names = {node.id if isinstance(node, ast.Name) else node.attr
             for tree in sources().values() for node in ast.walk(tree)
             if isinstance(node, (ast.Name, ast.Attribute))}
    constants = {name for name, value in vars(remembered).items()
                 if isinstance(value, Remembered)}
    assert constants - names == set()


def test_every_edit_rebuilds_something_and_the_glossary_what_reads_it():
    assert all(rebuilt_by(edit) for edit in Input)
    assert set(rebuilt_by(Input.GLOSSARY)) >= {TERMS_IN_TEXT, STORY_MENTIONS, COMPARISON}

    assert COMPARISON in rebuilt_by(Input.WIRE_COPY)
    assert WIRE_VERSION in rebuilt_by(Input.WIRE_COPY)  # a revised article's versions
    assert COMPARISON not in rebuilt_by(Input.TEMPLATES)


def test_the_cache_keeps_a_table_per_declared_kind(tmp_path):
    cache = BuildCache()
    assert cache.remember(COMPARISON, "k", lambda: 1) == 1 and cache.knows(COMPARISON, "k")
    assert cache.memo == {"comparison": {"k": 1}}
    site = copy_site("stories", tmp_path)
    options = BuildOptions(config_path=site / "site.yml", output_dir=tmp_path / "out")
    build(options)
    store = cache_file(site, cache_key(options, site / "site.yml"))
    saved = store.load(Diagnostics())
    assert isinstance(saved.source, StoreRows)
    kinds = {kind for (kind,) in saved.source.connection.execute("SELECT kind FROM memo")}
    assert kinds and kinds <= {kind.name for kind in ALL}


def test_a_picture_edit_is_an_input_of_its_own():
    """An edited picture changes its probe (and, through Article.pictures, its
    article's keys); nothing else reads picture files."""
    from briefing.core.remembered import EDIT_BASIS, FEED_ENTRY, FILE_KEY, PICTURE

    assert set(rebuilt_by(Input.PICTURE)) == {FILE_KEY, PICTURE, FEED_ENTRY, remembered.PAGE,
                                              EDIT_BASIS}  # the basis holds feed entries
