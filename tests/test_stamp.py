"""Stamps (stamp.py): what a set of files looked like, compared without reading them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.engine import stamp as stamp_module
from briefing.engine.stamp import (
    MISSING,
    RACY_NS,
    restamped,
    stamp_files,
    take_stamp,
)
from briefing.engine.stamp_later import StampLater


def settle(path: Path) -> None:
    """Date a file back beyond the racy window, as if written long before the stamp."""
    old = path.stat().st_mtime_ns - 2 * RACY_NS
    os.utime(path, ns=(old, old))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for name in ["b.md", "a.md", "sub/c.md", "sub/deeper/d.md", "a-b/e.md"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
        settle(root / name)
    return root


def test_files_are_listed_in_the_same_order_however_the_folder_lists_them(tree):
    stamp = take_stamp([tree], "")
    names = [Path(p).relative_to(tree).as_posix() for p in stamp.paths]
    assert names == ["a.md", "b.md", "a-b/e.md", "sub/c.md", "sub/deeper/d.md"]
    assert take_stamp([tree], "").matches(stamp) and not stamp.racy


@pytest.mark.parametrize("change", ["added", "deleted", "longer", "touched", "settings"])
def test_any_change_is_seen(tree, change):
    before = take_stamp([tree], "one")
    settings = "one"
    if change == "added":
        (tree / "sub/new.md").write_text("new")
    elif change == "deleted":
        (tree / "sub/deeper/d.md").unlink()
    elif change == "longer":
        (tree / "a.md").write_text("a.md and more")
        settle(tree / "a.md")
    elif change == "touched":
        stat = (tree / "a.md").stat()
        os.utime(tree / "a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    else:
        settings = "two"
    assert not before.matches(take_stamp([tree], settings))


def test_a_racily_clean_file_is_compared_by_its_bytes(tree):
    """Written just before the stamp: an edit keeping size and time is still seen."""
    path = tree / "a.md"
    path.write_text("1234")
    stat = path.stat()
    before = take_stamp([tree], "")
    assert [Path(p).name for p, _ in before.racy] == ["a.md"]
    path.write_text("5678")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not before.matches(take_stamp([tree], ""))


def test_caches_compiled_code_and_missing_roots_are_not_stamped(tree):
    (tree / "__pycache__").mkdir()
    (tree / "__pycache__/x.pyc").write_bytes(b"code")
    (tree / ".briefing-cache").mkdir()
    (tree / ".briefing-cache/build-1.last").write_bytes(b"cache")
    stamp = take_stamp([tree, tree / "nowhere", tree / "a.md"], "")
    assert not [p for p in stamp.paths if "__pycache__" in p or ".briefing-cache" in p]
    assert stamp.paths.count(str(tree / "a.md")) == 2  # as a file root, and in the tree


def test_listed_files_are_stamped_and_nothing_else(tree):
    listed = ["a.md", "sub/c.md"]
    before = stamp_files(tree, listed)
    assert (list(before.paths), before.count) == (listed, 2)
    (tree / "other.md").write_text("not listed")
    assert before.matches(stamp_files(tree, listed))
    (tree / "sub/c.md").unlink()
    assert not before.matches(stamp_files(tree, listed))


@pytest.fixture
def forking(monkeypatch):
    """StampLater forks even for a few files, as for a large site's output."""
    from briefing.core import parallel
    if not parallel.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(StampLater, "FORK_MIN", 1)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)


def test_a_stamp_taken_in_another_process_is_the_same(tree, forking):
    listed = stamp_files(tree, ["a.md", "sub/c.md"])
    assert StampLater(tree, listed).result() == listed
    (tree / "a.md").unlink()
    later = StampLater(tree, listed)
    assert later.result() == later.result() == stamp_files(tree, listed.paths)
    assert not listed.matches(later.result())


def _many(tree: Path, count: int) -> list[str]:
    names = [f"many/f{i:03d}.md" for i in range(count)]
    (tree / "many").mkdir()
    for name in names:
        (tree / name).write_text(name)
    return names


