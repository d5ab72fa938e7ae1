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

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.files import FileTimes
from briefing.core.hashing import Fingerprints, digest
from briefing.core.remembered import PAGE, Remembered
from briefing.engine.stamp import Stamp, StampLater, stamp_files

if TYPE_CHECKING:  # the "nothing changed" path must not import the pipeline
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.engine.jobs import ArticleWork, Job
    from briefing.model.annotation import Annotation
    from briefing.model.glossary import Term
    from briefing.model.page import MergedPage
    from briefing.model.site import Article, Site
    from briefing.model.story import Story

T = TypeVar("T")


@lru_cache(maxsize=8)
def _term_link(glossary_url: str) -> re.Pattern[str]:
    return re.compile(re.escape(glossary_url) + r"([^/\s)]+)/")




@dataclass
class _Entry:
    merge_key: str
    page: MergedPage
    diagnostics: list[Diagnostic]
    render_key: str = ""
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, digest) as written
    linked: tuple[str, ...] | None = None  # glossary terms the page links (ArticleKeys)


@dataclass(frozen=True)
class ArticleKeys:
    """Fingerprints of what every article's merge and render read site-wide."""

    merge: str
    render: str  # what every article page reads site-wide
    keep: bool  # the last build's output is intact: unchanged articles' files stay
    hasher: Fingerprints = field(default_factory=Fingerprints, compare=False)
    terms: Mapping[str, Term] = field(default_factory=dict)  # the glossary, by slug
    glossary_url: str = ""  # where term pages live: links to them name the terms used
    stories: Mapping[str, Story] = field(default_factory=dict)  # the site's, by slug
    _keys: dict[tuple[str, str | None], str] = field(default_factory=dict, compare=False,
                                                     repr=False)

    def render_of(self, entry: _Entry) -> str:
        """The render key of one article: the site-wide key, its own story (whose
        title the page shows; no other) and every glossary term its merged page
        links to (whose definitions the page carries)."""
        if entry.linked is None:  # scanned once per merged page; the entry keeps it
            entry.linked = tuple(sorted(set(
                _term_link(self.glossary_url).findall(entry.page.document))))
        story = entry.page.article.story
        parts = [self.render, self._key_of("story", story, self.stories),
                 *[self._key_of("term", slug, self.terms) for slug in entry.linked]]
        return self.hasher.key(*parts)

    def _key_of(self, kind: str, slug: str | None, values: Mapping[str, object]) -> str:
        """A story's or term's fingerprint, once per build: every article's render
        key holds some twenty of them, and a site has thousands of articles."""
        found = self._keys.get((kind, slug))
        if found is None:
            found = self._keys[(kind, slug)] = self.hasher.key(
                values.get(slug) if slug else None)
        return found


@dataclass(frozen=True)
class Plan:
    article: Article
    merge_key: str
    keys: ArticleKeys
    job: Job | None  # None: nothing to do, the last build's files stay
    notes: tuple[Annotation, ...] = ()


@dataclass
class LastBuild:
    """What the last successful build read and wrote, and what it said.

    ``roots`` and ``search`` are what it took from site.yml before it could tell
    whether there was work: while site.yml is unchanged, the next build can
    tell without parsing it. ``written`` is only needed to update the output
    (SiteWriter), not to say that nothing changed, so on disk it travels with
    the reusable work (see store.py) and is None until that is read.
    """

    inputs: Stamp
    output_dir: str
    outputs: Stamp  # every file of the build (manifest included) right after writing
    pages: int
    warnings: list[Diagnostic]
    indexer: str  # the search indexer that made the index (build.indexer_identity)
    roots: tuple[str, ...]  # the files and folders it read (build.input_roots)
    search: bool  # site.yml turned search on
    written: dict[str, str] | None = None  # path → digest of every file of the build
    # Its pages are newer than its search index, which comes later (build/index_later.py).
    search_stale: bool = False
    work: str = ""  # which saved state of the reusable work goes with this (store.py)

    @property
    def files(self) -> int:
        """How many files the build wrote, its manifest included."""
        return self.outputs.count


