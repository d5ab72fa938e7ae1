"""Which annotation file holds an article's notes, its version, and writing it safely.

A file's *version* is the SHA-256 of its bytes ("" while it does not exist):
the preview puts it in the page it serves, and a write that names another
version is refused, so a note never overwrites an edit made in a text editor
since the page was loaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from briefing.annotations.loader import annotation_files
from briefing.config.layout import ANNOTATIONS_DIR
from briefing.config.site import SiteConfig
from briefing.core.errors import BriefingError
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
    found = [usual] if _declares(usual, slug) else []
    found += [p for p in annotation_files(annotations_dir(config))
              if p != usual and _declares(p, slug)]
    return [p for p in found if folders.escape(p) is None]  # as the build reads them


def file_for(config: SiteConfig, slug: str) -> Path:
    """Where a new note on ``slug`` goes: the file that already holds its notes, or
    ``content/annotations/<slug>.yml``."""
    if not SLUG_RE.match(slug):
        raise NoteRefused("invalid", f"'{slug}' is not an article slug")
    found = files_for(config, slug)
    return found[0] if found else annotations_dir(config) / f"{slug}.yml"


def _declares(path: Path, slug: str) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    match = _ARTICLE_LINE.search(text)
    return match is not None and match.group(1) == slug


def version(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def write(config: SiteConfig, path: Path, text: str, expected: str) -> None:
    """Replace ``path`` with ``text`` in one step, if it is still at version ``expected``
    and is a plain file directly inside ``content/annotations/`` (which may be a
    link only to a folder inside the site, as for every file briefing writes)."""
    folder = annotations_dir(config)
    if path.parent != folder or path.is_symlink():
        raise NoteRefused("refused", f"{path} is not a plain file of {folder}")
    try:
        SiteFolders.of(config.root, config.content_dir).refuse_writing_out(path)
    except BriefingError as exc:
        raise NoteRefused("refused", str(exc)) from None
    if version(path) != expected:
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
