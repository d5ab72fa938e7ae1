"""Which annotation file holds an article's notes, and writing it safely.

The preview puts the time it served a page in the page; a write from that page
to a file modified after that time is refused (a conflict), so a note never
overwrites an edit made in a text editor since the page was loaded. The time
of modification is what editors check too ("file changed since reading"), and
it covers every file, also one created meanwhile, at the cost of one ``stat``
when writing instead of reading every annotation file when serving a page
(which takes the better part of a second at 10,000 articles).
"""

from __future__ import annotations

import os
from stat import S_ISREG
import re
import tempfile
from pathlib import Path

from briefing.annotations.notefile import NoteFileError
from briefing.config.layout import ANNOTATIONS_DIR
from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError
from briefing.core.files import byte_position
from briefing.core.schema import SLUG_RE
from briefing.core.symlinks import SiteFolders
from briefing.notes.refusal import NoteRefused

_ARTICLE_LINE = re.compile(r"^article:\s*['\"]?([a-z0-9-]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def annotations_dir(config: SiteConfig) -> Path:
    return config.root / config.content_dir / ANNOTATIONS_DIR


def files_for(config: SiteConfig, slug: str) -> list[Path]:
    """Every annotation file that says ``article: <slug>``, ``<slug>.yml`` first."""
    if not SLUG_RE.match(slug):
        raise NoteRefused("invalid", f"'{slug}' is not an article slug")
    usual = annotations_dir(config) / f"{slug}.yml"
    folders = SiteFolders.of(config.root, config.content_dir)
    found = sorted((p for p, declared in _DECLARED.scan(annotations_dir(config))
                    if declared == slug), key=lambda p: (p != usual, str(p)))
    return [p for p in found if folders.escape(p) is None]  # as the build reads them


class _Declarations:
    """Which article each annotation file declares, read again only from files whose
    size or time changed: the preview asks on every article page it serves, and
    reading 10,000 files each time would take the better part of a second."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[tuple[int, int], str | None]] = {}

    def scan(self, folder: Path) -> list[tuple[Path, str | None]]:
        """(file, the slug it declares) for each file the build reads as annotations
        (loader.annotation_files: ``*.yml``/``*.yaml``, not hidden)."""
        found = []
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return []
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith((".yml", ".yaml")):
                continue
            try:
                stat = entry.stat()  # follows a link, as the build's is_file() does
            except OSError:
                continue
            if not S_ISREG(stat.st_mode):
                continue
            key = (stat.st_mtime_ns, stat.st_size)
            known = self._known.get(entry.path)
            if known is None or known[0] != key:
                known = self._known[entry.path] = (key, _declared(Path(entry.path)))
            found.append((Path(entry.path), known[1]))
        return found


_DECLARED = _Declarations()


def file_for(config: SiteConfig, slug: str) -> Path:
    """Where a new note on ``slug`` goes: the file that already holds its notes, or
    ``content/annotations/<slug>.yml``."""
    if not SLUG_RE.match(slug):
        raise NoteRefused("invalid", f"'{slug}' is not an article slug")
    found = files_for(config, slug)
    return found[0] if found else annotations_dir(config) / f"{slug}.yml"


def _declared(path: Path) -> str | None:
    """The article a file names; read past bytes that are not UTF-8, so that such
    a file is still its article's, and refused as it is read (:func:`read`)."""
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None
    match = _ARTICLE_LINE.search(text)
    return match.group(1) if match else None


def modified_since(path: Path, since: int) -> bool:
    """Whether ``path`` was modified after ``since`` (``time.time_ns()``). File
    times come from the kernel's coarse clock, never later than the real time."""
    try:
        return path.stat().st_mtime_ns > since
    except FileNotFoundError:
        return False


def read(path: Path) -> str | None:
    """The file's text, or None if there is none. A file that is not UTF-8 is a
    :class:`NoteFileError` at the line of its first bad byte, as the build says
    it (core/files.read_text), for the caller to name the file."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        line, column = byte_position(exc.object, exc.start)
        raise NoteFileError(f"not UTF-8 text: byte 0x{exc.object[exc.start]:02x} at column "
                            f"{column} ({exc.reason}); save the file as UTF-8", line) from None


def write(config: SiteConfig, path: Path, text: str, since: int | None) -> None:
    """Replace ``path`` with ``text`` in one step, if it was not modified after
    ``since`` (None: whenever it was) and is a plain file directly inside ``content/annotations/`` (which may be a
    link only to a folder inside the site, as for every file briefing writes)."""
    folder = annotations_dir(config)
    if path.parent != folder or path.is_symlink():
        raise NoteRefused("refused", f"{path} is not a plain file of {folder}")
    try:
        SiteFolders.of(config.root, config.content_dir).refuse_writing_out(path)
    except BriefingError as exc:
        raise NoteRefused("refused", str(exc)) from None
    if since is not None and modified_since(path, since):
        raise NoteRefused("conflict", f"{path.name} changed on disk since this page was "
                          "loaded; reload the page (your note is not saved) and try again")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
