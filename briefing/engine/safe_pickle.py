"""Pickling the store's values so that reading a store can never run code.

The store in ``.briefing-cache/`` travels: the GitHub Pages workflow restores
it from the Actions cache on a fresh runner, and a colleague may copy a
project folder whole. A plain pickle can call any function while loading, so
a store someone tampered with could run code; and a store signed with a
secret of this machine (what briefing did before) could not be used on a
fresh runner at all. Instead, loading allows only what the store holds by
design: briefing's own plain data (dataclasses, enums, named tuples), a few
value types of the standard library and markupsafe, and nothing callable
beyond their constructors. A tampered store can at worst say something
wrong, and every value's key is a hash of what it was computed from.

Each value is stored with a CRC-32 of its pickle, so a row damaged on disk is
noticed (SQLite does not check what its pages hold) and treated as missing. A
checksum against accidents, not a signature: what keeps a tampered store from
running code is the loader; a cryptographic hash of every row would cost a
third of the time reading them takes.
"""

from __future__ import annotations

import copyreg
import dataclasses
import enum
import gc
import io
import pickle
import zlib
from pathlib import PosixPath
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

CHECKSUM = 4  # bytes of CRC-32 (big-endian) before each pickle


class Damaged(Exception):
    """A stored value that fails its checksum or holds what a store never holds."""


def read_only(mapping: dict) -> MappingProxyType:
    """Rebuild a read-only mapping of the model (how one is pickled: see below)."""
    return MappingProxyType(mapping)


def _pickle_mapping_proxy(proxy: MappingProxyType) -> tuple:
    return read_only, (dict(proxy),)


def _pickle_zone(zone: ZoneInfo) -> tuple:
    """A time zone by its name: ZoneInfo's own reduction goes through getattr,
    which the loader below must not allow."""
    return ZoneInfo, (zone.key,)


def file_path(text: str) -> PosixPath:
    """Rebuild a path of the model from its text (how one is pickled: see below)."""
    return PosixPath(text)


def _pickle_path(path: PosixPath) -> tuple:
    """A path by its text: pathlib's own reduction gives each part on its own,
    each parsed again when loaded, twice the time (a build of 10,000 articles
    loads some 33,000 paths from the store)."""
    return file_path, (str(path),)


copyreg.pickle(MappingProxyType, _pickle_mapping_proxy)
copyreg.pickle(ZoneInfo, _pickle_zone)
copyreg.pickle(PosixPath, _pickle_path)

_ALLOWED: frozenset[tuple[str, str]] = frozenset({
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "tuple"),
    ("builtins", "list"), ("builtins", "dict"), ("builtins", "bytearray"),
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
    ("datetime", "timedelta"), ("datetime", "timezone"), ("zoneinfo", "ZoneInfo"),
    ("markupsafe", "Markup"), (__name__, "read_only"), (__name__, "file_path"),
})


_FOUND: dict[tuple[str, str], Any] = {}  # what find_class allowed, once per process


class _Loader(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> str:
        """Long text, stored as its UTF-8 bytes (see _Saver)."""
        if type(pid) is not bytes:
            raise Damaged("a stored value holds an unknown reference")
        return pid.decode("utf-8", "surrogatepass")

    def find_class(self, module: str, name: str) -> Any:
        found = _FOUND.get((module, name))
        if found is None:
            found = _FOUND[(module, name)] = self._allowed(module, name)
        return found

    def _allowed(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("briefing.") and "." not in name:
            found = super().find_class(module, name)
            if _plain_data(found):
                return found
        raise Damaged(f"a stored value names {module}.{name}")


def _plain_data(found: object) -> bool:
    """briefing's plain data types: constructing one runs no code of note."""
    return isinstance(found, type) and (
        dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
        or (issubclass(found, tuple) and hasattr(found, "_fields")))


# Text at least this long that is not ASCII is pickled by its UTF-8 bytes; shorter,
# the copy kept costs less than the call that avoids it.
LONG_TEXT = 256


class _Saver(pickle.Pickler):
    """A pickler that leaves the text it pickles as it was.

    CPython's pickler asks a string for its UTF-8 form, and a string that is
    not ASCII keeps that form, a second copy of its text, for as long as it
    lives. The values a build saves live to its end (every article's body and
    merged page): a cold build of 10,000 articles grew by some 120 MB while
    saving, the peak of its memory. Long text that is not ASCII therefore goes
    in as a persistent id, its UTF-8 bytes encoded on their own and let go.
    """

    def persistent_id(self, obj: Any) -> bytes | None:
        if type(obj) is str and len(obj) >= LONG_TEXT and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


def dumps(value: object, text: bool = False) -> bytes:
    """``value`` pickled, after its checksum; ``text``: it holds long text that
    lives on after the save (see _Saver, which costs a call per object: 0.4 s
    more, at 10,000 articles, were it used for every value)."""
    if text:
        stream = io.BytesIO()
        _Saver(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        body = stream.getvalue()
    else:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return zlib.crc32(body).to_bytes(CHECKSUM, "big") + body


def loads(blob: bytes) -> Any:
    """The value :func:`dumps` stored; :class:`Damaged` when it cannot be trusted.
    The cyclic garbage collector is paused meanwhile: loading many objects
    otherwise triggers collection after collection over all of them."""
    view = memoryview(blob)
    if len(view) <= CHECKSUM or \
            zlib.crc32(view[CHECKSUM:]).to_bytes(CHECKSUM, "big") != view[:CHECKSUM]:
        raise Damaged("a stored value fails its checksum")
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Loader(io.BytesIO(view[CHECKSUM:])).load()
    except Damaged:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to load means: do not trust it
        raise Damaged(f"a stored value cannot be read ({exc.__class__.__name__})") from None
    finally:
        if enabled:
            gc.enable()
