"""Where briefing's own files are: the package folder and the built-in themes.

Light on purpose (only pathlib): the stamp of a build with nothing to do needs
these paths, and must not import Jinja to find them.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # briefing/
# Wheels carry the default theme inside the package; a source checkout keeps it
# at the repository root.
BUILTIN_THEME_DIRS = (PACKAGE_DIR / "themes", PACKAGE_DIR.parent / "themes")
# The theme shipped with briefing, which any other theme is laid over
# (render/theme.py): what that theme does not have is taken from this one.
DEFAULT_THEME = "default"
