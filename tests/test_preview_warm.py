"""The preview's warm engine: a build told which files changed stamps its inputs
from those alone (engine/input_files.py), exactly as a full walk would, falls
back to the walk when it cannot, and the preview reloads browsers as soon as
the pages are in place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.build.api import BuildOptions, read_config
from briefing.core.errors import Diagnostics
from briefing.core.hashing import digest
from briefing.engine import input_files as input_files_module
from briefing.engine import stamp as stamp_module
from briefing.engine.input_files import InputFiles
from briefing.engine.stamp import stamp_with_times
from briefing.preview import rebuild as rebuild_module
from briefing.preview import steps, watch
from briefing.preview.console import Console
from briefing.preview.notify import Events, Notifier
from briefing.preview.rebuild import Rebuilder, Target
from tests.conftest import copy_site

OLD_NS = 1_600_000_000 * 10**9  # 2020: long before any stamp, never racily clean
FUTURE_NS = 4_000_000_000 * 10**9  # 2096: racily clean at every stamp, however slow the test

# -- the stamp from the changes is the stamp of a full walk ------------------------

FOLDERS = ["content", "content/a", "content/a/b", "content/.hidden", "content/__pycache__",
           "templates", "static/x"]
NAMES = ["x.md", "y.md", "Z.md", "a b.md", ".briefing-cache-1", "n~"]
ROOTS = ["site.yml", "content", "templates", "static", "extra.yml", "content/a", "themes/t",
         "content/x.md"]  # a folder root inside another, a file root inside a folder

_file = st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES))
OPS = st.one_of(
    st.tuples(st.just("write"), _file, st.integers(0, 3), st.booleans()),
    st.tuples(st.just("touch"), _file, st.integers(0, 3), st.booleans()),
    st.tuples(st.just("delete"), _file),
    st.tuples(st.just("rename"), _file, _file),
    st.tuples(st.just("rmtree"), st.sampled_from(FOLDERS)),
    st.tuples(st.just("mkdir"), st.sampled_from(FOLDERS)),
    st.tuples(st.just("root"), st.sampled_from(["site.yml", "extra.yml"]), st.booleans()),
)


def _set_time(path: Path, offset: int, young: bool) -> None:
    mtime = FUTURE_NS + offset if young else OLD_NS + offset * 10**9
    os.utime(path, ns=(mtime, mtime))


def _files_under(folder: Path) -> list[Path]:
    return [Path(top, name) for top, _, names in os.walk(folder) for name in names]


def apply(tree: Path, op: tuple) -> set[Path]:  # type: ignore[type-arg]
    """Do ``op`` in ``tree``; the files it touched (what a perfect watcher reports)."""
    kind = op[0]
    if kind in ("write", "touch"):
        (folder, name), offset, young = op[1:]
        path = tree / folder / name
        if kind == "touch" and not path.is_file():
            return set()
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "write":
            path.write_bytes(b"x" * offset)
        _set_time(path, offset, young)
        return {path}
    if kind == "delete":
        path = tree.joinpath(*op[1])
        path.unlink(missing_ok=True)
        return {path}
    if kind == "rename":
        source, target = tree.joinpath(*op[1]), tree.joinpath(*op[2])
        if not source.is_file() or target.is_dir():
            return set()
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        return {source, target}
    if kind == "rmtree":
        gone = set(_files_under(tree / op[1]))
        shutil.rmtree(tree / op[1], ignore_errors=True)
        return gone
    if kind == "mkdir":
        (tree / op[1]).mkdir(parents=True, exist_ok=True)
        return set()
    path = tree / op[1]
    if op[2]:
        path.write_text("title: t\n")
        _set_time(path, 0, young=False)
    else:
        path.unlink(missing_ok=True)
    return {path}


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(st.lists(OPS, min_size=1, max_size=4), min_size=1, max_size=6),
       reporter=st.sampled_from(["watcher", "operations"]))
def test_the_stamp_from_changes_is_the_stamp_of_a_full_walk(batches, reporter):
    """After random adds, edits, touches, deletes, renames, folders made and
    removed, the incremental stamp and file times equal a full walk's, whether
    the changes come from the preview's watcher or from the edits themselves."""
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        for op in [("write", ("content", "x.md"), 1, False), ("root", "site.yml", True),
                   ("write", ("content/a", "y.md"), 2, True)]:
            apply(tree, op)
        roots = [tree / root for root in ROOTS]
        inputs = InputFiles()
        assert inputs.stamp(roots, "s") == stamp_with_times(roots, "s")
        for batch in batches:
            before = watch.snapshot(roots)
            touched = set().union(*(apply(tree, op) for op in batch))
            if reporter == "watcher":
                inputs.changed(watch.changed(before, watch.snapshot(roots)))
            else:
                inputs.changed(touched)
            assert inputs.stamp(roots, "s") == stamp_with_times(roots, "s"), batch


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ["site.yml", "content/a.md", "content/b.md", "content/sub/c.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
        _set_time(tmp_path / name, 0, young=False)
    return tmp_path


def _roots(tree: Path) -> list[Path]:
    return [tree / "site.yml", tree / "content", tree / "templates"]


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full walks InputFiles makes."""
    counted: list[int] = []
    real = input_files_module.walk

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(input_files_module, "walk", counting)
    return counted


def test_edits_adds_and_deletes_are_stamped_without_a_walk(tree, walks):
    inputs = InputFiles()
    inputs.stamp(_roots(tree), "s")
    (tree / "content/a.md").write_text("a longer text")
    (tree / "content/sub/new.md").write_text("new")
    (tree / "content/b.md").unlink()
    inputs.changed([str(tree / "content/a.md"), tree / "content/sub/new.md",
                    tree / "content/b.md"])
    assert inputs.stamp(_roots(tree), "s") == stamp_with_times(_roots(tree), "s")
    assert len(walks) == 1


@pytest.mark.parametrize("change", ["outside the roots", "a new folder", "a folder",
                                    "forgotten", "other roots", "a file where a folder was"])
def test_what_it_cannot_place_sends_it_to_a_full_walk(tree, walks, change):
    inputs = InputFiles()
    inputs.stamp(_roots(tree), "s")
    roots = _roots(tree)
    if change == "outside the roots":
        (tree / "elsewhere.md").write_text("x")
        inputs.changed([tree / "elsewhere.md"])
    elif change == "a new folder":
        (tree / "content/new").mkdir()
        (tree / "content/new/d.md").write_text("d")
        inputs.changed([tree / "content/new/d.md"])
    elif change == "a folder":
        inputs.changed([tree / "content/sub"])
    elif change == "forgotten":
        (tree / "content/sub/e.md").write_text("e")  # not reported: only a walk finds it
        inputs.forget()
    elif change == "other roots":
        roots = roots[:2]
    else:
        shutil.rmtree(tree / "content/sub")
        (tree / "content/sub").write_text("a file now")
        inputs.changed([tree / "content/sub"])
    assert inputs.stamp(roots, "s") == stamp_with_times(roots, "s")
    assert len(walks) == 2


def test_many_changes_are_walked(tree, walks):
    for n in range(100):
        (tree / f"content/n{n}.md").write_text("n")
    inputs = InputFiles()
    inputs.stamp(_roots(tree), "s")
    for n in range(70):
        (tree / f"content/n{n}.md").write_text("longer")
    inputs.changed(tree / f"content/n{n}.md" for n in range(70))  # over a quarter of 104
    assert inputs.stamp(_roots(tree), "s") == stamp_with_times(_roots(tree), "s")
    assert len(walks) == 2


def test_a_racily_clean_file_is_looked_at_again_unreported(tree, walks):
    """Saved in the tick of the last stamp: a second save (unreported, as a watcher
    comparing times could miss it) is still seen, as a full walk sees it."""
    inputs = InputFiles()
    path = tree / "content/a.md"
    path.write_text("12")
    _set_time(path, 0, young=True)
    first = inputs.stamp(_roots(tree), "s")
    assert [Path(p) for p, _ in first[0].racy] == [path]
    path.write_text("1234")
    _set_time(path, 1, young=True)
    assert inputs.stamp(_roots(tree), "s") == stamp_with_times(_roots(tree), "s")
    assert len(walks) == 1


def test_caches_and_compiled_code_are_not_stamped_nor_walked_for(tree, walks):
    inputs = InputFiles()
    inputs.stamp(_roots(tree), "s")
    (tree / "content/.briefing-cache-x").write_text("x")
    inputs.changed([tree / "content/.briefing-cache-x"])
    assert inputs.stamp(_roots(tree), "s") == stamp_with_times(_roots(tree), "s")
    assert len(walks) == 1


# -- the preview ------------------------------------------------------------------

ARTICLE = "content/articles/corridor.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_site("glossary", tmp_path)
    config = site / "site.yml"
    config.write_text(config.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    return site


@pytest.fixture
def rebuilder(site: Path, tmp_path: Path) -> Rebuilder:
    config = read_config(BuildOptions(site / "site.yml"), Diagnostics())
    target = Target(site / "site.yml", tmp_path / "preview", "http://127.0.0.1:8000", True)
    rebuilder = Rebuilder(target, config, Console(info=lambda line: None,
                                                  diagnostic=lambda d: None,
                                                  error=pytest.fail))
    assert rebuilder.rebuild()
    rebuilder.finish()
    return rebuilder


def _edit(site: Path, path: str, old: str, new: str) -> Path:
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return file


def _refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("walked every input file")


def _page(tmp_path: Path) -> str:
    return (tmp_path / "preview/articles/corridor/index.html").read_text(encoding="utf-8")


def test_a_rebuild_stamps_only_the_files_that_changed(rebuilder, site, tmp_path, monkeypatch):
    text = (site / ARTICLE).read_text(encoding="utf-8")
    file = site / ARTICLE
    file.write_text(text + "\nA sentence saved in the preview.\n", encoding="utf-8")
    monkeypatch.setattr(input_files_module, "walk", _refuse)
    monkeypatch.setattr(stamp_module, "walk", _refuse)
    assert rebuilder.rebuild([str(file)])
    assert "A sentence saved in the preview." in _page(tmp_path)


def test_a_definition_saved_is_patched_into_the_pages_that_show_it(rebuilder, site, tmp_path,
                                                                   monkeypatch):
    """The preview builds an edited definition alone (build/definitions.py): the
    pipeline, which renders every page showing the term, is not run."""
    import briefing.build.pipeline as pipeline

    file = _edit(site, "content/glossary.yml", "An exclave of Azerbaijan.",
                 "An exclave of Azerbaijan, saved in the preview.")
    monkeypatch.setattr(pipeline, "run_build", _refuse)
    assert rebuilder.rebuild([str(file)])
    assert "saved in the preview." in _page(tmp_path)


def test_the_first_save_takes_the_first_builds_stamp_and_a_hand_edit_is_caught_after(
        rebuilder, site, tmp_path, monkeypatch):
    """After the server's first build nothing checks the output (a check forked
    then made the first save wait for it, 0.4 s at 10,000 articles): the first
    save's build takes that build's stamp. A page changed by hand meanwhile is
    caught by the check made after that save, and the next build restores it."""
    from briefing.engine import output_check
    started = []
    real = output_check.StampLater.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(output_check.StampLater, "__init__", counting)
    rebuilder.trust_output()
    front = tmp_path / "preview/index.html"
    original = front.read_bytes()
    front.write_bytes(b"changed by hand")
    file = site / ARTICLE
    text = file.read_text(encoding="utf-8")
    file.write_text(text + "\nA first save.\n", encoding="utf-8")
    assert rebuilder.rebuild([str(file)])
    assert started == [] and "A first save." in _page(tmp_path)
    rebuilder.check_output_ahead()  # as the server does once the page is served
    file.write_text(text + "\nA second save.\n", encoding="utf-8")
    assert rebuilder.rebuild([str(file)])
    assert front.read_bytes() == original and "A second save." in _page(tmp_path)


def test_a_new_folder_falls_back_to_a_full_walk(rebuilder, site, tmp_path, walks):
    (site / "static/fonts").mkdir(parents=True)
    (site / "static/fonts/x.woff2").write_bytes(b"font")
    assert rebuilder.rebuild([str(site / "static/fonts/x.woff2")])
    assert walks == [1]
    assert (tmp_path / "preview/fonts/x.woff2").read_bytes() == b"font"


def test_site_yml_is_read_again_only_when_it_changed(rebuilder, site, tmp_path, monkeypatch):
    reads: list[Path] = []
    real = rebuild_module.read_config

    def counting(options, diagnostics):  # type: ignore[no-untyped-def]
        reads.append(options.config_path)
        return real(options, diagnostics)

    monkeypatch.setattr(rebuild_module, "read_config", counting)
    file = _edit(site, ARTICLE, "Nor is Nakhchivan", "Nor is Nakhchivan, edited,")
    assert rebuilder.rebuild([str(file)]) and reads == []
    config = _edit(site, "site.yml", "title: Glossary Fixture", "title: Renamed Fixture")
    assert rebuilder.rebuild([str(config)]) and len(reads) == 1
    assert "Renamed Fixture" in _page(tmp_path)


def _stored(rebuilder: Rebuilder) -> tuple[object, dict[str, str] | None]:
    """The last build's record and the output rows, as the store on disk holds them."""
    assert rebuilder._store is not None
    cache = rebuilder._store.load(Diagnostics())
    assert cache.source is not None
    return cache.last, cache.source.written()


