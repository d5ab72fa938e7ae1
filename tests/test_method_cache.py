"""The methods Python writes for dataclasses, compiled once and kept in the
user's cache (core/method_cache.py): a class defined with kept code behaves as
one compiled afresh, and a missing, damaged or foreign file costs only the
compiling."""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.core.method_cache import MethodCache, cache_path, read


def define(cache: MethodCache | None, monkeypatch: pytest.MonkeyPatch) -> type:
    """A frozen dataclass defined through ``cache`` (None: Python's own exec)."""
    monkeypatch.setattr(dataclasses, "exec", cache.exec if cache else builtins.exec,
                        raising=False)

    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: list[int] = dataclasses.field(default_factory=list)
        label: str = "origin"

    monkeypatch.undo()
    return Point


def behaviour(kind: type) -> tuple:
    point = kind(1, [2], "a")
    try:
        point.x = 5  # type: ignore[misc]
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    return (repr(point).split(".")[-1], point == kind(1, [2], "a"), point == kind(2),
            kind(3).y, frozen, kind.__init__.__annotations__, kind.__match_args__)


def test_kept_code_makes_the_same_class_and_nothing_is_compiled_again(tmp_path, monkeypatch):
    path = tmp_path / "methods.marshal"
    first = MethodCache(path)
    made = define(first, monkeypatch)
    assert first.added and len(first.code) >= 5  # init, repr, eq, setattr, delattr, ...
    first.save()
    second = MethodCache(path)
    kept = define(second, monkeypatch)
    assert not second.added
    assert behaviour(kept) == behaviour(made) == behaviour(define(None, monkeypatch))
    with pytest.raises(TypeError):
        hash(kept(1, [2]))  # a list field: unhashable, as Python's own makes it


def test_the_kept_code_is_what_compiling_the_text_gives(tmp_path, monkeypatch):
    cache = MethodCache(tmp_path / "methods.marshal")
    define(cache, monkeypatch)
    for text, blob in cache.code.items():
        assert blob == marshal.dumps(compile(text, "<string>", "exec", dont_inherit=True))
        # no __future__ flag of the module that compiles it (annotations stay objects)
        assert not marshal.loads(blob).co_flags & 0x1000000


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps([1, 2]),
                                     marshal.dumps({"text": "not code"})])
def test_a_damaged_or_foreign_file_is_compiled_over(tmp_path, monkeypatch, content):
    path = tmp_path / "methods.marshal"
    path.write_bytes(content)
    assert read(path) == {}
    cache = MethodCache(path)
    assert behaviour(define(cache, monkeypatch)) == behaviour(define(None, monkeypatch))
    cache.save()
    assert read(path)  # written again, whole


def test_damaged_kept_code_is_compiled_again(tmp_path, monkeypatch):
    path = tmp_path / "methods.marshal"
    cache = MethodCache(path)
    define(cache, monkeypatch)
    path.write_bytes(marshal.dumps({text: b"\x00" for text in cache.code}))
    again = MethodCache(path)
    assert behaviour(define(again, monkeypatch)) == behaviour(define(None, monkeypatch))
    assert again.added


def test_nothing_is_written_without_a_new_text_or_by_a_forked_worker(tmp_path, monkeypatch):
    path = tmp_path / "methods.marshal"
    cache = MethodCache(path)
    cache.save()
    assert not path.exists()  # nothing new
    define(cache, monkeypatch)
    cache.pid = os.getpid() + 1  # as a forked worker sees its parent's cache
    cache.save()
    assert not path.exists()


def test_a_folder_it_cannot_write_costs_nothing_but_the_compiling(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")
    cache = MethodCache(blocked / "methods.marshal")  # its folder is a file
    define(cache, monkeypatch)
    cache.save()  # no error


def test_a_briefing_process_keeps_its_methods_in_the_users_cache(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = "import briefing.engine.entries, dataclasses; print(hasattr(dataclasses, 'exec'))"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    assert run.stdout.strip() == "True"
    kept = tmp_path / "briefing/methods" / cache_path().name
    assert read(kept)
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert oct(kept.parent.stat().st_mode & 0o777) == "0o700"


def test_each_python_release_keeps_its_own_file():
    """Code of another release's bytecode would crash the interpreter, not fail."""
    assert f"{sys.hexversion:x}" in cache_path().name
    assert sys.implementation.cache_tag in cache_path().name