@dataclass
class BuildCache:
    """The previous build's merged pages and article files (by slug), and its stamps."""

    entries: dict[str, _Entry] = field(default_factory=dict)
    memo: dict[str, dict[str, Any]] = field(default_factory=dict)  # see remember()
    rendered: int = 0  # article pages rendered (not kept) since this count was reset
    last: LastBuild | None = None
    # Reads entries, memo and the last build's ``written`` from disk, the first
    # time a build needs them.
    loader: Callable[[], StoredWork] | None = field(default=None, repr=False)
    # Where the reusable work was read from, for a store that saves only what
    # changed (changelog.py); opaque here.
    stored: object | None = field(default=None, repr=False)

    _used: set[tuple[str, str]] = field(default_factory=set, repr=False)
    # What this build set or removed: (ENTRY, slug) or (kind, key) of memo.
    _touched: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _written_before: dict[str, str] | None = field(default=None, repr=False)
    # The check of the last build's output that this build started (check_output).
    _output_check: tuple[str, StampLater] | None = field(default=None, repr=False)
    keep: bool = field(default=False, repr=False)  # this build updates an intact output
    # The size and time of each input file this build's stamp found (not racy ones).
    file_times: FileTimes = field(default_factory=dict, repr=False)
    hasher: Fingerprints | None = field(default=None, repr=False)  # this build's

    def page(self, path: str, key: str, render: Callable[[], OutputFile]
             ) -> OutputFile | KeptFile:
        """The last build's page at ``path`` when its fingerprint ``key`` is the same
        and it is still in the output directory; else a new rendering."""
        from briefing.core.outputs import KeptFile
        table = self.memo.setdefault(PAGE.name, {})
        self._used.add((PAGE.name, path))
        last = table.get(path)
        if self.keep and last is not None and last[0] == key:
            return KeptFile(path, last[1])
        file = render()
        table[path] = (key, digest(file.data))
        self._touched.add((PAGE.name, path))
        return file

    def load_work(self) -> None:
        """Read the reusable work from disk (once), and start counting what is used."""
        if self.loader is not None:
            work = self.loader()
            self.entries, self.memo, self.stored = work.entries, work.memo, work.stored
            if self.last is not None:
                self.last.written = work.written
            self.loader = None
        self._used = set()
        self._touched = set()
        self._written_before = self.last.written if self.last is not None else None

    def remember(self, kind: Remembered, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, or its value from the last build with the same ``key``: for
        work that is not an article's (a story's comparison, say). ``key`` must
        hash everything ``compute`` reads (queries.py lists the kinds)."""
        table = self.memo.setdefault(kind.name, {})
        if key not in table:
            table[key] = compute()
            self._touched.add((kind.name, key))
        self._used.add((kind.name, key))
        if self.hasher is not None:
            self.hasher.known(table[key], key)  # the key stands for the value
        return table[key]

    def knows(self, kind: Remembered, key: str) -> bool:
        """Whether :meth:`remember` has a value for ``key`` (so need not compute it)."""
        return key in self.memo.get(kind.name, {})


    def forget_unused(self) -> None:
        """Drop remembered values this build did not ask for, so the cache does not grow."""
        for kind, table in self.memo.items():
            for key in [k for k in table if (kind, k) not in self._used]:
                del table[key]
                self._touched.add((kind, key))

    def check_output(self, output_dir: Path) -> None:
        """Start checking the last build's output in ``output_dir`` (in another
        process, when that is worth it), so the caller can stamp the inputs
        meanwhile; :meth:`up_to_date` and :meth:`output_intact` take the answer."""
        last = self.last
        self._output_check = None
        if last is not None and last.output_dir == str(output_dir):
            self._output_check = (str(output_dir), StampLater(output_dir, last.outputs))

    def up_to_date(self, inputs: Stamp, output_dir: Path) -> bool:
        """Nothing read has changed and the output is as the last build left it."""
        unchanged = self._output_unchanged(output_dir)  # always: it may be under way
        return self.last is not None and self.last.inputs.matches(inputs) and unchanged

    def output_intact(self, output_dir: Path) -> bool:
        """The last build's output is in ``output_dir``, untouched since, and the
        digest of each of its files is known: it can be updated in place."""
        unchanged = self._output_unchanged(output_dir)
        self._output_check = None  # the build writes from now on: the answer is spent
        return unchanged and self.last is not None and self.last.written is not None

    def _output_unchanged(self, output_dir: Path) -> bool:
        """Every file the last build wrote into ``output_dir`` is still there, with
        the size and time it had (as :meth:`check_output` found, if it was called).
        Files someone added beside them do not count: no build reads them, and
        briefing never deletes what it did not write."""
        last = self.last
        if last is None or last.output_dir != str(output_dir):
            return False
        check = self._output_check
        now = (check[1].result() if check is not None and check[0] == str(output_dir)
               else stamp_files(output_dir, last.outputs.paths))
        return last.outputs.matches(now)

    def plan(self, article: Article, notes: tuple[Annotation, ...], keys: ArticleKeys) -> Plan:
        """What is left to do for ``article``: nothing, render only, or merge and render."""
        merge_key = keys.hasher.key(article, notes, keys.merge)
        entry = self.entries.get(article.slug)
        if entry is None or entry.merge_key != merge_key:
            return Plan(article, merge_key, keys, (article, None), notes)
        if keys.keep and entry.files and entry.render_key == keys.render_of(entry):
            return Plan(article, merge_key, keys, None, notes)
        return Plan(article, merge_key, keys, (article, entry.page), notes)

    def settle(self, plan: Plan, work: ArticleWork | None, diagnostics: Diagnostics,
               add: Callable[[OutputFile | KeptFile], None]) -> MergedPage:
        """Record what was done for the article, hand its files to ``add`` and
        report its warnings (those of the last build, when it was not merged again)."""
        from briefing.core.outputs import KeptFile
        slug = plan.article.slug
        if work is None:
            entry = self.entries[slug]
            if entry.page.article is not plan.article:  # equal, but a copy: share ours
                entry.page = replace(entry.page, article=plan.article)
            plan.keys.hasher.known(entry.page, plan.merge_key)
            for path, file_digest in entry.files:
                add(KeptFile(path, file_digest))
        else:
            self._touched.add((ENTRY, slug))
            if work.merged:  # the page from a worker holds copies of the article and notes
                page = _with_our_notes(replace(work.page, article=plan.article), plan.notes)
                self.entries[slug] = _Entry(plan.merge_key, page, list(work.diagnostics))
            entry = self.entries[slug]
            plan.keys.hasher.known(entry.page, plan.merge_key)
            entry.render_key = plan.keys.render_of(entry) if work.files else ""
            entry.files = [(file.path, digest(file.data)) for file in work.files]
            for file in work.files:
                add(file)
            self.rendered += 1
        diagnostics.items.extend(entry.diagnostics)
        return entry.page

    def forget_missing(self, site: Site) -> None:
        """Drop deleted (or now excluded) articles so they cannot come back, and
        remembered values nothing asked for."""
        self.forget_unused()
        present = {article.slug for article in site.articles}
        for slug in sorted(set(self.entries) - present):
            del self.entries[slug]
            self._touched.add((ENTRY, slug))

    def saved(self) -> None:
        """What the cache holds is now on disk: changes count from here. A
        long-running caller (the preview) saves more than once per build."""
        self._touched = set()
        if self.last is not None and self.last.written is not None:
            self._written_before = dict(self.last.written)

    def changes(self) -> Changes | None:
        """What this build set and removed, to save instead of everything; None
        when the work was not read from a store (so all of it is new)."""
        if self.stored is None or self._written_before is None or self.last is None \
                or self.last.written is None:
            return None
        entries = [slug for kind, slug in self._touched if kind == ENTRY]
        memo = [(kind, key) for kind, key in self._touched if kind != ENTRY]
        before, now = self._written_before, self.last.written
        return Changes(
            {slug: self.entries[slug] for slug in sorted(entries) if slug in self.entries},
            sorted(slug for slug in entries if slug not in self.entries),
            {(kind, key): self.memo[kind][key] for kind, key in sorted(memo)
             if key in self.memo.get(kind, {})},
            sorted((kind, key) for kind, key in memo if key not in self.memo.get(kind, {})),
            {path: value for path, value in now.items() if before.get(path) != value},
            sorted(set(before) - set(now)))


def _with_our_notes(page: MergedPage, notes: tuple[Annotation, ...]) -> MergedPage:
    """``page`` holding the build's own note objects where a worker sent back
    equal copies: the cache keeps one of each (30,000 fewer objects to save,
    load and hold at 10,000 articles), and fingerprints know ours by their key."""
    ours = {note.id: note for note in notes}

    def share(note: Annotation) -> Annotation:
        mine = ours.get(note.id)
        return mine if mine is not None and mine == note else note

    return replace(page, anchors=tuple(replace(anchor, annotation=share(anchor.annotation))
                                       for anchor in page.anchors),
                   unplaced=tuple(map(share, page.unplaced)))


ENTRY = ""  # the kind of an article's entry in BuildCache._touched (no memo kind is empty)


@dataclass(frozen=True)
class StoredWork:
    """The reusable work as a store read it: what load_work() takes."""

    entries: dict[str, _Entry]
    memo: dict[str, dict[str, Any]]
    written: dict[str, str] | None
    stored: object | None = None  # the store's own note of where it came from


@dataclass(frozen=True)
class Changes:
    """What one build set and removed in a BuildCache's work: a store can save
    these instead of all of it (thousands of unchanged pages), and apply them,
    in order, to what it read (see changelog.py)."""

    entries: dict[str, _Entry]
    entries_gone: list[str]
    memo: dict[tuple[str, str], Any]  # (kind, key) → value
    memo_gone: list[tuple[str, str]]
    written: dict[str, str]  # path → digest of each file written or changed
    written_gone: list[str]

    @property
    def size(self) -> int:
        """How many things changed: a store saves everything anew past some share."""
        return (len(self.entries) + len(self.entries_gone) + len(self.memo)
                + len(self.memo_gone) + (len(self.written) + len(self.written_gone)) // 8)

    def apply(self, work: StoredWork) -> None:
        """Make ``work`` (read from a store) what it was after this build."""
        work.entries.update(self.entries)
        for slug in self.entries_gone:
            work.entries.pop(slug, None)
        for (kind, key), value in self.memo.items():
            work.memo.setdefault(kind, {})[key] = value
        for kind, key in self.memo_gone:
            work.memo.get(kind, {}).pop(key, None)
        if work.written is not None:
            work.written.update(self.written)
            for path in self.written_gone:
                work.written.pop(path, None)
