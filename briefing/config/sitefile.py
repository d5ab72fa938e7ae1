"""Where a site's site.yml is. Apart from the config package, which parses the
file with YAML: a build with nothing to do finds the file but does not read it
(see build/api.py)."""

from __future__ import annotations

from pathlib import Path

from briefing.core.errors import UsageError

CONFIG_NAME = "site.yml"


def find_config(path: Path | None) -> Path:
    """The site.yml to use: the given one, or site.yml in the working directory."""
    candidate = path if path is not None else Path(CONFIG_NAME)
    if candidate.is_dir():
        candidate = candidate / CONFIG_NAME
    if not candidate.is_file():
        raise UsageError(f"{candidate}: no such file; run briefing in the directory "
                         f"holding {CONFIG_NAME} or pass --config PATH")
    return candidate.resolve()
