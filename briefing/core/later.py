"""A remembered value named by its key, read only if a page needs it.

Listing pages are kept from the last build when their key is the same, and a
page's key is made of the keys of the values it shows (a value a build got
from the store is known by its key: see hashing.Fingerprints.known). So a
page whose values are all known by key can be kept without reading a single
one of them: a story page, say, whose story view (hundreds of objects) stays
in the store unless the page must be rendered again. :class:`Later` carries
the key to the hash and the way to the value to the renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from briefing.core.remembered import Remembered

T = TypeVar("T")

# later(kind, key, compute): a Later for remember(kind, key, compute), which
# the build's cache keeps in the store meanwhile (engine/incremental.py).
RememberLater = Callable[[Remembered, str, Callable[[], T]], "Later[T]"]


class Later(Generic[T]):
    """A value known by ``key`` (everything computing it reads), got on first ``get()``."""

    __slots__ = ("key", "_get", "_value", "_got")

    def __init__(self, key: str, get: Callable[[], T]) -> None:
        self.key = key
        self._get = get
        self._got = False
        self._value: T | None = None

    def get(self) -> T:
        if not self._got:
            self._value, self._got = self._get(), True
        return self._value  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Later({self.key!r})"


def compute_later(kind: Remembered, key: str, compute: Callable[[], T]) -> Later[T]:
    """A Later with nothing remembered: computed when read (builds without a cache)."""
    return Later(key, compute)
