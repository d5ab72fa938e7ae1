"""The files of an index made in parts (write/site_writer.index_files): the
parts an indexer kept are taken from the last build as they are, never read."""

from __future__ import annotations

from pathlib import Path

from briefing.core.hashing import digest
from briefing.core.index_view import Kept
from briefing.search.indexer import _is_runtime
from briefing.write.site_writer import index_files

OLD = {
    "pagefind/2025-07/index/a.pf_index": "old-a",
    "pagefind/2025-07/pagefind-entry.json": "old-entry-07",
    "pagefind/2025-07/pagefind.js": "old-script",  # the primary's copy of the script
    "pagefind/2025-08/index/b.pf_index": "old-b",
    "pagefind/pagefind.js": "old-root-script",
}


def test_kept_parts_are_taken_as_they_were_and_made_ones_are_read(tmp_path: Path):
    made = tmp_path / "pagefind" / "2025-08" / "index"
    made.mkdir(parents=True)
    (made / "c.pf_index").write_bytes(b"new")
    (tmp_path / "pagefind" / "pagefind.js").write_bytes(b"script")
    # Nothing of July is on disk: had its files been read, they would be missing.
    files = index_files(tmp_path, "pagefind", OLD, Kept(frozenset({"2025-07"}), _is_runtime))
    assert files == {
        "pagefind/2025-07/index/a.pf_index": "old-a",
        "pagefind/2025-07/pagefind-entry.json": "old-entry-07",
        "pagefind/2025-08/index/c.pf_index": digest(b"new"),
        "pagefind/pagefind.js": digest(b"script"),
    }


def test_nothing_kept_takes_nothing_of_the_old_index(tmp_path: Path):
    assert index_files(tmp_path, "pagefind", OLD, Kept()) == {}


def test_a_kept_folder_keeps_only_files_inside_it():
    kept = Kept(frozenset({"2025-07"}))
    assert kept.keeps("2025-07/index/a.pf_index")
    assert not kept.keeps("2025-07")  # a file named like the folder, at the top
    assert not kept.keeps("2025-070/index/a.pf_index")
    assert not kept.keeps("pagefind.js")
