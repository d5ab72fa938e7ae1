"""The preview's periodic job: build what changed, tell the browsers, and save
the store once they have had their pages.

The server answers requests on the same thread that builds, so anything done
after telling browsers to reload delays the pages they ask for. Saving the
store is such a thing (about a second at 10,000 articles), so it waits
:data:`SAVE_AFTER_SECONDS`, and is done at once if another change comes
first, before that change is built: the store always holds the last build's
work before the next one starts. So is a full garbage collection, which
runs then too, while nobody waits.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefing.preview import livereload_adapter
from briefing.preview.rebuild import Rebuilder
from briefing.preview.watch import Watcher

SETTLE_SECONDS = 0.03  # after a change is seen, before it is built
SAVE_AFTER_SECONDS = 1.0  # after browsers are told to reload, before the store is saved

Schedule = Callable[[float, Callable[[], None]], object]  # e.g. IOLoop.call_later
Cancel = Callable[[object], None]  # e.g. IOLoop.remove_timeout


@dataclass
class PollStep:
    """Note changed files and, if any is worth it, rebuild and reload at once;
    and put a search index in place once Pagefind has made it.

    There is no pause for a burst of saves to end, only :data:`SETTLE_SECONDS`
    for the save that was seen: an editor that empties a file and then writes
    it (as Python's ``write_text`` does) sets off the watcher twice, and a
    build between the two would fail on an empty article. A build of the warm
    engine costs what the saves changed, and what a burst writes after this
    poll starts the next build."""

    rebuilder: Rebuilder
    watcher: Watcher
    schedule: Schedule
    cancel: Cancel
    _pending: object | None = None  # the save to come, as ``schedule`` returned it

    def __call__(self) -> None:
        wanted = self._noted(self.watcher.poll())
        if wanted:
            time.sleep(SETTLE_SECONDS)
            wanted = sorted({*wanted, *self._noted(self.watcher.poll())})
            self.flush()  # the last build's work goes to the store before the next build
            self.rebuilder.rebuild(wanted)
            livereload_adapter.reload_browsers()  # the pages are in place: now
            self._pending = self.schedule(SAVE_AFTER_SECONDS, self._idle)
            if self.watcher.set_roots(self.rebuilder.watch_roots()):
                self.rebuilder.forget_inputs()
        self.rebuilder.poll_index()

    def flush(self) -> None:
        """Save what the last build changed and start its search index, if that
        is still to do (at once when the server stops)."""
        if self._pending is None:
            return
        self.cancel(self._pending)
        self._pending = None
        self.rebuilder.finish()

    def _idle(self) -> None:
        """A second after a build: save, then collect garbage once and keep
        what is left out of the collector's sight (``gc.freeze``). The cache
        holds millions of objects at 10,000 articles; a full collection over
        them takes a second or more, and one the allocations of the next
        build would set off lands between a save and its page instead."""
        self.flush()
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _noted(self, changes: Iterable[str]) -> list[str]:
        """Tell the rebuilder of every change; the ones worth a build."""
        changes = set(changes)
        self.rebuilder.note(changes)
        return sorted(path for path in changes if not self.watcher.quiet(path))