def test_builds_set_aside_are_all_in_the_store_after_the_next_save(rebuilder, site, tmp_path):
    """A build whose save was set aside (another change came first) still reaches
    the store: its output rows and record, then the next build's, in order."""
    first = _edit(site, ARTICLE, "Nor is Nakhchivan", "Nor is Nakhchivan, first edit,")
    assert rebuilder.rebuild([str(first)])
    rebuilder.set_aside()
    (site / "content/articles/second.md").write_text(
        (site / ARTICLE).read_text(encoding="utf-8").replace("corridor", "second-report"),
        encoding="utf-8")
    assert rebuilder.rebuild([str(site / "content/articles/second.md")])
    rebuilder.finish()
    last, written = _stored(rebuilder)
    output = tmp_path / "preview"
    assert written == {path: digest((output / path).read_bytes()) for path in written}
    assert sorted(written) == sorted(rebuilder._cache.last.written)
    assert "first edit" in _page(tmp_path)
    assert last.inputs == rebuilder._cache.last.inputs


def test_builds_set_aside_do_not_each_sweep_the_whole_store(rebuilder, site, monkeypatch):
    """Which rows to keep is decided once per save, by the latest build: each
    build set aside sweeping every key of a large store took seconds."""
    from briefing.engine import saving

    sweeps: list[int] = []
    real = saving._remove_entries_not_in
    monkeypatch.setattr(saving, "_remove_entries_not_in",
                        lambda *args: sweeps.append(1) or real(*args))
    for word in ("one", "two", "three"):
        file = _edit(site, ARTICLE, "Nor is Nakhchivan", f"Nor is Nakhchivan, {word},")
        assert rebuilder.rebuild([str(file)])
        rebuilder.set_aside()
    rebuilder.finish()
    assert sweeps == [1]
    _, written = _stored(rebuilder)
    assert sorted(written) == sorted(rebuilder._cache.last.written)


