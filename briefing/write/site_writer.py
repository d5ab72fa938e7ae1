"""The write stage: put a finished build in place, or leave the old one alone.

A full build goes into a fresh temporary directory beside the output
directory, which is then swapped in with two renames. An incremental build
starts from an output directory the previous build wrote and nobody touched
since (the build checks its stamp): it replaces only the files whose bytes
changed, each atomically, and removes only files the previous build listed;
when the search index must be rebuilt too (which can fail), it stages the new
site instead, hard-linking the unchanged files, and swaps it in. Nothing is
put in place before every page has been rendered, so a build that fails on
its content, its templates or its index leaves the previous site as it was.

Every build writes a manifest (``.briefing-build``) listing the files it
wrote; an existing output directory is only replaced when it is empty or holds
nothing but the files its manifest names, so briefing never deletes anything
it did not create.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from briefing.core.errors import BriefingError, NotAnOutputDir, OutputDirError, excerpt
from briefing.core.hashing import digest
from briefing.core.interrupts import deferred
from briefing.core.outputs import KeptFile, OutputFile

MANIFEST = ".briefing-build"
_HEADER = "# Written by `briefing build`; lists every file of this build.\n"

# Runs over a finished site folder and writes a bundle (a search index) into the
# folder given second; its files become part of the build.
Indexer = Callable[[Path, Path], None]


@dataclass(frozen=True)
class Written:
    """Every file of the build in the output directory, with a digest of its bytes."""

    files: dict[str, str]
    changed: int  # files written or removed by this build
    # The pages changed but the index was left as it was (``finish(defer_index=True)``):
    # it describes the last pages that were indexed, or is missing.
    index_stale: bool = False

    @property
    def count(self) -> int:
        return len(self.files) + 1  # the manifest too


class OutputClash(BriefingError):
    """A static file and a page of the build would be written to one path."""


class SiteWriter:
    """Takes a build's files as they are rendered and puts them in place at :meth:`finish`.

    Without ``before`` (a full build) each file goes straight into a staging
    directory, so a large build never holds every page in memory; ``finish``
    swaps it in. With ``before`` (path → digest of the previous build, whose
    output is intact) only changed files are held, and ``finish`` writes them
    in place. Leaving the ``with`` block by an exception discards everything.
    """

    def __init__(self, output_dir: Path, before: dict[str, str] | None = None) -> None:
        """``before``: the previous build's files (path → digest), given only when the
        output directory is exactly as that build left it (its stamp matched)."""
        self.output_dir = output_dir.absolute()
        if before is None:  # an update's caller has checked the output is as it wrote it
            check_replaceable(self.output_dir)
        self.before = before
        self.files: dict[str, str] = {}  # path → digest
        self._pending: dict[str, bytes] = {}  # changed files of an update
        self._assets: set[str] = set()  # paths of static files (add_assets)
        self._assets: set[str] = set()  # paths of static files (add_assets)
        self._staging: Path | None = None
        if before is None:
            self.output_dir.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}.new-",
                                                  dir=self.output_dir.parent))
            os.chmod(self._staging, 0o777 & ~_umask())

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self.discard()

    def add_assets(self, files: Iterable[OutputFile]) -> None:
        """The static files (theme's and site's), added before any page: a page
        that then claims one of their paths is the site's mistake, not ours."""
        for file in files:
            self.add(file)
            self._assets.add(file.path)

    def add(self, file: OutputFile | KeptFile) -> None:
        _check_path(file.path)
        if file.path in self.files:
            if file.path in self._assets:
                raise OutputClash(
                    f"{file.path}: a file in static/ stands where briefing writes a page "
                    f"(/{file.path.removesuffix('index.html')}); move or rename the file "
                    "in static/, or the page")
            raise ValueError(f"two outputs claim the same path: {file.path}")
        if isinstance(file, KeptFile):
            if self.before is None:
                raise ValueError(f"{file.path}: a kept file in a full build")
            self.files[file.path] = file.digest
            return
        self.files[file.path] = digest(file.data)
        if self._staging is not None:
            _write(self._staging, file.path, file.data)
        elif self.before is not None and self.before.get(file.path) != self.files[file.path]:
            self._pending[file.path] = file.data

    def add_all(self, files: Iterable[OutputFile | KeptFile]) -> None:
        for file in files:
            self.add(file)

    def finish(self, indexer: Indexer | None = None, bundle: str = "",
               reindex: bool = False, defer_index: bool = False) -> Written:
        """Put the build in place, with its index from ``indexer`` in ``bundle``.

        An update rebuilds the index only when a page was added, changed or
        removed, or when ``reindex`` says the indexer itself changed.
        ``defer_index`` (the preview) puts the pages in place at once and leaves
        the index as it was, or without one, for :func:`install_bundle` to
        replace later: the pages are what an editor is waiting for.
        """
        if self._staging is None:
            return self._finish_update(indexer, bundle, reindex, defer_index)
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
            indexer(staging, staging / bundle)
            self.files.update(_digests(staging, bundle))
        _write_manifest(staging, self.files)
        with deferred():  # Ctrl-C now would leave no output directory at all
            _swap(staging, self.output_dir)
            self._staging = None
        return Written(dict(sorted(self.files.items())), len(self.files))

    def _finish_update(self, indexer: Indexer | None, bundle: str, reindex: bool,
                       defer_index: bool) -> Written:
        before = self.before or {}
        prefix = f"{bundle}/" if bundle else "\0"
        removed = [p for p in before if p not in self.files and not p.startswith(prefix)]
        pages_changed = any(p.endswith(".html") for p in [*self._pending, *removed])
        old_index = {p: d for p, d in before.items() if p.startswith(prefix)}
        stale = indexer is not None and (pages_changed or reindex or not old_index)
        if stale and not defer_index:
            return self._finish_reindexed(indexer, bundle, removed, old_index)
        with deferred():  # Ctrl-C now would leave half the update in place
            for path, data in sorted(self._pending.items()):
                _replace(self.output_dir, path, data)
            for path in removed + (list(old_index) if indexer is None else []):
                _remove(self.output_dir, path)
            if indexer is not None:  # no page changed, or the new index comes later
                self.files.update(old_index)
            _write_manifest(self.output_dir, self.files)
        changed = len(self._pending) + len(removed) + (len(old_index) if indexer is None else 0)
        return Written(dict(sorted(self.files.items())), changed, index_stale=stale)

    def _finish_reindexed(self, indexer: Indexer, bundle: str, removed: list[str],
                          old_index: dict[str, str]) -> Written:
        """The search index must be rebuilt, which can fail: build the new site in a
        staging directory (unchanged files hard-linked from the current one) and
        swap it in, as a full build does. Like a full build, only if nothing but
        the last build's files would be lost: the build's check that its output
        is intact looks only at those, not for files someone added."""
        check_replaceable(self.output_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}.new-",
                                        dir=self.output_dir.parent))
        self._staging = staging
        os.chmod(staging, 0o777 & ~_umask())
        for path in self.files:
            if path in self._pending:
                _write(staging, path, self._pending[path])
            else:
                _link(self.output_dir, staging, path)
        written = self._finish_full(staging, indexer, bundle)
        new_index = {p: d for p, d in written.files.items() if p.startswith(f"{bundle}/")}
        changed = len(self._pending) + len(removed) + len(set(new_index.items())
                                                          ^ set(old_index.items()))
        return Written(written.files, changed)


