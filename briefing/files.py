"""Reading content files as text, the one way every loader does it."""

from __future__ import annotations

from pathlib import Path

from briefing.errors import Diagnostics


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """File text with a BOM dropped and line endings unified, or None on error."""
    try:
        return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        diagnostics.error(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                          "save the file as UTF-8")
    except OSError as exc:
        diagnostics.error(path, None, f"cannot read file: {exc.strerror}")
    return None