def test_nothing_is_saved_after_a_build_that_found_nothing_changed(rebuilder, monkeypatch):
    saved: list[int] = []
    monkeypatch.setattr(Rebuilder, "_save", lambda self: saved.append(1))
    assert rebuilder.rebuild([])
    rebuilder.finish()
    assert saved == []


def test_a_file_saved_unchanged_writes_nothing_and_its_new_time_is_saved(
        rebuilder, site, tmp_path, monkeypatch):
    """An editor that saves a file without changing it: the preview's build
    compares its bytes, writes no page, and saves the new time for later."""
    out = tmp_path / "preview"
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    file = site / ARTICLE
    file.write_bytes(file.read_bytes())
    saved: list[int] = []
    monkeypatch.setattr(Rebuilder, "_save", lambda self: saved.append(1))
    assert rebuilder.rebuild([str(file)])
    rebuilder.finish()
    assert saved == [1]
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == times


class _Recorder:
    """A watcher and a rebuilder that write down what the poll step asks of them."""

    def __init__(self, changes: set[str], quiet: Callable[[str], bool]) -> None:
        self.calls: list[str] = []
        self._changes, self._quiet = changes, quiet
        self.saved_again = False  # what moved() says: a file saved during the build

    def poll(self) -> set[str]:
        self.calls.append("poll")
        changes, self._changes = self._changes, set()
        return changes

    def quiet(self, path: str) -> bool:
        return self._quiet(path)

    def note(self, changes: set[str]) -> None:
        self.calls.append(f"note {sorted(changes)}")

    def rebuild(self, changes: list[str],
                moved: Callable[[list[str]], bool] | None = None) -> bool | None:
        self.calls.append(f"rebuild {changes}")
        return None if moved is not None and moved(changes) else True

    def moved(self, paths: list[str]) -> bool:
        return self.saved_again

    def finish(self) -> None:
        self.calls.append("finish")

    def set_aside(self) -> None:
        self.calls.append("set aside")

    def start_index(self) -> None:
        self.calls.append("start index")

    def check_output_ahead(self) -> None:
        self.calls.append("check output")

    def watch_roots(self) -> list[Path]:
        return []

    def set_roots(self, roots: list[Path]) -> bool:
        return False

    def rest(self) -> None:
        self.calls.append("rest")

    def poll_index(self) -> None:
        self.calls.append("index")