def test_the_parent_sums_from_the_back_what_the_child_has_not_reached(tree, forking,
                                                                       monkeypatch):
    """The output's stamp is a sum: the child's blocks from the front and the
    parent's from the back add up to the same stamp, wherever they meet."""
    import time

    from briefing.engine import stamp_later
    monkeypatch.setattr(stamp_later, "BLOCK", 2)
    listed = stamp_files(tree, _many(tree, 11))
    assert StampLater(tree, listed).result() == listed  # the child done before asked
    parent, real, marker = os.getpid(), stamp_later.sum_of, tree / "first-block-reported"
    summed: list[int] = []  # the parent's blocks (the child's list is its own copy)
    calls = [0]  # the child's (its own copy)

    def slow_after_one_block_in_the_child(files, prefix=""):  # type: ignore[no-untyped-def]
        if os.getpid() == parent:
            summed.append(len(files))
        else:
            calls[0] += 1
            if calls[0] == 2:  # the first block's total is in the pipe by now
                marker.touch()
                time.sleep(5)  # the parent has long finished: it ends this process
        return real(files, prefix)

    monkeypatch.setattr(stamp_later, "sum_of", slow_after_one_block_in_the_child)
    later = StampLater(tree, listed)
    for _ in range(1000):  # until the child has reported its first block
        if marker.exists():
            break
        time.sleep(0.01)
    assert later.result() == listed
    assert sum(summed) == 9  # they met: the child's first two files, the parent's nine


def test_a_child_that_stalls_or_dies_leaves_the_stamp_to_the_parent(tree, forking,
                                                                     monkeypatch):
    import time

    from briefing.engine import stamp_later
    monkeypatch.setattr(stamp_later, "BLOCK", 3)
    listed = stamp_files(tree, _many(tree, 10))
    for child in (lambda paths, writer: time.sleep(30), lambda paths, writer: None):
        monkeypatch.setattr(stamp_later, "_report", child)
        started = time.monotonic()
        assert StampLater(tree, listed).result() == listed
        assert time.monotonic() - started < 20  # it did not wait for the child


def test_a_stamp_survives_pickling(tree):
    import pickle
    (tree / "fresh.md").write_text("racy")
    assert take_stamp([tree], "s").racy
    for stamp in (take_stamp([tree], "s"), stamp_files(tree, []), take_stamp([], "")):
        assert pickle.loads(pickle.dumps(stamp)) == stamp




def times(tree, *paths: str) -> dict:
    return {path: (os.stat(tree / path).st_size, os.stat(tree / path).st_mtime_ns)
            for path in paths}


def test_an_output_stamp_restamped_for_rewritten_files_equals_a_new_one(tree):
    """A build that rewrote a few files replaces their terms of the output stamp's
    sum: the result is the stamp a ``stat`` of every file gives."""
    listed = ["a.md", "b.md", "sub/c.md"]
    before = stamp_files(tree, listed)
    old = times(tree, "a.md", "sub/c.md")
    (tree / "a.md").write_text("rewritten, longer than before")
    os.utime(tree / "sub/c.md", ns=(1, 1))
    after = restamped(before, tree, old, listed)
    assert after == stamp_files(tree, listed) and not after.matches(before)
    (tree / "b.md").unlink()
    assert restamped(after, tree, {"b.md": (1, 1)}, listed).times == MISSING  # b.md gone


def test_a_restamp_of_the_list_the_stamp_holds_needs_no_list(tree):
    """An update that kept every file (an edit's) restamps from the stamp's own
    list: the same stamp as with the list given, and a whole new one if the
    record says a file was added after all."""
    listed = ["a.md", "b.md", "sub/c.md"]
    before = stamp_files(tree, listed)
    old = times(tree, "b.md")
    (tree / "b.md").write_text("rewritten by an edit")
    after = restamped(before, tree, old, None)
    assert after == restamped(before, tree, old, listed) == stamp_files(tree, listed)
    assert restamped(before, tree, {"new.md": None}, None) == stamp_files(tree, listed)


def test_a_restamp_follows_files_added_and_removed(tree):
    """An update that adds and removes files (a search index's new parts) gives
    the stamp of the new list; a record that does not account for the change of
    list gives a whole new stamp all the same."""
    before = stamp_files(tree, ["b.md", "sub/c.md"])
    old = {"a.md": None, **times(tree, "b.md", "sub/c.md")}  # a.md: added by the update
    (tree / "sub/c.md").write_text("rewritten")
    (tree / "b.md").unlink()
    listed = ["a.md", "sub/c.md"]
    after = restamped(before, tree, old, listed)
    assert after == stamp_files(tree, listed) and not after.matches(before)
    assert restamped(before, tree, {}, listed) == stamp_files(tree, listed)  # unaccounted


def test_a_stamp_of_files_taken_in_blocks_is_the_stamp_taken_at_once(tree, monkeypatch):
    """sum_of stats a block of files at a time (a whole output's results at once
    were a peak of a cold build's memory): the sum is the same, and a file gone
    in a later block still makes the stamp match none."""
    paths = [Path(p).relative_to(tree).as_posix() for p in take_stamp([tree], "").paths]
    whole = stamp_files(tree, paths)
    monkeypatch.setattr(stamp_module, "STAT_BLOCK", 2)
    assert stamp_files(tree, paths) == whole
    (tree / paths[-1]).unlink()
    assert stamp_files(tree, paths).times == MISSING
