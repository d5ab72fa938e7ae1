"""An update of an output in place (a build that keeps the rest of its files):
every new file is written beside its place before any is put there, so an
error while writing (a full disk, a name too long) leaves the output as it
was; then each is renamed into place, which a reader (the preview server)
sees whole; then the files of the last build that are gone are removed."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path, PurePosixPath

from briefing.write.touched import Touched


def replace_all(root: Path, paths: list[str], data_of: Callable[[str], bytes],
                touched: Touched) -> None:
    """Replace the files ``paths`` of ``root`` with ``data_of`` them: all are
    written first (:func:`_stage`), then each renamed into place, which a
    reader (the preview server) sees whole."""
    for path, (temporary, target) in zip(paths, _stage(root, paths, data_of), strict=True):
        touched.note(path)
        os.replace(temporary, target)


def _stage(root: Path, paths: list[str], data_of: Callable[[str], bytes]
           ) -> list[tuple[Path, Path]]:
    """Each of ``paths`` written to a temporary beside its place, (temporary,
    place) for each: all of them, or on any error (a full disk, a name too
    long) none, and no folder made for them, so a failed update leaves the
    output as it was."""
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for path in paths:
            data = data_of(path)
            target = root.joinpath(*PurePosixPath(path).parts)
            _make_folder(target.parent, made)
            temporary = target.with_name(f".{target.name}.briefing-new")
            staged.append((temporary, target))
            temporary.write_bytes(data)
            os.chmod(temporary, 0o666 & ~umask())
    except BaseException:
        for temporary, _ in staged:
            with suppress(OSError):  # not made, or a name too long to make
                temporary.unlink()
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        raise
    return staged


def _make_folder(folder: Path, made: list[Path]) -> None:
    """Make ``folder`` and the parents it lacks, outermost first, each added to
    ``made`` as soon as it is made (to be removed again on an error)."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir()
        made.append(each)


def remove(root: Path, path: str, touched: Touched) -> None:
    """Delete a file of the previous build, and the folders it leaves empty."""
    touched.note(path)
    target = root.joinpath(*PurePosixPath(path).parts)
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == root or not folder.is_relative_to(root):
            break
        try:
            folder.rmdir()
        except OSError:
            break  # not empty


def umask() -> int:
    """The process's umask (read by setting it, so set back at once)."""
    current = os.umask(0)
    os.umask(current)
    return current
