"""A fact-check's rating against the site's rating scale (site.yml ``ratings:``).

Ratings are compared exactly. A rating that differs from one on the scale only
in case (``mostly false`` for ``Mostly false``) is still an error, which names
the scale's spelling: the page, the ratings page and the ClaimReview then all
show the one spelling the desk chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.core.errors import Diagnostics, excerpt
from briefing.core.suggest import closest


def on_scale(rating: str, scale: Sequence[str], path: Path, line: int,
             diagnostics: Diagnostics) -> bool:
    """True when there is no scale or ``rating`` is on it; else an error at ``line``."""
    if not scale or rating in scale:
        return True
    same = next((name for name in scale if name.casefold() == rating.casefold()), None)
    if same is not None:
        diagnostics.error(path, line, f"rating '{excerpt(rating)}' is written "
                          f"'{excerpt(same)}' in the site's rating scale",
                          f"did you mean '{excerpt(same)}'?")
        return False
    named = {name.casefold(): name for name in scale}
    match = closest(rating.casefold(), named)
    hint = f"did you mean '{excerpt(named[match])}'?" if match else \
        f"the scale in site.yml has: {excerpt(', '.join(scale))}"
    diagnostics.error(path, line, f"rating '{excerpt(rating)}' is not on the site's rating "
                      "scale (ratings: in site.yml)", hint)
    return False
