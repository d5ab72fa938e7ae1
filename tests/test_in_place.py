"""An update in place writes every new file before any goes in place: an error
while writing (a full disk, a name too long) leaves the output as it was, with
no temporary file and no new folder left behind (a review found a failed
incremental build had already rewritten the front page and three term pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.write.in_place import replace_all
from briefing.write.touched import Touched


def tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None
            for p in sorted(root.rglob("*"))}


def test_all_files_go_in_place(tmp_path: Path):
    (tmp_path / "a.html").write_bytes(b"old")
    new = {"a.html": b"new a", "b/c/d.html": b"new d"}
    touched = Touched(tmp_path)
    replace_all(tmp_path, sorted(new), new.__getitem__, touched)
    assert tree(tmp_path) == {"a.html": b"new a", "b": None, "b/c": None, "b/c/d.html": b"new d"}
    assert touched.before["a.html"][0] == 3  # the old file's size, taken before
    assert touched.before["b/c/d.html"] is None


@pytest.mark.parametrize("failing", ["a.html", "m/n/x.html", "z.html"])
def test_an_error_while_writing_leaves_the_output_as_it_was(tmp_path: Path, failing: str):
    (tmp_path / "a.html").write_bytes(b"old a")
    (tmp_path / "z.html").write_bytes(b"old z")
    before = tree(tmp_path)
    new = {"a.html": b"new a", "m/n/x.html": b"new x", "z.html": b"new z"}

    def data_of(path: str) -> bytes:
        if path == failing:
            raise OSError(28, "No space left on device")
        return new[path]

    with pytest.raises(OSError):
        replace_all(tmp_path, sorted(new), data_of, Touched(tmp_path))
    assert tree(tmp_path) == before


def test_a_name_too_long_leaves_the_output_as_it_was(tmp_path: Path):
    (tmp_path / "a.html").write_bytes(b"old a")
    before = tree(tmp_path)
    new = {"a.html": b"new a", f"pictures/{'b' * 300}.png": b"png"}
    with pytest.raises(OSError):
        replace_all(tmp_path, sorted(new), new.__getitem__, Touched(tmp_path))
    assert tree(tmp_path) == before
