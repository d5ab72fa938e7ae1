"""Lists of an output's files not held whole (core/file_list.py, engine/stored_files.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.core.file_list import Overlay, files_under
from briefing.engine.stored_files import FEW, StoredFiles

BASE = {"articles/a/index.html": "1", "articles/b/index.html": "2",
        "feed.xml": "3", "pagefind/a.pf": "4", "pagefind/b.pf": "5"}


def test_an_overlay_is_its_base_with_the_changes_laid_over_it():
    files = Overlay(BASE, {"articles/b/index.html": "2b"})
    assert dict(files) == {**BASE, "articles/b/index.html": "2b"}
    assert list(files) == sorted(BASE) and files.same_paths()
    assert files["feed.xml"] == "3" and "nothing.html" not in files


def test_an_overlay_hides_a_folder_made_again_and_keeps_path_order():
    files = Overlay(BASE, {"articles/c/index.html": "6"}, "pagefind/")
    assert "pagefind/a.pf" not in files and not files.same_paths()  # c is new
    files.update({"pagefind/a.pf": "4b", "pagefind/c.pf": "7"})
    assert list(files) == sorted(files)
    assert files.under("pagefind/") == {"pagefind/a.pf": "4b", "pagefind/c.pf": "7"}
    assert files_under(files, "articles/") == {
        "articles/a/index.html": "1", "articles/b/index.html": "2",
        "articles/c/index.html": "6"}


def test_the_same_paths_are_told_when_the_index_keeps_its_files():
    files = Overlay(BASE, {"feed.xml": "3b"}, "pagefind/")
    files.update({"pagefind/a.pf": "4", "pagefind/b.pf": "5b"})
    assert files.same_paths()
    files.update({"pagefind/c.pf": "8"})
    assert not files.same_paths()


def test_an_overlay_of_an_overlay_has_one_layer():
    first = Overlay(BASE, {"feed.xml": "3b"})
    second = Overlay(first, {"feed.xml": "3c"})
    assert isinstance(second.base, dict) and second["feed.xml"] == "3c"


@given(st.dictionaries(st.sampled_from(sorted(BASE) + ["a.html", "z/new.html", "pagefind/n"]),
                       st.text(min_size=1, max_size=3)),
       st.sampled_from(["", "pagefind/", "articles/"]))
def test_an_overlay_equals_the_dict_it_stands_for(changed, hidden):
    kept = {p: v for p, v in BASE.items() if not (hidden and p.startswith(hidden))}
    expected = dict(sorted({**kept, **changed}.items()))
    files = Overlay(BASE, dict(changed), hidden)
    for prefix in ("pagefind/", "articles/", "a"):
        assert files.under(prefix) == {p: v for p, v in expected.items() if p.startswith(prefix)}
    assert files.same_paths() == (expected.keys() == BASE.keys())
    assert list(files.items()) == list(expected.items())


class Rows:
    """A store's rows, counting how they are read."""

    def __init__(self) -> None:
        self.whole = self.one = self.ranges = 0

    def written(self) -> dict[str, str]:
        self.whole += 1
        return dict(BASE)

    def digest_of(self, path: str) -> str | None:
        self.one += 1
        return BASE.get(path)

    def written_count(self) -> int:
        self.ranges += 1
        return len(BASE)

    def written_under(self, prefix: str) -> dict[str, str]:
        self.ranges += 1
        return {p: v for p, v in BASE.items() if p.startswith(prefix)}


def test_stored_files_read_a_row_per_lookup_then_all_of_them_once():
    rows = Rows()
    files = StoredFiles(rows)  # type: ignore[arg-type]
    assert files["feed.xml"] == "3" and files.get("missing") is None
    assert files.under("pagefind/") == {"pagefind/a.pf": "4", "pagefind/b.pf": "5"}
    assert len(files) == len(BASE) and len(Overlay(files, {"feed.xml": "9"})) == len(BASE)
    assert (rows.whole, rows.one, rows.ranges) == (0, 3, 3)
    for _ in range(FEW):
        files.get("feed.xml")
    assert rows.whole == 1 and rows.one == FEW  # many lookups: the rows read once
    assert list(files) == sorted(BASE) and len(files) == len(BASE) and rows.whole == 1


def test_an_update_over_an_update_keeps_the_rest_without_going_through_it(tmp_path,
                                                                          monkeypatch):
    """The preview builds on the last build's list, itself an update of the one
    before: the writer knows it kept every file, compares no lists and removes
    nothing (comparing them through the mapping's methods cost each save of
    the preview 70 ms at 10,000 articles)."""
    from briefing.core.hashing import digest
    from briefing.core.outputs import OutputFile
    from briefing.write.site_writer import SiteWriter
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.html", "b.html"):
        (out / name).write_text(name)
    first = Overlay({name: digest(name.encode()) for name in ("a.html", "b.html")}, {})
    monkeypatch.setattr(Overlay, "keys", lambda self: (_ for _ in ()).throw(
        AssertionError("the lists were compared")))
    with SiteWriter(out, first) as writer:
        writer.add(OutputFile("a.html", b"new"))
        writer.keep_the_rest("")
        written = writer.finish()
    assert isinstance(written.files, Overlay) and written.files.over is first
    assert written.files.same_paths() and written.changed == 1
    assert (out / "a.html").read_bytes() == b"new" and (out / "b.html").read_text() == "b.html"
