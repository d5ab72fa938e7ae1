"""The write stage: put a finished build in place, or leave the old one alone.

A full build goes into a fresh temporary directory beside the output
directory, which is then swapped in with two renames (the old output is then
removed, in the background when large: retired.py). An incremental build
starts from an output directory the previous build wrote and nobody touched
since (the build checks its stamp): it replaces only the files whose bytes
changed, each atomically, and removes only files the previous build listed;
when the search index must follow (which can fail), the indexer makes it first
in a folder beside the output, from the pages as they will be (see
core.index_view.SiteView), and only then do the changed pages and index files go in
place. Nothing is put in place before every page has been rendered and
indexed, so a build that fails on its content, its templates or its index
leaves the previous site as it was.

Every build writes a manifest (``.briefing-build``) listing the files it
wrote; an existing output directory is only replaced when it is empty or holds
nothing but the files its manifest names, so briefing never deletes anything
it did not create.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from briefing.core.errors import ContentErrors, Diagnostic
from briefing.core.file_list import Overlay, files_under
from briefing.core.hashing import digest
from briefing.core.index_view import NOTHING_KEPT, Indexer, Kept, SiteView
from briefing.core.interrupts import deferred
from briefing.core.outputs import KeptFile, OutputFile
from briefing.write.manifest import (
    MANIFEST,
    check_replaceable,
    write_manifest,
)
from briefing.write.retired import swap, sweep
from briefing.write.in_place import remove, replace_all, umask
from briefing.write.touched import TimesBefore, Touched


@dataclass(frozen=True)
class Written:
    """Every file of the build in the output directory, with a digest of its bytes."""

    files: Mapping[str, str]  # in path order (an Overlay after a build that kept the rest)
    changed: int  # files written or removed by this build
    # The pages changed but the index was left as it was (``finish(defer_index=True)``):
    # it describes the last pages that were indexed, or is missing.
    index_stale: bool = False
    # Which parts of that index are stale (Indexer.touched); None: all of it.
    stale_parts: frozenset[str] | None = None
    # An update in place: each file it wrote, added or removed, as it was before
    # (write/touched.py). None: the output was replaced whole.
    times_before: TimesBefore | None = None

    @property
    def count(self) -> int:
        return len(self.files) + 1  # the manifest too


class OutputClash(ContentErrors):
    """A static file and a page of the build would be written to one path: a
    content error at the static file, as the build's others are told."""

    def __init__(self, path: str) -> None:
        page = f"/{path.removesuffix('index.html')}"
        super().__init__([Diagnostic(
            f"static/{path}", None, f"a file in static/ stands where briefing writes a page "
            f"({page})", "move or rename the file in static/, or the page")])


