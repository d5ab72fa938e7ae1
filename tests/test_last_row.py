"""The last build's record in the store (engine/last_row.py): its lists of
paths kept apart and written only when they change, each input's size,
time and digest kept as arrays in the order of its list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from briefing.engine.last_build import LastBuild
from briefing.engine.last_row import NAMES, read_last, read_times, stored_times, write_last
from briefing.engine.rows import connect
from briefing.engine.stamp import Stamp


def _last(inputs: list[str], outputs: list[str], pages: int = 3) -> LastBuild:
    return LastBuild(inputs=Stamp("s", "\0".join(inputs), "t1"), output_dir="_site",
                     outputs=Stamp("o", "\0".join(outputs), "t2"), pages=pages, warnings=[],
                     indexer="", roots=("content",), search=False, written={"a": "1"})


def _store(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "store.sqlite", new=True)


def _statements(connection: sqlite3.Connection) -> list[str]:
    said: list[str] = []
    connection.set_trace_callback(said.append)
    return said


def test_the_record_comes_back_as_it_was_saved_without_its_output_list(tmp_path: Path
                                                                      ) -> None:
    connection = _store(tmp_path)
    last = _last(["site.yml", "content/a.md"], ["index.html", "a/index.html"])
    write_last(connection, last, {})
    found, names = read_last(connection)
    assert found is not None
    assert found.inputs == last.inputs and found.outputs == last.outputs
    assert found.written is None and found.pages == 3
    assert sorted(names.values()) == sorted([last.inputs.names, last.outputs.names])


def test_a_save_whose_lists_are_stored_writes_neither_again(tmp_path: Path) -> None:
    connection = _store(tmp_path)
    names = write_last(connection, _last(["site.yml", "a.md"], ["index.html"]), {})
    said = _statements(connection)
    again = write_last(connection, _last(["site.yml", "a.md"], ["index.html"], pages=4), names)
    inserted = [s for s in said if "INSERT" in s]
    assert len(inserted) == 1 and "'last'" in inserted[0]  # the record alone
    assert again == names
    assert read_last(connection)[0].pages == 4  # type: ignore[union-attr]


def test_a_list_that_changed_is_written_and_the_old_one_removed(tmp_path: Path) -> None:
    connection = _store(tmp_path)
    names = write_last(connection, _last(["site.yml", "a.md"], ["index.html"]), {})
    write_last(connection, _last(["site.yml", "a.md", "b.md"], ["index.html"]), names)
    rows = [name for (name,) in connection.execute(
        f"SELECT name FROM meta WHERE name LIKE '{NAMES}%'")]
    assert len(rows) == 2
    found, _ = read_last(connection)
    assert found is not None and found.inputs.paths == ("site.yml", "a.md", "b.md")


def test_input_times_and_digests_are_kept_in_the_order_of_the_inputs_list(tmp_path: Path
                                                                          ) -> None:
    connection = _store(tmp_path)
    last = _last(["site.yml", "a.md", "b.md"], ["index.html"])
    rows = write_last(connection, last, {})
    times = {"a.md": (10, 1_796_577_330_664_317_914), "site.yml": (303, -5), "b.md": (1, 1)}
    digests = {"a.md": "0f" * 16, "site.yml": "a1" * 16}  # b.md's not known
    stored = stored_times((times, digests), last, rows)
    assert not isinstance(stored, tuple)
    assert read_times(stored, rows) == (times, digests)
    assert read_times(stored, {}) is None  # its list is gone: no times, not wrong ones
    other = {"a.md": (1, 2), "elsewhere.md": (3, 4)}  # not the inputs' paths: kept whole
    assert read_times(stored_times((other, {"a.md": "0f" * 16}), last, rows), rows) == (
        other, {"a.md": "0f" * 16})


def test_a_record_whose_list_is_missing_is_damaged(tmp_path: Path) -> None:
    import pytest

    from briefing.engine.safe_pickle import Damaged

    connection = _store(tmp_path)
    write_last(connection, _last(["site.yml"], ["index.html"]), {})
    connection.execute(f"DELETE FROM meta WHERE name LIKE '{NAMES}%'")
    with pytest.raises(Damaged, match="list of paths"):
        read_last(connection)
