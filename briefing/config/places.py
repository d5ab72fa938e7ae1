"""Checks that the folders site.yml names exist: ``content_dir`` and ``theme``.

Found missing later, when the load stage or the renderer looks, they were told
without the line in site.yml that named them, the theme as a usage error
(exit 2). Here each is an error at its key's line, with the closest name that
does exist, told with every other problem of site.yml (by ``briefing check``
too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.core.errors import Diagnostics, excerpt
from briefing.core.package import BUILTIN_THEME_DIRS
from briefing.core.suggest import did_you_mean


def check_places(config_path: Path, data: Any, values: dict[str, Any],
                 diagnostics: Diagnostics) -> None:
    """An error at the line of ``content_dir`` or ``theme`` when it names no folder."""
    root = config_path.parent
    content = values.get("content_dir")
    if "content_dir" in data and content is not None and not (root / content).is_dir():
        near = did_you_mean(str(content), _folders(root))
        diagnostics.error(config_path, _line(data, "content_dir"),
                          f"'content_dir': there is no folder '{excerpt(str(content))}' "
                          "beside site.yml", near or "create it, with an articles/ folder")
    theme = values.get("theme")
    if "theme" in data and theme and theme not in themes(root):
        available = themes(root)
        diagnostics.error(config_path, _line(data, "theme"),
                          f"'theme': no theme '{excerpt(theme)}' (available: "
                          f"{', '.join(available) or 'none'})",
                          did_you_mean(theme, available) or next(
                              (f"did you mean '{name}'?" for name in available
                               if name.lower() == theme.lower()), None))


def themes(root: Path) -> list[str]:
    """The themes a site can name: its own (themes/<name>/) and briefing's."""
    return sorted({theme.name for folder in (root / "themes", *BUILTIN_THEME_DIRS)
                   if folder.is_dir() for theme in folder.iterdir()
                   if (theme / "templates").is_dir()})


def _folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _line(data: Any, key: str) -> int:
    return data.value_line(key) if hasattr(data, "value_line") else 1