class SiteWriter:
    """Takes a build's files as they are rendered and puts them in place at :meth:`finish`.

    Without ``before`` (a full build) each file goes straight into a staging
    directory, so a large build never holds every page in memory; ``finish``
    swaps it in. With ``before`` (path → digest of the previous build, whose
    output is intact) only changed files are held, and ``finish`` writes them
    in place. Leaving the ``with`` block by an exception discards everything.
    """

    def __init__(self, output_dir: Path, before: Mapping[str, str] | None = None) -> None:
        """``before``: the previous build's files (path → digest), given only when the
        output directory is exactly as that build left it (its stamp matched)."""
        self.output_dir = output_dir.absolute()
        if before is None:  # an update's caller has checked the output is as it wrote it
            check_replaceable(self.output_dir)
        self.before = before
        self.files: dict[str, str] | Overlay = {}  # path → digest
        self._pending: dict[str, bytes] = {}  # changed files of an update
        self._assets: set[str] = set()  # paths of static files (add_assets)
        self._staging: Path | None = None
        self._folders: set[str] = {""}  # folders of the staging directory made so far
        if before is None:
            self.output_dir.parent.mkdir(parents=True, exist_ok=True)
            sweep(self.output_dir)  # old outputs a killed removal left
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}.new-",
                                                  dir=self.output_dir.parent))
            os.chmod(self._staging, 0o777 & ~umask())

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self.discard()

    def add_assets(self, files: Iterable[OutputFile]) -> None:
        """The static files (theme's and site's), added before any page: a page
        that then claims one of their paths is the site's mistake, not ours."""
        for file in files:
            if file.path == MANIFEST:
                raise ContentErrors([Diagnostic(
                    f"static/{file.path}", None, "briefing keeps the list of the files it "
                    "wrote under this name in the output", "rename or remove the file")])
            self.add(file)
            self._assets.add(file.path)

    def add(self, file: OutputFile | KeptFile) -> None:
        _check_path(file.path)
        if file.path in self.files:
            if file.path in self._assets:
                raise OutputClash(file.path)
            raise ValueError(f"two outputs claim the same path: {file.path}")
        if isinstance(file, KeptFile):
            if self.before is None:
                raise ValueError(f"{file.path}: a kept file in a full build")
            self.files[file.path] = file.digest
            return
        self.files[file.path] = digest(file.data)
        if self._staging is not None:
            _write(self._staging, file.path, file.data, self._folders)
        elif self.before is not None and self.before.get(file.path) != self.files[file.path]:
            self._pending[file.path] = file.data

    def staged(self, paths: Iterable[str]) -> SiteView | None:
        """Those of ``paths`` written so far, as an indexer reads them, in a full
        build (in its staging folder, where a file once written stays as it is);
        None in an update, whose files are not in place before :meth:`finish`."""
        if self._staging is None:
            return None
        return SiteView(self._staging, tuple(sorted(p for p in paths if p in self.files)))

    def keep_the_rest(self, bundle: str) -> None:
        """Every file of the previous build not added by now stays as it is, but
        the search index in ``bundle`` (if any), which :meth:`finish` keeps or
        makes again: a build of edited articles alone (build/narrow.py) adds only
        what it made. The files are then the previous ones with these laid over
        them (core/file_list.Overlay), not a copy of them all."""
        if self.before is None:
            raise ValueError("kept files in a full build")
        self.files = Overlay(self.before, dict(self.files), f"{bundle}/" if bundle else "")

    @property
    def pending(self) -> list[str]:
        """The files an update will write at :meth:`finish` (their bytes changed)."""
        return sorted(self._pending)

    def add_all(self, files: Iterable[OutputFile | KeptFile]) -> None:
        for file in files:
            self.add(file)

    def finish(self, indexer: Indexer | None = None, bundle: str = "",
               stale_index: frozenset[str] | None = frozenset(),
               defer_index: bool = False) -> Written:
        """Put the build in place, with its index from ``indexer`` in ``bundle``.

        An update makes the index again only when a page was added, changed or
        removed, or ``stale_index`` names parts already stale (None: all, as when
        the indexer itself changed); the indexer decides which parts to make.
        ``defer_index`` (the preview) puts the pages in place at once and leaves
        the index as it was, or without one, for :func:`install_bundle` to
        replace later: the pages are what an editor is waiting for.
        """
        if self._staging is None:
            return self._finish_update(indexer, bundle, stale_index, defer_index)
        if defer_index and indexer is not None:
            return replace(self._finish_full(self._staging, None, bundle), index_stale=True)
        return self._finish_full(self._staging, indexer, bundle)

    def discard(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        self._pending.clear()

    def _finish_full(self, staging: Path, indexer: Indexer | None, bundle: str) -> Written:
        if indexer is not None:
            indexer(SiteView(staging, tuple(sorted(self.files))), staging / bundle)
            self.files.update(_digests(staging, bundle))
        write_manifest(staging, self.files)
        with deferred():  # Ctrl-C now would leave no output directory at all
            swap(staging, self.output_dir, len(self.files))
            self._staging = None
        return Written(dict(sorted(self.files.items())), len(self.files))

    def _finish_update(self, indexer: Indexer | None, bundle: str,
                       stale_index: frozenset[str] | None,
                       defer_index: bool) -> Written:
        before = self.before if self.before is not None else {}
        prefix = f"{bundle}/" if bundle else ""
        removed = [] if self._kept_all() else sorted(
            p for p in before.keys() - self.files.keys() if not (prefix and p.startswith(prefix)))
        pages_changed = any(p.endswith(".html") for p in [*self._pending, *removed])
        old_index = files_under(before, prefix) if prefix else {}
        stale = indexer is not None and (pages_changed or stale_index != frozenset()
                                         or not old_index)
        new_index: dict[str, str] | None = None
        work: Path | None = None
        if stale and defer_index and indexer is not None:
            parts = indexer.touched(self._view(removed, old_index, stale_index, bundle))
            return replace(self._put_in_place(removed, indexer, stale, old_index, None, None),
                           stale_parts=parts)
        try:
            if stale and not defer_index and indexer is not None:
                work = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}.index-",
                                             dir=self.output_dir.parent))
                new_index = self._index_update(indexer, bundle, work, removed, old_index,
                                               stale_index)
            return self._put_in_place(removed, indexer, stale, old_index, work, new_index)
        finally:
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)

    def _index_update(self, indexer: Indexer, bundle: str, work: Path, removed: list[str],
                      old_index: dict[str, str], stale_index: frozenset[str] | None
                      ) -> dict[str, str]:
        """Make the index of the updated site in ``work/bundle`` (nothing in place yet);
        with ``old_index``, from the pages that changed and the parts of the old
        index they leave as they were. Its files, path → digest."""
        kept = indexer(self._view(removed, old_index, stale_index, bundle), work / bundle)
        return index_files(work, bundle, old_index, kept)

    def _view(self, removed: list[str], old_index: dict[str, str],
              stale_index: frozenset[str] | None, bundle: str) -> SiteView:
        """The updated site as an indexer sees it, before anything is in place."""
        if stale_index is None or not old_index:
            return SiteView(self.output_dir, tuple(sorted(self.files)), self._pending)
        changed = {path: (self._old_bytes(path), self._pending.get(path))
                   for path in sorted([*self._pending, *removed]) if path.endswith(".html")}
        return SiteView(self.output_dir, tuple(sorted(self.files)), self._pending, changed,
                        self.output_dir / bundle, stale_index)

    def _kept_all(self) -> bool:
        """Whether every file of the previous build is kept (:meth:`keep_the_rest`),
        its index aside: then none is removed, and nothing need say so."""
        return isinstance(self.files, Overlay) and self.files.over is self.before

    def _old_bytes(self, path: str) -> bytes | None:
        if self.before is None or path not in self.before:
            return None
        return self.output_dir.joinpath(*PurePosixPath(path).parts).read_bytes()

    def _put_in_place(self, removed: list[str], indexer: Indexer | None, stale: bool,
                      old_index: dict[str, str], work: Path | None,
                      new_index: dict[str, str] | None) -> Written:
        """The changed pages, and the new index when there is one, in place, each file
        atomically; the old index stays when none was made (``indexer`` None: removed)."""
        index = old_index if new_index is None else new_index
        touched = Touched(self.output_dir)
        with deferred():  # Ctrl-C now would leave half the update in place
            replace_all(self.output_dir, sorted(self._pending), self._pending.__getitem__,
                         touched)
            for path in [*removed, *(old_index if indexer is None else ())]:
                remove(self.output_dir, path, touched)
            if indexer is not None and new_index is not None and work is not None:
                _install(self.output_dir, work, old_index, new_index, touched)
            if indexer is not None:
                self.files.update(index)
            if not self._same_paths():  # else the manifest lists them already
                touched.note(MANIFEST)
                write_manifest(self.output_dir, self.files)
        index_changes = len(old_index) if indexer is None else \
            len(set(index.items()) ^ set(old_index.items()))
        changed = len(self._pending) + len(removed) + index_changes
        files = self.files if isinstance(self.files, Overlay) else \
            dict(sorted(self.files.items()))
        return Written(files, changed, index_stale=stale and new_index is None,
                       times_before=touched.before)

    def _same_paths(self) -> bool:
        """Whether the output lists the paths the previous build's did."""
        if isinstance(self.files, Overlay) and self._kept_all():
            return self.files.same_paths()
        return self.before is not None and self.files.keys() == self.before.keys()