@pytest.fixture
def reloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Recorder]:
    recorder = _Recorder({"a.md", "a.md~"}, lambda path: path.endswith("~"))
    monkeypatch.setattr(steps.livereload_adapter, "reload_browsers",
                        lambda: recorder.calls.append("reload"))
    yield recorder


class _Timers:
    """A stand-in for the IOLoop's call_later / remove_timeout."""

    def __init__(self) -> None:
        self.waiting: dict[int, Callable[[], None]] = {}
        self.seconds: dict[int, float] = {}
        self._made = 0

    def schedule(self, seconds: float, call: Callable[[], None]) -> int:
        self._made += 1
        self.waiting[self._made] = call
        self.seconds[self._made] = seconds
        return self._made

    def after(self) -> list[float]:
        """How long each waiting call waits, in the order they were made."""
        return [self.seconds[handle] for handle in sorted(self.waiting)]

    def cancel(self, handle: object) -> None:
        self.waiting.pop(handle, None)  # type: ignore[arg-type]

    def run(self) -> None:
        """Run what waits now (not what that schedules)."""
        due, self.waiting = self.waiting, {}
        for call in due.values():
            call()


def poll_step(recorder: _Recorder, timers: _Timers | None = None) -> steps.PollStep:
    timers = timers or _Timers()
    return steps.PollStep(recorder, recorder, timers.schedule,  # type: ignore[arg-type]
                          timers.cancel)


