""""Did you mean" suggestions for misspelt keys, slugs and quotes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``word``, or None when nothing is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint such as ``did you mean 'title'?`` for an unknown key."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None