def install_bundle(output_dir: Path, files: dict[str, str], bundle: str,
                   staging: Path, kept: Kept = NOTHING_KEPT) -> Written:
    """Put the index in ``staging/bundle``, made after the pages (see
    ``finish(defer_index=True)``), into ``output_dir``, whose files are
    ``files`` (path → digest), in place of the index there; the files of it
    that the indexer ``kept`` stay as they are.

    File by file, each atomically, and listed in the manifest; only files of the
    old index that the new one lacks are removed, so nothing of anyone else's is.
    """
    prefix = f"{bundle}/"
    old = {p: d for p, d in files.items() if p.startswith(prefix)}
    new = index_files(staging, bundle, old, kept)
    others = {p: d for p, d in files.items() if not p.startswith(prefix)}
    result = dict(sorted({**others, **new}.items()))
    touched = Touched(output_dir)
    with deferred():  # the whole new index or the old one, never a mixture
        _install(output_dir, staging, old, new, touched)
        touched.note(MANIFEST)
        write_manifest(output_dir, result)
    return Written(result, len(set(new.items()) ^ set(old.items())),
                   times_before=touched.before)


def _install(output_dir: Path, staging: Path, old: dict[str, str], new: dict[str, str],
             touched: Touched) -> None:
    """Files of an index made in ``staging`` (``new``: path → digest) in place of
    the ones of ``old``: each changed file replaced atomically, the missing removed."""
    changed = sorted(path for path, data_digest in new.items() if old.get(path) != data_digest)
    replace_all(output_dir, changed,
                 lambda path: staging.joinpath(*PurePosixPath(path).parts).read_bytes(), touched)
    for path in sorted(old.keys() - new.keys()):
        remove(output_dir, path, touched)