def test_the_server_starts_with_the_watcher_resting(reloads, monkeypatch):
    """The watcher walked every input before the first build: its first poll
    would walk them all again (0.1 s and more at 10,000 articles) in the way of
    a first save, so the server starts it resting, as after every build."""
    monkeypatch.setattr(steps, "keep_frozen", lambda: reloads.calls.append("freeze"))
    step = poll_step(reloads)
    step.start()
    assert reloads.calls == ["rest", "freeze"]


def test_a_change_is_built_at_once_and_the_store_saved_after_browsers_had_pages(reloads):
    """The server answers requests on the thread that builds: saving the store
    (a second at 10,000 articles) waits until browsers have reloaded."""
    timers = _Timers()
    step = poll_step(reloads, timers)
    step()
    assert reloads.calls == ["poll", "note ['a.md', 'a.md~']", "poll", "note []",
                             "rebuild ['a.md']", "reload", "rest", "index"]
    assert timers.after() == [steps.SAVE_AFTER_SECONDS]
    timers.run()
    assert reloads.calls[-1] == "finish"


def test_the_search_index_starts_at_the_next_poll_not_with_the_save(reloads):
    """The save waits for a quiet spell; the search index must not wait with it:
    it starts at the second poll after the build (the first may come the moment
    the build ends, before the browser's request for the page is read; the page
    is served by the second), once, and so does the check of the output for the
    next build."""
    step = poll_step(reloads, _Timers())
    step()
    assert "start index" not in reloads.calls and "check output" not in reloads.calls
    step()
    assert "start index" not in reloads.calls and "check output" not in reloads.calls
    step()
    assert reloads.calls[-3:] == ["start index", "check output", "index"]
    step()
    assert reloads.calls.count("start index") == reloads.calls.count("check output") == 1
    assert "finish" not in reloads.calls


