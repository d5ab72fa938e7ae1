"""briefing's folder in the user's own cache, for what must never live in a
project: code loaded without further checks (compiled templates, compiled
dataclass methods), which anyone who can commit to a project could plant."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/briefing``, or ``~/.cache/briefing``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefing"
