"""The site's files as a build reads them: each file's value remembered by a
hash of its bytes (and the settings), that hash remembered by the file's size
and time, so a build reads only the files that changed (see
:meth:`RememberedFiles.key`). Used by the load stage (site.py), the narrow
builds of edited files (edited.py) and the reading ahead on every core
(ahead.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from briefing.annotations.loader import NoteFile
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.files import FileTimes
from briefing.core.hashing import key
from briefing.core.remembered import FILE_KEY, Remember, Remembered, compute_now
from briefing.core.symlinks import SiteFolders

T = TypeVar("T")


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    # Supplies what an earlier build read from a file whose bytes are unchanged.
    remember: Remember = compute_now
    # Told that a value was read from exactly what a fingerprint stands for.
    known: Callable[[object, str], None] = lambda value, key: None
    # Size and time of each file as the build's stamp found them (stamp.FileTimes).
    file_times: FileTimes = field(default_factory=dict)
    # Whether ``remember`` holds a value (BuildCache.knows): given, the files it
    # does not are read ahead on every core (load/ahead.py); ``jobs`` processes.
    knows: Callable[[Remembered, str], bool] | None = None
    jobs: int | None = None


@dataclass(frozen=True)
class RememberedFiles:
    """What was read from each file, reused while the file's bytes (and the
    settings reading depends on) are the same; its warnings are reported again."""

    remember: Remember
    diagnostics: Diagnostics
    settings: str
    known: Callable[[object, str], None] = lambda value, key: None
    file_times: FileTimes = field(default_factory=dict)
    folders: SiteFolders | None = None  # where the files may really be (symlinks.py)
    knows: Callable[[Remembered, str], bool] | None = None  # see LoadOptions
    jobs: int | None = None
    # (path, context) → the key a worker found reading the file ahead
    # (load/ahead.py), taken once by the stage's loop: it need not hash the
    # file's size and time again, nor, for a file the stamp gave no time
    # (racily clean, or no stamp: briefing check), read and hash its bytes.
    found: dict[tuple[str, str], str] = field(default_factory=dict)
    # (path, size and time, context) → :meth:`time_key`: asked twice of every file
    # a build reads ahead (:meth:`unknown`, then :meth:`key`), one hash each time.
    time_keys: dict[tuple[str, tuple[int, int], str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, config: SiteConfig, diagnostics: Diagnostics, options: LoadOptions,
           folders: SiteFolders) -> RememberedFiles:
        """The site's files as a build with ``options`` reads them."""
        return cls(options.remember, diagnostics, key(config), options.known,
                   options.file_times, folders, options.knows, options.jobs)

    def allows(self, path: Path, link: bool | None = None) -> bool:
        """False, with an error, for a symbolic link out of the site: never read it."""
        return self.folders is None or self.folders.allows(path, self.diagnostics, link)

    def read(self, kind: Remembered, path: Path, load: Callable[[Diagnostics], T],
             context: str = "") -> T:
        try:
            key = self.key(path, context)
        except OSError:
            return load(self.diagnostics)  # reported by the loader itself

        def fresh() -> tuple[T, tuple[Diagnostic, ...]]:
            own = Diagnostics(root=self.diagnostics.root)
            return load(own), tuple(own.items)

        value, said = self.remember(kind, key, fresh)
        self.diagnostics.items.extend(said)
        self.known(value, key)
        items = value.notes if isinstance(value, NoteFile) else \
            value if isinstance(value, (list, tuple)) else ()
        for index, item in enumerate(items):
            self.known(item, f"{key}#{index}")  # each note of an annotation file, say
        return value

    def key(self, path: Path, context: str) -> str:
        """A hash of the file's name and bytes, the settings and ``context``: what
        reading it depends on. Remembered by the file's size and time, when the
        stamp found them and the file was not racily clean, as Git trusts its
        index: a build of ten thousand articles then reads none of the files
        it read before, only those that changed."""
        name = str(path)
        found = self.found.pop((name, context), None)
        if found is not None:
            return found
        times = self.file_times.get(name)
        if times is None:
            return self.content_key(path, context)
        return self.remember(FILE_KEY, self.time_key(name, times, context),
                             lambda: self.content_key(path, context))

    def time_key(self, name: str, times: tuple[int, int], context: str = "") -> str:
        """Where the key of the file ``name`` is remembered while it has this size
        and time (``times``)."""
        found = self.time_keys.get((name, times, context))
        if found is None:
            found = self.time_keys[(name, times, context)] = key(
                name, times[0], times[1], self.settings, context)
        return found

    def content_key(self, path: Path, context: str) -> str:
        """:meth:`key` from the file's bytes, never from the memo: what a worker
        forked by load/ahead.py may compute (the memo's store stays the parent's)."""
        return key(str(path), self.settings, context, path.read_bytes())

    def unknown(self, path: Path, context: str = "") -> bool:
        """Whether :meth:`read` would have to read the file, as far as its size and
        time tell: no key is remembered for them (a new or edited file, a cold
        build). A file whose key is remembered almost always has its value too
        (:meth:`read` reads it, in the rare case not). Only with ``knows``; a
        racily clean file counts as unknown."""
        name = str(path)
        times = self.file_times.get(name)
        if self.knows is None or times is None:
            return True
        return not self.knows(FILE_KEY, self.time_key(name, times, context))

    def take(self, kind: Remembered, path: Path, context: str, file_key: str,
             found: tuple[object, tuple[Diagnostic, ...]]) -> None:
        """Remember what reading ``path`` elsewhere found (load/ahead.py): its key
        under its size and time, and its value and warnings under its key, as
        :meth:`read` would have; :meth:`read` then finds both."""
        name = str(path)
        times = self.file_times.get(name)
        if times is not None:
            self.remember(FILE_KEY, self.time_key(name, times, context), lambda: file_key)
        self.found[(name, context)] = file_key
        self.remember(kind, file_key, lambda: found)

    def loader(self, kind: Remembered, context: str, refused: T

               ) -> Callable[..., T]:
        """``read`` for a loader of ``kind``, called with the path, how to read it and,
        if the caller knows, whether it is a symbolic link; a link out of the site
        gives ``refused``."""
        return lambda path, load, link=None: self.read(kind, path, load, context) \
            if self.allows(path, link) else refused