class _Collector:
    """A stand-in for the gc module that writes down what is asked of it."""

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    def collect(self) -> None:
        self.calls.append("gc.collect")

    def freeze(self) -> None:
        self.calls.append("gc.freeze")

    def unfreeze(self) -> None:
        self.calls.append("gc.unfreeze")


def test_the_full_collection_waits_for_a_quiet_spell_and_a_change_cancels_it(
        reloads, monkeypatch):
    """The full collection (a second and more at 10,000 articles) must not run
    with the save after a build, where the writer's next save may land:
    then only what is not frozen is collected; the whole heap only after
    COLLECT_AFTER_SECONDS without a change, and a change before calls it off."""
    collector = _Collector(reloads.calls)
    monkeypatch.setattr(steps, "gc", collector)
    monkeypatch.setattr(steps, "keep_frozen", collector.freeze)
    monkeypatch.setattr(steps, "thaw", collector.unfreeze)
    timers = _Timers()
    step = poll_step(reloads, timers)
    step()
    assert timers.after() == [steps.SAVE_AFTER_SECONDS]
    timers.run()  # the save
    assert reloads.calls[-3:] == ["finish", "gc.collect", "gc.freeze"]
    assert timers.after() == [steps.COLLECT_AFTER_SECONDS]
    assert steps.COLLECT_AFTER_SECONDS > steps.SAVE_AFTER_SECONDS
    reloads._changes = {"b.md"}
    step()  # the writer saves again: no full collection before its page
    assert timers.after() == [steps.SAVE_AFTER_SECONDS]
    timers.run()
    timers.run()  # quiet since: now the whole heap
    assert reloads.calls.count("gc.unfreeze") == 1
    assert reloads.calls[-3:] == ["gc.unfreeze", "gc.collect", "gc.freeze"]
    assert timers.after() == []


def test_a_change_before_the_save_is_built_at_once_and_saved_with_the_next(reloads):
    """The save (a second and more at 10,000 articles) must not stand between
    a change and its build: the last build's changes are set aside, and the one
    save after the new build writes both."""
    timers = _Timers()
    step = poll_step(reloads, timers)
    step()
    reloads._changes = {"b.md"}
    step()
    assert "finish" not in reloads.calls
    assert reloads.calls.index("set aside") < reloads.calls.index("rebuild ['b.md']")
    assert timers.after() == [steps.SAVE_AFTER_SECONDS]
    step.flush()  # the server stopping
    assert reloads.calls.count("finish") == 1
    step.flush()
    assert reloads.calls.count("finish") == 1


def test_a_file_emptied_then_written_is_built_once_whole(tmp_path: Path) -> None:
    """Python's write_text empties the file before writing it, and inotify
    tells of both: the step settles before it builds, so the build reads
    the whole file, not the empty one (which would fail the build)."""
    recorder = _Recorder({"a.md"}, lambda path: False)
    late = iter([set(), {"a.md"}])
    first = recorder.poll

    def poll() -> set[str]:  # the second write is seen after the first poll
        found = first()
        return found or next(late, set())

    recorder.poll = poll  # type: ignore[method-assign]
    poll_step(recorder)()
    assert recorder.calls.count("rebuild ['a.md']") == 1


