"""Symbolic links in a site: followed only while they stay inside the site.

A site folder often comes from someone else (a pull request, a shared drive,
an unpacked archive), and a link in it such as ``content/wire/leak.txt ->
~/notes/secret.txt`` or ``static/passwd -> /etc/passwd`` would make briefing
read that file and publish it: quoted in a story page's quality notes, copied
into ``_site/``, served by the preview. So every file briefing reads from a
site is checked here before it is opened: with every link followed, it must
be inside the site's root folder (the folder holding site.yml), or inside the
content folder when site.yml's ``content_dir`` names one elsewhere (that
setting is the owner's explicit choice, like a path given on the command
line). A link that stays inside keeps working, to a file or to a folder; one
that leads out is an error at the link, saying where it points, and what it
points to is never opened (so a link to ``/dev/zero`` cannot hang a build).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.errors import BriefingError, Diagnostics

HINT = ("briefing follows links only to files inside the folder holding site.yml; "
        "copy the file into the site, or remove the link")


@dataclass(frozen=True)
class Escape:
    """A link that leads out of the site, and the real path it leads to."""

    link: Path
    target: str


@dataclass
class SiteFolders:
    """The folders a site's files must really be in, and the checks against them."""

    lexical: tuple[str, ...]  # the allowed folders as configured (to find the link to blame)
    real: tuple[str, ...]  # the same with every link resolved
    _real_dirs: dict[str, str] = field(default_factory=dict)  # folder -> its real path
    _inside: set[str] = field(default_factory=set)  # folders (as given) really inside

    @classmethod
    def of(cls, root: Path, content_dir: Path | None = None) -> SiteFolders:
        """The site's root; and its content folder, when site.yml names one outside it."""
        folders = [os.path.abspath(root)]
        if content_dir is not None:
            content = os.path.abspath(os.path.join(root, content_dir))
            if not _within(content, folders[0]):
                folders.append(content)
        return cls(tuple(folders), tuple(os.path.realpath(f) for f in folders))

    def escape(self, path: Path, link: bool | None = None) -> Escape | None:
        """None when ``path``, every link followed, is inside the site; else the link
        that leads out. One ``lstat`` for a path whose folder was checked before, none
        when the caller knows whether it is a ``link`` (``os.DirEntry.is_symlink``)."""
        text = str(path)
        parent, _, name = text.rpartition(os.sep)
        if parent in self._inside and name not in ("", ".", "..") \
                and not (os.path.islink(text) if link is None else link):
            return None  # the usual case, made cheap: a file in a folder found inside
        real = self._real_path(path, link)
        if not any(_within(real, folder) for folder in self.real):
            return Escape(self._link_out(path) or path, real)
        # Remembered only for a folder named without "..": "missing/.." is the
        # site to realpath, which reads it as written, but no folder to the system.
        if ".." not in path.parts and any(_within(os.path.dirname(real), folder)
                                          for folder in self.real):
            self._inside.add(parent)
        return None

    def allows(self, path: Path, diagnostics: Diagnostics, link: bool | None = None) -> bool:
        """True if ``path`` may be read; if not, an error at the link that leads out."""
        escape = self.escape(path, link)
        if escape is not None:
            self.report(escape, diagnostics)
        return escape is None

    def report(self, escape: Escape, diagnostics: Diagnostics) -> None:
        """An error at the link itself (shown as written, not where it leads)."""
        diagnostics.error(escape.link, None, "a symbolic link to "
                          f"{escape.target}, outside the site: not followed", HINT)

    def refuse_writing_out(self, path: Path) -> None:
        """Raise unless writing ``path`` stays inside the site. ``briefing import``
        and ``briefing new`` write into content/: through a linked folder (or a
        linked file) that leads out, they would write, or overwrite, elsewhere."""
        escape = self.escape(path)
        if escape is not None:
            raise BriefingError(f"{escape.link} is a symbolic link to {escape.target}, "
                                f"outside the site: {path.name} was not written there "
                                "(briefing writes only inside the folder holding "
                                "site.yml; replace the link with a folder)")

    @staticmethod
    def described(escape: Escape, diagnostics: Diagnostics) -> str:
        """The problem in words, for an error reported where the file was named."""
        return (f"{diagnostics.display(escape.link)} is a symbolic link to {escape.target}, "
                "outside the site: not followed")

    def files_under(self, folder: Path, diagnostics: Diagnostics) -> list[Path]:
        """Every file below ``folder``, sorted, following links that stay inside the
        site; links out are reported and left out, and so is a link back to a folder
        being walked (it would never end)."""
        if not folder.is_dir() or not self.allows(folder, diagnostics):
            return []
        found: list[Path] = []
        stack = [(folder, frozenset({self._real_path(folder)}))]
        while stack:
            directory, above = stack.pop()
            for entry in _entries(directory, diagnostics):
                path = directory / entry.name
                if entry.is_symlink() and not self.allows(path, diagnostics, link=True):
                    continue
                if entry.is_dir():
                    real = os.path.realpath(path)
                    if real in above:
                        diagnostics.error(path, None, "a symbolic link to a "
                                          "folder that holds it: not followed",
                                          "remove the link")
                        continue
                    stack.append((path, above | {real}))
                elif entry.is_file():
                    found.append(path)
        return sorted(found)

    def _real_path(self, path: Path, link: bool | None = None) -> str:
        if ".." in path.parts or (os.path.islink(path) if link is None else link):
            return os.path.realpath(path)  # ".." only after the links before it
        parent, name = os.path.split(os.path.abspath(path))
        real_parent = self._real_dirs.get(parent)
        if real_parent is None:
            real_parent = self._real_dirs[parent] = os.path.realpath(parent)
        return os.path.join(real_parent, name)

    def _link_out(self, path: Path) -> Path | None:
        """The first link between the site's folder and ``path`` that leads out."""
        text = os.path.abspath(path)
        base = next((f for f in self.lexical if _within(text, f)), None)
        if base is None:
            return None
        current = base
        for part in Path(os.path.relpath(text, base)).parts:
            current = os.path.join(current, part)
            if os.path.islink(current) and not any(
                    _within(os.path.realpath(current), f) for f in self.real):
                return Path(current)
        return None


def _entries(directory: Path, diagnostics: Diagnostics) -> list[os.DirEntry[str]]:
    """The entries of ``directory`` by name; a folder that cannot be read is an error."""
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        diagnostics.error(directory, None, f"cannot read folder: {exc.strerror}")
        return []


def _within(path: str, folder: str) -> bool:
    """True if ``path`` is ``folder`` or below it; both absolute and normalised."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