def install_bundle(output_dir: Path, files: dict[str, str], bundle: str,
                   staging: Path) -> Written:
    """Put the index in ``staging/bundle``, made after the pages (see
    ``finish(defer_index=True)``), into ``output_dir``, whose files are
    ``files`` (path → digest), in place of the index there.

    File by file, each atomically, and listed in the manifest; only files of the
    old index that the new one lacks are removed, so nothing of anyone else's is.
    """
    prefix = f"{bundle}/"
    old = {p: d for p, d in files.items() if p.startswith(prefix)}
    new = _digests(staging, bundle)
    kept = {p: d for p, d in files.items() if not p.startswith(prefix)}
    result = dict(sorted({**kept, **new}.items()))
    with deferred():  # the whole new index or the old one, never a mixture
        for path, data_digest in new.items():
            if old.get(path) != data_digest:
                _replace(output_dir, path,
                         staging.joinpath(*PurePosixPath(path).parts).read_bytes())
        for path in sorted(old.keys() - new.keys()):
            _remove(output_dir, path)
        _write_manifest(output_dir, result)
    return Written(result, len(set(new.items()) ^ set(old.items())))


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


def _write(root: Path, path: str, data: bytes) -> None:
    target = root.joinpath(*PurePosixPath(path).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _link(source: Path, target: Path, path: str) -> None:
    """Put an unchanged file into the staging directory without copying its bytes."""
    parts = PurePosixPath(path).parts
    destination = target.joinpath(*parts)
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source.joinpath(*parts), destination)
    except OSError:  # no hard links here (another file system, say): copy
        shutil.copy2(source.joinpath(*parts), destination)


