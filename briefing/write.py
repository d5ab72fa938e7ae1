"""The write stage: put a finished build in place, or leave the old one alone.

Files go into a fresh temporary directory beside the output directory, which
is then swapped in with two renames. A build that fails before the swap leaves
the previous site untouched. Every build writes a manifest (``.briefing-build``)
listing the files it wrote; an existing output directory is only replaced when
it is empty or holds nothing but the files its manifest names, so briefing
never deletes anything it did not create.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from briefing.errors import OutputDirError
from briefing.render import OutputFile

MANIFEST = ".briefing-build"
_HEADER = "# Written by `briefing build`; lists every file of this build.\n"


def write_site(files: Iterable[OutputFile], output_dir: Path,
               post_write: Callable[[Path], None] | None = None) -> int:
    """Write ``files`` as the new content of ``output_dir``; returns the file count.

    ``post_write``, when given, runs over the staging directory once every file
    is in it and before the swap (a search indexer, say); whatever it adds is
    part of the build and listed in the manifest, and if it fails nothing is replaced.
    """
    output_dir = output_dir.absolute()
    check_replaceable(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())
        written = _write_all(files, staging)
        if post_write is not None:
            post_write(staging)
            written = [p for p in _tree(staging) if (staging / p).is_file()]
        (staging / MANIFEST).write_text(_HEADER + "".join(f"{p}\n" for p in written),
                                        encoding="utf-8")
        _swap(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(written) + 1  # the manifest too


def _write_all(files: Iterable[OutputFile], root: Path) -> list[str]:
    written: dict[str, None] = {}
    for file in files:
        relative = PurePosixPath(file.path)
        if relative.is_absolute() or ".." in relative.parts or file.path == MANIFEST:
            raise ValueError(f"refusing to write outside the output directory: {file.path}")
        if file.path in written:
            raise ValueError(f"two outputs claim the same path: {file.path}")
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
        written[file.path] = None
    return sorted(written)


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
        raise OutputDirError(f"{output_dir}: exists and is not a directory; "
                             "choose another output directory with --out")
    if not output_dir.exists() or not any(output_dir.iterdir()):
        return
    manifest = output_dir / MANIFEST
    if not manifest.is_file():
        raise OutputDirError(
            f"{output_dir}: not empty and not made by briefing (no {MANIFEST} file); "
            "refusing to replace it. Choose another directory with --out, or empty it")
    ours = set(_manifest_entries(manifest))
    foreign = [p for p in _tree(output_dir) if p not in ours and p != MANIFEST]
    if foreign:
        listed = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise OutputDirError(
            f"{output_dir}: holds files briefing did not write ({listed}); refusing to "
            "delete them. Move them elsewhere (site files belong in static/), then build again")


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
