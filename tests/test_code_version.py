"""Which code wrote a store (engine/code_version.py): the package's files are
read and hashed unless the store vouches for the hash and the files have the
sizes and times they had when it did."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions, build
from briefing.core.errors import Diagnostics
from briefing.engine import code_version as module
from briefing.engine.store import CACHE_DIR, CacheFile


REAL = module._hashed.__wrapped__  # type: ignore[attr-defined]  # not remembered


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A process that has not hashed its code yet; counts the times it does."""
    calls: list[int] = []

    def counted() -> str:
        calls.append(1)
        return REAL()

    monkeypatch.setattr(module, "_trusted", [])
    monkeypatch.setattr(module, "_hashed", counted)
    return calls


def _store(stories_site: Path, tmp_path: Path) -> CacheFile:
    build(BuildOptions(config_path=stories_site / "site.yml", output_dir=tmp_path / "out"))
    (path,) = (stories_site / CACHE_DIR).glob("*.sqlite")
    return CacheFile(path)


def test_a_store_that_vouches_for_the_code_spares_reading_it(stories_site, tmp_path, hashed):
    store = _store(stories_site, tmp_path)
    hashed.clear()
    module._trusted.clear()
    assert store.load(Diagnostics()).last is not None
    assert hashed == []
    assert module._trusted == [REAL()] and module.code_version() == REAL()


def test_the_code_is_read_when_the_store_does_not_vouch_for_it(stories_site, tmp_path,
                                                               hashed):
    store = _store(stories_site, tmp_path)
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE meta SET value = 'other' WHERE name = 'code-vouched'")
    hashed.clear()
    module._trusted.clear()
    assert store.load(Diagnostics()).last is not None  # the hash matched: kept
    assert hashed == [1] and module._trusted == []


def test_another_versions_store_is_not_trusted_on_its_word(stories_site, tmp_path, hashed):
    """Its hash row says another version: the voucher, bound to the hash, fails."""
    store = _store(stories_site, tmp_path)
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE meta SET value = 'old' WHERE name = 'code'")
    module._trusted.clear()
    diagnostics = Diagnostics()
    assert store.load(diagnostics).last is None
    assert "another version of briefing" in diagnostics.warnings[0].message


def test_files_changed_in_the_last_seconds_vouch_for_nothing(monkeypatch):
    monkeypatch.setattr(module, "code_files", lambda: "")
    assert module.vouched("some hash") == ""
    monkeypatch.setattr(module, "_trusted", [])
    module.trust("some hash", "")
    assert module._trusted == []


def test_the_files_times_are_taken_before_their_bytes(monkeypatch):
    """A file saved while a build hashes the code must not be vouched for by
    times taken after it: the voucher would then cover code the hash is not of."""
    order: list[str] = []
    monkeypatch.setattr(module, "_trusted", [])
    monkeypatch.setattr(module, "code_files", lambda: order.append("times") or "t")
    monkeypatch.setattr(module, "_hashed", lambda: order.append("bytes") or "h")
    assert module.code_version() == "h"
    assert order == ["times", "bytes"]
