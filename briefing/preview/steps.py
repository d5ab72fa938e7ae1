"""The preview's periodic job: build what changed, tell the browsers, and save
the store once they have had their pages.

The server answers requests on the same thread that builds, so anything done
after telling browsers to reload delays the pages they ask for, and whatever
runs when the writer saves again delays that save's page. Saving the store is
such a thing, so it waits :data:`SAVE_AFTER_SECONDS` (five: a writer who
reads the page and saves again within seconds must not find the save, or the
collection that follows it, in the way); if another change comes first, that
change is built at once and the save after it writes both builds' work
(Rebuilder.set_aside). The search index is not kept waiting with it: it
starts at the second poll after the build, once the page has been asked for. Garbage collection is
another, in two parts: with the save, a collection of what the last build left
(the rest of the heap stays frozen, out of the collector's sight); and only
after :data:`COLLECT_AFTER_SECONDS` without a change, the full collection over
the whole heap (about a second at 10,000 articles), which a change cancels so
that it never stands between a save and its page.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefing.core.parallel import keep_frozen, thaw
from briefing.preview import livereload_adapter
from briefing.preview.rebuild import Rebuilder
from briefing.preview.watch import Watcher

SETTLE_SECONDS = 0.03  # after a change is seen, before it is built
POLLS_BEFORE_AFTER_WORK = 2  # polls after a build before its index and the next check
SAVE_AFTER_SECONDS = 5.0  # after browsers are told to reload, before the store is saved
COLLECT_AFTER_SECONDS = 30.0  # without a change, before the full garbage collection

Schedule = Callable[[float, Callable[[], None]], object]  # e.g. IOLoop.call_later
Cancel = Callable[[object], None]  # e.g. IOLoop.remove_timeout


@dataclass
class PollStep:
    """Note changed files and, if any is worth it, rebuild and reload at once;
    and put a search index in place once Pagefind has made it.

    There is no pause for a burst of saves to end, only :data:`SETTLE_SECONDS`
    for the save that was seen: an editor that empties a file and then writes
    it (as Python's ``write_text`` does) sets off the watcher twice, and a
    build between the two would fail on an empty article. One that reads a
    file the editor is writing again all the same fails unseen, and the next
    poll builds again (Rebuilder.rebuild, ``moved``). A build of the warm
    engine costs what the saves changed, and what a burst writes after this
    poll starts the next build."""

    rebuilder: Rebuilder
    watcher: Watcher
    schedule: Schedule
    cancel: Cancel
    _pending: object | None = None  # the save to come, as ``schedule`` returned it
    _collection: object | None = None  # the full collection to come, likewise
    # Polls until a build's after-work (its search index, the next output check):
    # the second poll after the build, not the first, which may come the moment
    # the build ends, before the browser's request for the page is read (a fork
    # of the server for the check then stood 30 ms between the build and its page).
    _index_due: int = 0

    def __call__(self) -> None:
        wanted = self._noted(self.watcher.poll())
        if not wanted and self._index_due:
            self._index_due -= 1
            if not self._index_due:  # the build's page has been served by now
                self.rebuilder.start_index()
                self.rebuilder.check_output_ahead()  # for the next save's build
        if wanted:
            self._cancel_collection()  # the writer is at work: not now
            time.sleep(SETTLE_SECONDS)
            wanted = sorted({*wanted, *self._noted(self.watcher.poll())})
            self._set_aside()  # the last build's work waits for the next save
            if self.rebuilder.rebuild(wanted, self.watcher.moved) is not None:
                livereload_adapter.reload_browsers()  # the pages are in place: now
            self._pending = self.schedule(SAVE_AFTER_SECONDS, self._idle)
            self._index_due = POLLS_BEFORE_AFTER_WORK
            if self.watcher.set_roots(self.rebuilder.watch_roots()):
                self.rebuilder.forget_inputs()
            self.watcher.rest()  # the page first, then the next walk (watch.Watcher.rest)
        self.rebuilder.poll_index()

    def start(self) -> None:
        """Before the first poll, as after every build: the watcher rests
        (watch.Watcher.rest), and the first build's heap is out of the
        collector's sight, as after every save (:meth:`_idle`).

        The watcher walked every input before that build, minutes ago for a
        large site, so its first poll would walk them all again (0.1-0.15 s at
        10,000 articles), in the way of a first save or of the first page;
        what changed during the build, the system has told (or the walk a
        pause later finds). And the first collection that reaches the oldest
        generation would walk the millions of objects that build left (about a
        second at 10,000 articles), with the allocations of the writer's first
        save, between that save and its page. Only freezing, no collection:
        that would delay the first page as much. What the first build left
        that is garbage waits for the full collection of a quiet spell."""
        self.watcher.rest()
        keep_frozen()

    def flush(self) -> None:
        """Save what the last build changed and start its search index, if that
        is still to do (at once when the server stops)."""
        if self._pending is None:
            return
        self.cancel(self._pending)
        self._pending = None
        self.rebuilder.finish()

    def _set_aside(self) -> None:
        """A change comes before the save: the save waits for its build."""
        if self._pending is None:
            return
        self.cancel(self._pending)
        self._pending = None
        self.rebuilder.set_aside()

    def _idle(self) -> None:
        """SAVE_AFTER_SECONDS after a build: save, collect what the build left that is
        garbage, and keep the rest out of the collector's sight (``gc.freeze``)
        with the heap frozen before it; the full collection waits for a quiet
        spell (:meth:`_collect_all`). The cache holds millions of objects at
        10,000 articles: a full collection over them takes a second or more,
        and one the allocations of the next build would set off, or one run
        here, lands between the writer's next save and its page."""
        self.flush()
        gc.collect()  # frozen objects are not looked at: only the last build's
        keep_frozen()
        self._cancel_collection()
        self._collection = self.schedule(COLLECT_AFTER_SECONDS, self._collect_all)

    def _collect_all(self) -> None:
        """No change for a while: collect over the whole heap once (cycles among
        the frozen objects the builds since have let go), then freeze it again."""
        self._collection = None
        thaw()
        gc.collect()
        keep_frozen()

    def _cancel_collection(self) -> None:
        if self._collection is not None:
            self.cancel(self._collection)
            self._collection = None

    def _noted(self, changes: Iterable[str]) -> list[str]:
        """Tell the rebuilder of every change; the ones worth a build."""
        changes = set(changes)
        self.rebuilder.note(changes)
        return sorted(path for path in changes if not self.watcher.quiet(path))