def write_site(files: Iterable[OutputFile], output_dir: Path,
               indexer: Indexer | None = None, bundle: str = "") -> Written:
    """Write ``files`` as the whole new content of ``output_dir``."""
    with SiteWriter(output_dir) as writer:
        writer.add_all(files)
        return writer.finish(indexer, bundle)


def _check_path(path: str) -> None:
    """Refuse absolute paths, ``..`` and the manifest's name; on the string, as
    a build checks every one of its files (tens of thousands) each time."""
    if path.startswith("/") or ".." in path.split("/") or path == MANIFEST:
        raise ValueError(f"refusing to write outside the output directory: {path}")


def _write(root: Path, path: str, data: bytes, folders: set[str]) -> None:
    """Write a file of a full build into the fresh staging folder ``root``, making
    each folder once (``folders``: those made): pathlib and a ``mkdir`` per file
    cost 61 us a file against 33 us (44,000 files at 10,000 articles)."""
    folder, _, _ = path.rpartition("/")
    if folder not in folders:
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        folders.add(folder)
    with open(os.path.join(root, path), "wb") as target:
        target.write(data)


def index_files(made: Path, bundle: str, old: dict[str, str], kept: Kept) -> dict[str, str]:
    """path → digest of each file of the new index: those of the old index
    (``old``, path → digest) its indexer ``kept``, and those it made under
    ``made/bundle``, read for their digests. Only the made files are read: an
    edit makes one part of an index of thousands of files."""
    prefix = f"{bundle}/"
    found = {path: file_digest for path, file_digest in old.items()
             if kept.keeps(path[len(prefix):])}
    found.update(_digests(made, bundle))
    return found


def _digests(root: Path, folder: str) -> dict[str, str]:
    """path → digest of every file under ``root/folder``."""
    base = root / folder
    if not base.is_dir():
        return {}
    found = {}
    for file in sorted(base.rglob("*")):
        if file.is_file():
            found[f"{folder}/{file.relative_to(base).as_posix()}"] = digest(file.read_bytes())
    return found
