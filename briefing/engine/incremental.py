"""Reusing the previous build's work for articles whose inputs did not change.

A :class:`BuildCache` carries one build's work to the next: ``briefing build``
keeps it on disk (see store.py), ``briefing serve`` in memory. Each
article's merged page is keyed by everything merging reads (the article, its
notes, the glossary, the site settings); its rendered files are keyed by that
plus everything rendering reads site-wide (stories, templates, theme and
static files). An unchanged key means the bytes would be the same: the merged
page is reused, and the files, already in the output directory, are kept
(:class:`KeptFile`) instead of being rendered again. Listing pages (front
page, stories, topics, archive, glossary, feeds, sitemap) are rendered again
from the merged pages; the write stage then rewrites only what changed.
A rebuild therefore leaves exactly what a full build would.

The cache also remembers what the last build read and wrote (its stamps), so
a build with nothing to do stops before loading anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.core.errors import Diagnostics
from briefing.core.files import FileTimes
from briefing.core.hashing import Fingerprints, digest
from briefing.core.later import Later
from briefing.core.remembered import PAGE, Remembered
from briefing.engine.changes import Changes, MemoRows, Source, written_changes
from briefing.engine.entries import ArticleEntry, ArticleKeys
from briefing.engine.input_bytes import Digests, InputChanges
from briefing.engine.last_build import LastBuild
from briefing.engine.output_check import OutputCheck
from briefing.engine.packed import PackedEntry, Spill, light_page, pack, packed
from briefing.engine.plan import LISTED_CHANGED, NOT_KEPT, Plan, merged_entry, new_output, plan_for
from briefing.engine.stamp import Stamp
from briefing.engine.stored_files import StoredFiles

if TYPE_CHECKING:  # the "nothing changed" path must not import the pipeline
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.engine.jobs import ArticleWork
    from briefing.model.annotation import Annotation
    from briefing.model.page import MergedPage
    from briefing.model.site import Article, Site

T = TypeVar("T")


@dataclass
class BuildCache:
    """The previous build's merged pages and article files (by slug), its
    remembered values, and its stamps.

    ``entries`` and ``memo`` hold what this process has read or made; what
    they lack is asked of ``source`` (the store on disk: see store.py), one
    row at a time, the first time a build needs it, so a build reads only the
    rows its work touches. What a build sets or removes is recorded, for the
    store to save just that (:meth:`changes`)."""

    entries: dict[str, ArticleEntry] = field(default_factory=dict)
    memo: dict[str, dict[str, Any]] = field(default_factory=dict)  # see remember()
    rendered: int = 0  # article pages rendered (not kept) since this count was reset
    last: LastBuild | None = None
    source: Source | None = field(default=None, repr=False)  # rows on disk, read on demand

    _used: set[tuple[str, str]] = field(default_factory=set, repr=False)
    # What this build set or removed: (ENTRY, slug) or (kind, key) of memo.
    _touched: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _absent: set[tuple[str, str]] = field(default_factory=set, repr=False)  # not in source
    _present: frozenset[str] | None = field(default=None, repr=False)  # articles now
    # Never changed in place: each build's Written.files is a dict of its own.
    _written_before: dict[str, str] | None = field(default=None, repr=False)
    # The output files the updates since then touched, and the files they left
    # (see wrote); None: not known, the whole lists are compared.
    _written_since: tuple[set[str], dict[str, str]] | None = field(default=None, repr=False)
    # The check of the last build's output that this build started (check_output).
    output: OutputCheck = field(default_factory=OutputCheck, repr=False)
    keep: bool = field(default=False, repr=False)  # this build updates an intact output
    # The size and time of each input file this build's stamp found (not racy ones).
    file_times: FileTimes = field(default_factory=dict, repr=False)
    hasher: Fingerprints | None = field(default=None, repr=False)  # this build's
    # Every input's size and time this build found (racily clean ones too), and
    # the digests of their bytes known with them (input_bytes.py).
    input_times: FileTimes = field(default_factory=dict, repr=False)
    input_digests: Digests = field(default_factory=dict, repr=False)
    # Which inputs this build found changed by their bytes (input_bytes.py).
    changed_inputs: InputChanges | None = field(default=None, repr=False)
    # The key each article file was read under, by path (told by the load stage).
    source_keys: dict[str, str] = field(default_factory=dict, repr=False)
    # Why each file was made, for ``briefing build --explain`` (None: not asked).
    reasons: dict[str, str] | None = field(default=None, repr=False)
    # With reasons: the files an article's output was made from, its own (its
    # article file, its notes files), so --explain can name the one that changed.
    made_from: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # This build asks for few values (build/narrow.py): each is read alone, never
    # every value of its kind at once (Remembered.read_whole), which for the
    # file keys of 20,000 inputs costs a narrow build more than all its lookups.
    few: bool = field(default=False, repr=False)
    # This cache ends with the build (``briefing build``, not the preview): pages
    # settled ``light`` are held light, and their entries packed for the save
    # into ``spill`` when there is one (engine/packed.py).
    let_go: bool = field(default=False, repr=False)
    spill: Spill | None = field(default=None, repr=False)
    packed: dict[str, PackedEntry] = field(default_factory=dict, repr=False)
    # The entries read light (see entry): plan.whole_entry gives one its text.
    light_held: set[str] = field(default_factory=set, repr=False)

    def kept(self, path: str, key: str) -> KeptFile | None:
        """The last build's file at ``path`` if :meth:`page` would keep it (its key
        is ``key``), not rendered: so a caller can make the others on every core."""
        from briefing.core.outputs import KeptFile
        self._used.add((PAGE.name, path))
        found, last = self._lookup(PAGE, path)
        return KeptFile(path, last[1]) if self.keep and found and last[0] == key else None

    def page(self, path: str, key: str, render: Callable[[], OutputFile]
             ) -> OutputFile | KeptFile:
        """The last build's page at ``path`` when its fingerprint ``key`` is the same
        and it is still in the output directory; else a new rendering."""
        from briefing.core.outputs import KeptFile
        self._used.add((PAGE.name, path))
        found, last = self._lookup(PAGE, path)
        if self.keep and found and last[0] == key:
            return KeptFile(path, last[1])
        file = render()
        if self.reasons is not None:
            self.reasons[path] = new_output(path) if not found else \
                LISTED_CHANGED if last[0] != key else NOT_KEPT
        self.memo.setdefault(PAGE.name, {})[path] = (key, digest(file.data))
        self._touched.add((PAGE.name, path))
        return file

    def load_work(self) -> None:
        """Get ready for a build that has work to do: the files the last one
        wrote (their rows read as asked for), and start counting what is used."""
        if self.source is not None:
            self.source.forget_read()
        if self.last is not None and self.last.written is None and self.source is not None:
            self.last.written = StoredFiles(self.source)
        self._used = set()
        self._touched = set()
        self._absent = set()
        self._present = None
        self.packed = {}
        self.output.answer = None
        self.source_keys = {}
        self._written_before = self.last.written \
            if self.last is not None and self.last.written is not None else {}
        self._written_since = (set(), self._written_before)

    def remember(self, kind: Remembered, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, or its value from the last build with the same ``key``: for
        work that is not an article's (a story's comparison, say). ``key`` must
        hash everything ``compute`` reads (queries.py lists the kinds)."""
        found, value = self._lookup(kind, key)
        if not found:
            value = self.memo.setdefault(kind.name, {})[key] = compute()
            self._touched.add((kind.name, key))
        self._used.add((kind.name, key))
        if self.hasher is not None:
            self.hasher.known(value, key)  # the key stands for the value
        return value

    def put(self, kind: Remembered, key: str, value: object) -> None:
        """Set the value under ``key``, whatever it was: for a value each build of
        the whole site makes again (build/narrow.py's basis), not one looked up."""
        self.memo.setdefault(kind.name, {})[key] = value
        self._touched.add((kind.name, key))
        self._used.add((kind.name, key))

    def forget(self, kind: Remembered, key: str) -> None:
        """Drop the value under ``key``, here and (when saved) in the store: one no
        build will ask for again (for narrow builds, which do not sweep the store)."""
        self.memo.get(kind.name, {}).pop(key, None)
        self._absent.add((kind.name, key))
        self._used.discard((kind.name, key))
        self._touched.add((kind.name, key))

    def value(self, kind: Remembered, key: str) -> Any:
        """The value under ``key``, from this process or the store; None if neither
        holds one."""
        self._used.add((kind.name, key))
        return self._lookup(kind, key)[1]

    def later(self, kind: Remembered, key: str, compute: Callable[[], T]) -> Later[T]:
        """:meth:`remember`, put off until a page that shows the value is rendered:
        the value stays in the store meanwhile (it counts as used) and is read
        from it only then; a page kept from the last build never reads it."""
        self._used.add((kind.name, key))
        return Later(key, lambda: self.remember(kind, key, compute))

    def has(self, kind: Remembered, key: str) -> bool:
        """Whether a value is remembered under ``key``, without reading it."""
        if key in self.memo.get(kind.name, {}):
            return True
        if self.source is None or (kind.name, key) in self._absent:
            return False
        return self.source.has(kind.name, key, kind.read_whole and not self.few)

    def keep_unread(self, kind: Remembered, key: str) -> None:
        """Keep the value under ``key`` in the store, unread: this build needs it
        not, a later one may (a story's comparison while its view is kept)."""
        self._used.add((kind.name, key))

    def knows(self, kind: Remembered, key: str) -> bool:
        """Whether :meth:`remember` has a value for ``key`` (so need not compute it)."""
        return self._lookup(kind, key)[0]

    def _lookup(self, kind: Remembered, key: str) -> tuple[bool, Any]:
        """(True, value) when this process or the store holds a value for ``key``."""
        table = self.memo.setdefault(kind.name, {})
        if key in table:
            return True, table[key]
        if self.source is None or (kind.name, key) in self._absent:
            return False, None
        found, value = self.source.memo(kind.name, key, kind.read_whole and not self.few)
        if found:
            table[key] = value
        else:
            self._absent.add((kind.name, key))
        return found, value

    def entry(self, slug: str, light: bool = False) -> ArticleEntry | None:
        """The article's entry, from this process or the store (None: it has none).
        ``light``: its page may come without its text, which this build would
        let go of anyway (see :attr:`let_go`); plan.whole_entry reads it when needed."""
        entry = self.entries.get(slug)
        if entry is not None or self.source is None or (ENTRY, slug) in self._absent:
            return entry
        light = light and self.let_go and not self.few
        read = self.source.light_entry if light else self.source.entry
        entry = read(slug, not self.few)  # a whole build plans every one
        if not isinstance(entry, ArticleEntry):  # missing, or not what a store holds
            self._absent.add((ENTRY, slug))
        else:
            self.entries[slug] = entry
            if light:
                self.light_held.add(slug)
        return entry

    def refiled(self, slug: str) -> None:  # its entry changed in place (build/definitions.py)
        self._touched.add((ENTRY, slug))

    def forget_unused(self) -> None:
        """Drop remembered values this build did not ask for, so the cache does not
        grow: those held here now, those in the store when it is saved."""
        for kind, table in self.memo.items():
            for key in [k for k in table if (kind, k) not in self._used]:
                del table[key]

    def check_output(self, output_dir: Path, ahead: bool = False) -> None:
        """Start checking the last build's output (output_check.OutputCheck.start);
        :meth:`up_to_date` and :meth:`output_intact` take the answer."""
        self.output.start(self.last, output_dir, ahead)

    def assume_output(self, output_dir: Path) -> None:
        """The output as the last build stamped it, for the next build
        (output_check.OutputCheck.assume): the preview, right after its first build."""
        self.output.assume(self.last, output_dir)

    def up_to_date(self, inputs: Stamp, output_dir: Path) -> bool:
        """Nothing read has changed and the output is as the last build left it;
        after an edit the check of the output goes on while the site loads
        (:meth:`output_intact` takes its answer), it is not waited for here."""
        if self.last is None or not self.last.inputs.matches(inputs):
            return False
        return self.output.unchanged(self.last, output_dir)

    def output_intact(self, output_dir: Path) -> bool:
        """Whether the build may update ``output_dir`` in place (OutputCheck.intact)."""
        return self.output.intact(self.last, output_dir)

    def stamp_held(self, output_dir: Path) -> bool:
        """Whether the build's output stamp can be made from the last (OutputCheck.held)."""
        return self.output.held(output_dir)

    def plan(self, article: Article, notes: tuple[Annotation, ...], keys: ArticleKeys,
             light: bool = False) -> Plan:
        """What is left to do for ``article``: nothing, render only, or merge and
        render (``light``: as :meth:`settle` will be told)."""
        return plan_for(self, article, notes, keys, light)

    def settle(self, plan: Plan, work: ArticleWork | None, diagnostics: Diagnostics,
               add: Callable[[OutputFile | KeptFile], None], light: bool = False
               ) -> MergedPage:
        """Record what was done for the article, hand its files to ``add`` and
        report its warnings (those of the last build, when it was not merged again).
        ``light``: no later stage reads the page's text (see :attr:`let_go`)."""
        from briefing.core.outputs import KeptFile
        slug = plan.article.slug
        if work is None:
            entry = self.entries[slug]  # read by plan()
            if entry.page.article is not plan.article:  # equal, but a copy: share ours
                entry.page = replace(entry.page, article=plan.article)
            for path, file_digest in entry.files:
                add(KeptFile(path, file_digest))
        else:
            self._touched.add((ENTRY, slug))
            if work.merged:  # a new entry, its page whole
                self.light_held.discard(slug)
                self.entries[slug] = merged_entry(
                    plan, work, self.source_keys.get(str(plan.article.path), ""))
            entry = self.entries[slug]
            entry.render_key = plan.keys.render_of(entry) if work.files else ""
            entry.files = [(file.path, digest(file.data)) for file in work.files]
            entry.shown = work.shown if work.files else None
            for file in work.files:
                add(file)
                if self.reasons is not None:
                    self.reasons[file.path] = plan.why
                    self.made_from[file.path] = plan.own_inputs
            self.rendered += 1
        if light and self.let_go:  # packed first, if the store is to save it
            if self.spill is not None and (ENTRY, slug) in self._touched:
                self.packed[slug] = packed(entry, self.spill)
            entry.page = light_page(entry.page)
        plan.keys.hasher.known(entry.page, plan.merge_key)
        diagnostics.items.extend(entry.diagnostics)
        return entry.page

    def forget_missing(self, site: Site) -> None:
        """Drop deleted (or now excluded) articles so they cannot come back, and
        remembered values nothing asked for (here now; in the store when saved)."""
        self.forget_unused()
        self._present = frozenset(article.slug for article in site.articles)
        for slug in sorted(set(self.entries) - self._present):
            del self.entries[slug]
            self._touched.add((ENTRY, slug))

    @property
    def written_before(self) -> dict[str, str] | None:
        """Every file of the output this build started from (None: a whole build)."""
        return self._written_before if self.keep else None

    def saved(self) -> object:
        """What the cache holds is now on disk: changes count from here. A
        long-running caller (the preview) saves more than once per build.
        Returns the output list changes counted from until now, for the caller
        to let go of when it suits: freeing its 43,000 rows at 10,000 articles
        takes 15 ms, which the preview keeps out of a change's way (store.Held)."""
        before = self._written_before
        self._touched = set()
        if self.last is not None and self.last.written is not None:
            self._written_before = self.last.written
            self._written_since = (set(), self._written_before)
        return before

    def all_unsaved(self) -> None:
        """Count everything held here as changed: it goes to a new, empty store.
        One by one: a set of all 265,000 keys first was 18 MB at a cold build's peak."""
        self._touched.update((ENTRY, slug) for slug in self.entries)
        self._touched.update((kind, key) for kind, table in self.memo.items() for key in table)
        self._written_before = {}
        self._written_since = None

    def wrote(self, files: dict[str, str], base: dict[str, str] | None,
              touched: Iterable[str] | None) -> None:
        """The output's files are now ``files``: an update in place of ``base``
        that touched only ``touched`` (None: a whole new output). The caller
        tells it before it sets ``last.written``, so :meth:`changes` can list the
        changed files from those touched: comparing the whole lists, 43,000
        files at 10,000 articles, took the preview 30-70 ms before each build."""
        since = self._written_since
        if since is None or touched is None or base is None or since[1] is not base:
            self._written_since = None
        else:
            self._written_since = (since[0] | set(touched), files)

    def changes(self) -> Changes:
        """What this build set and removed, for the store to save (and nothing else).
        A cache that ends with its build (:attr:`let_go`) hands its own tables over
        as they are (MemoRows, the set of keys used), not copies: no later build
        changes them, and copies of 265,000 rows were the save's peak."""
        entries = [slug for kind, slug in self._touched if kind == ENTRY]
        memo = sorted((kind, key) for kind, key in self._touched if kind != ENTRY)
        kept = [(kind, key) for kind, key in memo if key in self.memo.get(kind, {})]
        before = self._written_before if self._written_before is not None else {}
        now = self.last.written if self.last is not None and self.last.written is not None \
            else {}
        used = self._used if self.let_go else frozenset(self._used)
        return Changes(
            {slug: self.packed.get(slug) or self._row_of(slug)
             for slug in sorted(entries) if slug in self.entries},
            sorted(slug for slug in entries if slug not in self.entries),
            MemoRows(self.memo, kept) if self.let_go else MemoRows(self.memo, kept).copy(),
            *written_changes(before, now, self._written_since),
            self._present, used if self._present is not None else None,
            (dict(self.input_times), dict(self.input_digests)) if self.input_times else None,
            [(kind, key) for kind, key in memo if key not in self.memo.get(kind, {})])

    def _row_of(self, slug: str) -> ArticleEntry | PackedEntry:
        """An entry to save: one read light (to a new store, say) is packed
        without a text, never saved with an empty one."""
        entry = self.entries[slug]
        return PackedEntry(*pack(entry, light=True)) if slug in self.light_held else entry


ENTRY = ""  # the kind of an article's entry in BuildCache._touched (no memo kind is empty)