def test_a_build_a_save_caught_half_way_is_not_shown(reloads):
    """The build failed on a file saved again while it was read: browsers are
    not reloaded (there is nothing new to show), and the next poll, which
    reports the file, builds again."""
    reloads.saved_again = True
    step = poll_step(reloads)
    step()
    assert "rebuild ['a.md']" in reloads.calls and "reload" not in reloads.calls
    reloads.saved_again, reloads._changes = False, {"a.md"}
    step()
    assert reloads.calls.count("rebuild ['a.md']") == 2 and "reload" in reloads.calls


def test_the_watcher_says_a_file_moved_since_its_last_poll(tree):
    """What the step asks after a failed build: the file is not as the last
    poll found it. Asking leaves the change for the next poll to report."""
    watcher = watch.Watcher(_roots(tree))
    path = str(tree / "content/b.md")
    assert not watcher.moved([path])
    (tree / "content/b.md").write_text("saved again, and longer")
    assert watcher.moved([path])
    assert path in watcher._look_at([path])  # the next poll's look: reported
    assert not watcher.moved([path])


def test_noise_alone_is_noted_but_not_built(reloads):
    reloads._changes = {"a.md~"}
    poll_step(reloads)()
    assert reloads.calls == ["poll", "note ['a.md~']", "index"]


# -- the notifier: a first save is seen at once, without a walk ---------------------

@pytest.fixture
def notified(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[watch.Watcher, list]]:
    """A watcher told of changes by inotify, whose walks each take a second of its
    clock (so the next is nine seconds away); and its list of walks."""
    notifier = Notifier.start()
    if notifier is None:
        pytest.skip("no inotify here")
    clock, walked = [0.0], []
    real = watch.snapshot

    def slow(*args):  # type: ignore[no-untyped-def]
        clock[0] += 1.0
        walked.append(clock[0])
        return real(*args)

    monkeypatch.setattr(watch, "snapshot", slow)
    watcher = watch.Watcher(_roots(tree), clock=lambda: clock[0], notifier=notifier)
    yield watcher, walked
    watcher.close()


def test_a_first_save_is_seen_at_the_next_poll_without_a_walk(tree, notified):
    watcher, walked = notified
    (tree / "content/sub/c.md").write_text("a first save, longer")
    (tree / "README.md").write_text("beside site.yml, not an input")
    assert watcher.poll() == {str(tree / "content/sub/c.md")}
    (tree / "site.yml").write_text("title: saved")
    (tree / "content/b.md").unlink()
    assert watcher.poll() == {str(tree / "site.yml"), str(tree / "content/b.md")}
    assert walked == [1.0]


@pytest.mark.parametrize("change", ["a new folder", "a root made", "events lost"])
def test_what_the_notifier_cannot_name_makes_a_walk(tree, notified, monkeypatch, change):
    watcher, walked = notified
    if change == "a new folder":
        (tree / "content/new").mkdir()
        (tree / "content/new/d.md").write_text("d")
        expected = {str(tree / "content/new/d.md")}
    elif change == "a root made":
        (tree / "templates").mkdir()
        (tree / "templates/base.html").write_text("<html>")
        expected = {str(tree / "templates/base.html")}
    else:
        (tree / "content/a.md").write_text("saved while events were lost")
        monkeypatch.setattr(watcher._notifier, "read", lambda: Events(overflow=True))
        expected = {str(tree / "content/a.md")}
    assert watcher.poll() == expected
    assert walked == [1.0, 2.0]


def test_after_a_build_the_next_poll_answers_the_page_before_it_walks(tree, notified):
    """A build outlasts the pause between walks: the poll right after it must not
    walk (the loop runs it before it serves the new page); the one a pause later does."""
    watcher, walked = notified
    clock = watcher._clock
    (tree / "content/a.md").write_text("saved")
    assert watcher.poll() == {str(tree / "content/a.md")}
    ended = clock() + 60.0  # a long build
    watcher._clock = lambda: ended
    watcher.rest()
    (tree / "content/b.md").write_text("saved during the build")
    assert watcher.poll() == {str(tree / "content/b.md")}  # told, not walked
    assert walked == [1.0]
    watcher._clock = lambda: ended + watch.WALK_PAUSE * 1.0
    watcher.poll()
    assert len(walked) == 2
