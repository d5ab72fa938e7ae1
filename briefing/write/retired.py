"""Removing the output folder a full build replaced, without waiting for it.

A full build puts its new output in place with two renames, and the old one,
renamed to ``._site.old-…`` beside it, must then go. At 10,000 articles it is
43,000 files: removing them took 6.3 s on the benchmark machine (a second or
two on a fast disk) after the new site was already in place, time in which
the person waiting for the build could do nothing. An old output of more than
:data:`LATER_FILES` files is handed to a process of its own (forked twice and
made a new session, so that nothing waits for it or must reap it; its
standard streams are ``/dev/null``, so a caller reading the build's output
sees it end when the build does), and the build returns. Smaller ones are
removed at once: a script looking for leftovers right after a small build
finds none.

A removal that dies half way (the machine stops) leaves the folder; a later
full build of the same output removes any such folder retired more than
:data:`STALE_S` ago (a younger one may still be being removed). Only folders
briefing retired are touched, never one that is merely named like them (a
writer's ``._site.old-backup``): retiring writes a mark into the folder
(:data:`MARK`, holding the folder's new name, so a copy under another name
is not one), and every removal takes the mark last. briefing never deletes
anything it did not create.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from briefing.write.manifest import RETIRED_MARK

LATER_FILES = 2_000  # an old output with more files is removed in the background
STALE_S = 3600  # a retired folder older than this is no longer being removed
MARK = RETIRED_MARK  # in a retired folder: its own name, removed last
_REMOVE = ("import os, shutil, sys; f = sys.argv[1]; m = os.path.join(f, sys.argv[2])\n"
           "for e in os.scandir(f):\n"
           "    if e.path != m: shutil.rmtree(e.path, ignore_errors=True) "
           "if e.is_dir(follow_symlinks=False) else os.unlink(e.path)\n"
           "os.unlink(m); os.rmdir(f)")


def retire(output_dir: Path) -> Path:
    """A fresh name beside ``output_dir`` to rename it to, for :func:`remove`,
    marked as retired by briefing (the mark is in ``output_dir`` until the
    rename; :func:`unretire` takes it out again if the swap fails)."""
    retired = Path(tempfile.mkdtemp(prefix=_prefix(output_dir), dir=output_dir.parent))
    retired.rmdir()  # only the unique name is wanted
    (output_dir / MARK).write_text(retired.name, encoding="utf-8")
    return retired


def unretire(output_dir: Path) -> None:
    """The mark out of ``output_dir``, put back in place after a failed swap."""
    (output_dir / MARK).unlink(missing_ok=True)


def remove(retired: Path, files: int) -> None:
    """Remove the old output ``retired`` of about ``files`` files: in a process of
    its own when it is large and one can be started, else at once."""
    if files > LATER_FILES and _in_background(retired):
        return
    _remove_here(retired)


def sweep(output_dir: Path) -> None:
    """Remove (in the background) the old outputs of ``output_dir`` that earlier
    builds retired and never finished removing."""
    now = time.time()
    for path in output_dir.parent.glob(f"{_prefix(output_dir)}*"):
        try:
            stale = not path.is_symlink() and path.is_dir() and _ours(path) and \
                now - path.lstat().st_ctime > STALE_S  # ctime: when it was renamed
        except OSError:
            continue
        if stale and not _in_background(path):
            _remove_here(path)


def swap(staging: Path, output_dir: Path, files: int) -> None:
    """``staging`` in place of ``output_dir``; the old output (of about ``files``
    files, as the new one) removed after, in the background if large."""
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    retired = retire(output_dir)
    try:
        output_dir.rename(retired)
    except BaseException:
        unretire(output_dir)
        raise
    try:
        staging.rename(output_dir)
    except BaseException:
        retired.rename(output_dir)
        unretire(output_dir)
        raise
    remove(retired, files)


def _ours(folder: Path) -> bool:
    """Whether briefing retired ``folder``: its mark names it (read without
    following a link)."""
    mark = folder / MARK
    try:
        return not mark.is_symlink() and mark.read_text(encoding="utf-8") == folder.name
    except (OSError, UnicodeDecodeError):
        return False


def _prefix(output_dir: Path) -> str:
    return f".{output_dir.name}.old-"


def _remove_here(folder: Path) -> None:
    """Remove ``folder`` in this process (what is left of it: a folder a removal
    in the background is at work on too loses files under it), its mark last."""
    for entry in os.scandir(folder):
        if entry.name == MARK:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    (folder / MARK).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _in_background(folder: Path) -> bool:
    """Start a process that removes ``folder``; False when none can be started.
    A fresh interpreter (exec), not the forked copy of this one: every file
    this process holds open (the build's lock, the store) closes on exec."""
    if not hasattr(os, "fork"):
        return False
    try:
        child = os.fork()
    except OSError:
        return False
    if child == 0:  # only calls that are safe between fork and exec: no locks taken
        try:
            if os.fork() == 0:
                os.setsid()
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):
                    os.dup2(quiet, stream)
                os.execv(sys.executable, [sys.executable, "-I", "-S", "-c", _REMOVE,
                                          str(folder), MARK])
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    return True