def _replace(root: Path, path: str, data: bytes) -> None:
    """Write atomically: a reader (the preview server) never sees half a page."""
    target = root.joinpath(*PurePosixPath(path).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.briefing-new")
    temporary.write_bytes(data)
    os.chmod(temporary, 0o666 & ~_umask())
    os.replace(temporary, target)


def _remove(root: Path, path: str) -> None:
    """Delete a file of the previous build, and the folders it leaves empty."""
    target = root.joinpath(*PurePosixPath(path).parts)
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == root or not folder.is_relative_to(root):
            break
        try:
            folder.rmdir()
        except OSError:
            break  # not empty


def _digests(root: Path, folder: str) -> dict[str, str]:
    base = root / folder
    if not base.is_dir():
        return {}
    return {f"{folder}/{p.relative_to(base).as_posix()}": digest(p.read_bytes())
            for p in sorted(base.rglob("*")) if p.is_file()}


def _write_manifest(root: Path, written: dict[str, str]) -> None:
    text = _HEADER + "".join(f"{p}\n" for p in sorted(written))
    target = root / MANIFEST
    temporary = root / f".{MANIFEST}.new"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def _swap(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    retired.rmdir()  # only the unique name is wanted
    output_dir.rename(retired)
    try:
        staging.rename(output_dir)
    except BaseException:
        retired.rename(output_dir)
        raise
    shutil.rmtree(retired)


def check_replaceable(output_dir: Path) -> None:
    """Raise OutputDirError unless replacing ``output_dir`` loses nothing of the user's."""
    if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
        raise NotAnOutputDir(f"{output_dir}: exists and is not a directory; "
                             "choose another output directory with --out")
    if not output_dir.exists() or not any(output_dir.iterdir()):
        return
    manifest = output_dir / MANIFEST
    if not manifest.is_file():
        entries = sorted(p.name + "/" * p.is_dir() for p in output_dir.iterdir())
        raise NotAnOutputDir(
            f"{output_dir}: not empty and not made by briefing (no {MANIFEST} file): it "
            f"holds {_some(entries)}; refusing to replace it. Choose another directory "
            "with --out, or empty it")
    ours = set(_manifest_entries(manifest))
    foreign = [p for p in _tree(output_dir) if p not in ours and p != MANIFEST]
    # A folder of one's own is named once, not with everything in it.
    folders = set(foreign)
    foreign = [p + "/" * output_dir.joinpath(p).is_dir() for p in foreign
               if PurePosixPath(p).parent.as_posix() not in folders]
    if foreign:
        raise OutputDirError(
            f"{output_dir}: holds files briefing did not write ({_some(foreign)}); refusing "
            "to delete them. Move them elsewhere (site files belong in static/), then build "
            "again")


def _some(names: list[str], shown: int = 5) -> str:
    """The first few ``names`` and how many more there are: enough to find them."""
    more = len(names) - shown
    return ", ".join(excerpt(name) for name in names[:shown]) \
        + (f" and {more} more" if more > 0 else "")


def _manifest_entries(manifest: Path) -> Iterable[str]:
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path = PurePosixPath(line)
            yield line
            yield from (p.as_posix() for p in path.parents if p.as_posix() != ".")


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
