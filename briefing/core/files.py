"""Reading content files as text, the one way every loader does it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from briefing.core.errors import Diagnostics

_BOM = b"\xef\xbb\xbf"

# Path → (size, modification time) of the files a build's stamp found, racily
# clean ones left out: while a file still has both, its bytes are those a build
# read before (engine/stamp.py makes it; the load stage trusts it).
FileTimes = Mapping[str, tuple[int, int]]


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """File text with a BOM dropped and line endings unified, or None on error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(path, None, f"cannot read file: {exc.strerror}")
        return None
    data = data[len(_BOM):] if data.startswith(_BOM) else data
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        diagnostics.error(path, line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at "
                          f"column {column} ({exc.reason})", "save the file as UTF-8")
    return None


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``data[offset]``, counting lines as
    :func:`read_text` does (CR LF, CR and LF each end one) and columns in
    characters, so an editor's "go to line" finds the first byte that is not
    UTF-8 (everything before it decoded)."""
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", "replace")) + 1
    return before.count(b"\n") + 1, column


def is_text_name(name: str) -> bool:
    """Whether a file name is UTF-8 text: a name in another encoding (from a zip
    made elsewhere) comes from the system with surrogates in it, which can be
    neither hashed nor published."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
