"""The one hash of the engine: :func:`key` names values by their content, for
every key of a remembered value, an article's merge and render keys and the
digest of a file (read or written).

Keys must change whenever anything computing the value reads changes, and
nothing else; the walk below hashes dataclasses field by field (their
compared fields), containers item by item and everything else by type and
repr, each leaf with BLAKE2b (128 bits). :class:`Fingerprints` is the same
walk with each shared object hashed once per build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import Field, fields
from functools import cache
from pathlib import Path

from briefing.core.later import Later
from briefing.core.remembered import FINGERPRINT, Remember


def key(*parts: object) -> str:
    """The key of ``parts``: a content hash of dataclasses and plain values (hex).
    One part is hashed as itself, several as the tuple of them."""
    flat = _flat_digest(parts[0] if len(parts) == 1 else parts)
    return flat.hex() if flat is not None else Fingerprints().key(*parts)


_PLAIN = {str: b"s", int: b"i", float: b"f", bool: b"b", type(None): b"n"}


def _flat_digest(parts: object) -> bytes | None:
    """The hash of a tuple of plain values (strings, numbers, other keys) in one
    step, or None for anything else. Most keys are made of a few strings (a
    file's path, size and time; the keys of what a page reads): the general
    walk hashes each part on its own first, which cost a second a build at
    10,000 articles. The walk uses this for such tuples too, so a key of
    several parts is still the key of their tuple. Each part is written with
    its type and length, and the whole is marked as flat, so no two different
    tuples, and no value the walk hashes, give the same bytes."""
    if type(parts) is not tuple:
        return None
    encoded = [b"flat"]
    for part in parts:
        tag = _PLAIN.get(type(part))
        if tag is None:
            return None
        text = part.encode() if tag == b"s" else repr(part).encode()  # type: ignore[union-attr]
        encoded.append(b"%s%d:%s" % (tag, len(text), text))
    return hashlib.blake2b(b"".join(encoded), digest_size=16).digest()


def digest(data: bytes) -> str:
    """``key(data)`` for bytes (a file's, read or written): the same function,
    kept under its own name because it is called for every file of a build,
    where going through the walk would only cost time, and because its type
    says that text must be encoded first."""
    hasher = _BYTES.copy()
    hasher.update(data)  # no copy of a large file's bytes behind a prefix
    return hasher.hexdigest()


def tree_key(folders: Iterable[Path]) -> str:
    """The key of every file's path and bytes under ``folders`` (templates, theme, static)."""
    files = [(str(path), digest(path.read_bytes())) for folder in folders if folder.is_dir()
             for path in sorted(p for p in folder.rglob("*") if p.is_file())]
    return key(tuple(files))


class Fingerprints:
    """Fingerprints of large, shared values, each object hashed once per build.

    A listing page's values hold the same articles as a hundred other pages;
    hashing their repr for each page would cost more than rendering it. Frozen
    dataclasses are immutable, so their hash is kept by identity (with the
    object itself, so the identity cannot be reused) for the life of this object.
    Anything else is hashed by its repr, which for briefing's values is their
    content; a value whose repr is an address simply never matches.
    """

    def __init__(self, ignore: Mapping[type, frozenset[str]] | None = None,
                 remember: Remember | None = None) -> None:
        """``ignore``: fields left out per dataclass type, for a use that never
        reads them (listing pages never show an article's body). ``remember``
        keeps, from one build to the next, the hashes of values another
        instance was given a key for but this one must hash itself because it
        leaves fields out (see share_known)."""
        self._known: dict[int, tuple[object, bytes]] = {}
        self._given: dict[int, tuple[object, bytes]] = {}  # by known(), for share_known()
        # Values whose whole content a key stands for, which this one leaves fields
        # of out: their hash is a function of that key, remembered under it.
        self._derived: dict[int, tuple[object, bytes]] = {}
        self._ignore = dict(ignore or {})
        self._remember = remember
        self._ignored: str | None = None  # _ignored_names(), until leave_out()

    def key(self, *parts: object) -> str:
        """:func:`key` of ``parts``, each object this one was told about (see
        known) or hashed before taken as it was then."""
        return self._hash(parts[0] if len(parts) == 1 else parts).hex()

    def leave_out(self, kind: type, fields: frozenset[str]) -> None:
        """Leave ``fields`` of ``kind`` out from now on; only before any value of
        that type is hashed (hashes are kept by identity)."""
        self._ignore[kind] = self._ignore.get(kind, frozenset()) | fields
        self._ignored = None

    def known(self, value: object, key: str) -> None:
        """``value`` was computed from exactly what ``key`` fingerprints (a cache hit,
        say), so ``key`` stands for it: hashing it again costs nothing."""
        if value is not None and not isinstance(value, (str, int, float, bool)):
            self._known[id(value)] = self._given[id(value)] = (value, _blake(key.encode()))

    def know_pairs(self, pairs: tuple[tuple[object, str], ...]) -> None:
        """Hash a long tuple of (value, text) pairs (where each of a term's
        articles mentions it) in one step, and know it by that hash: the general
        walk costs three calls per pair, and a large glossary has hundreds of
        thousands. Only the encoding differs from the walk's, which is just as
        unambiguous (each text's length is part of it)."""
        known, parts = self._known, [b"pairs"]
        for value, text in pairs:
            found = known.get(id(value))
            encoded = text.encode()
            parts += (found[1] if found is not None else self._hash(value),
                      len(encoded).to_bytes(8, "big"), encoded)
        known[id(pairs)] = (pairs, _blake(b"".join(parts)))

    def forget(self) -> None:
        """Let go of every hash kept: a build's article stage hashed some 265,000
        objects at 10,000 articles (45 MB of records), and once the listing
        pages have fingerprints of their own (share_known) nothing asks it
        again. Asked afterwards, it hashes by content; a value it was told a
        key for (known) would hash otherwise, so callers forget only when
        nothing will ask for such a value's key again."""
        self._known.clear()
        self._given.clear()
        self._derived.clear()

    def share_known(self, other: Fingerprints) -> None:
        """Tell ``other`` what this one was told by known(). For a value of a type
        whose fields ``other`` leaves out the key covers those fields too, so it
        cannot stand for the value there; but the value's hash there is still a
        function of the key, which ``other`` may remember across builds: a
        listing page's hash of ten thousand unchanged articles is then ten
        thousand lookups."""
        for ident, (value, result) in self._given.items():
            if type(value) not in other._ignore:
                other._known[ident] = other._given[ident] = (value, result)
            else:
                other._derived[ident] = (value, result)

    def _hash(self, value: object) -> bytes:
        if isinstance(value, str):
            return _blake(type(value).__name__.encode() + b":" + value.encode())
        if isinstance(value, bytes):
            return bytes.fromhex(digest(value))
        if isinstance(value, (int, float, bool, type(None), Path)):
            return _blake(f"{type(value).__name__}:{value!r}".encode())
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        if isinstance(value, Later):  # its key stands for it: it is read only if needed
            return _blake(b"later:" + value.key.encode())
        flat = _flat_digest(value)
        if flat is not None:
            return flat
        if isinstance(value, (tuple, list, frozenset, set)):
            items = sorted(self._hash(v) for v in value) if isinstance(value, (set, frozenset)) \
                else [self._hash(v) for v in value]
            result = _blake(type(value).__name__.encode() + b"".join(items))
            if isinstance(value, tuple):  # immutable like the frozen dataclasses it holds
                self._known[id(value)] = (value, result)
            return result
        # Before Mapping, whose check (an abstract class's) costs more than this one.
        if hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type):
            return self._hash_dataclass(value)
        if isinstance(value, Mapping):
            return _blake(b"map" + b"".join(self._hash(k) + self._hash(v)
                                             for k, v in value.items()))
        return _blake(f"{type(value).__qualname__}:{value!r}".encode())

    def _hash_dataclass(self, value: object) -> bytes:
        """A dataclass's hash, kept by identity when it is frozen (see the class)."""
        derived = self._derived.get(id(value))
        if derived is not None and self._remember is not None:
            result = bytes.fromhex(self._remember(
                FINGERPRINT, f"{derived[1].hex()} {self._ignored_names()}",
                lambda: self._hash_fields(value).hex()))
        else:
            result = self._hash_fields(value)
        if type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            self._known[id(value)] = (value, result)
        return result

    def _hash_fields(self, value: object) -> bytes:
        """One hash of the dataclass's compared fields (less those left out): each
        plain field (text, number, None) written in as itself, with its type and
        length, and each other one as its own hash, tagged. A hash of every
        field first cost one BLAKE2 call per string, most of the time of an
        article's face (engine/faces.py) in a build's process."""
        name = type(value).__qualname__.encode()
        parts = [b"%d:%s" % (len(name), name)]
        ignored = self._ignore.get(type(value), frozenset())
        for field in _compared(type(value)):
            if field.name in ignored:
                continue
            part = getattr(value, field.name)
            tag = _PLAIN.get(type(part))
            if tag is None:
                parts += (b"h", self._hash(part))
                continue
            text = part.encode() if tag == b"s" else repr(part).encode()
            parts.append(b"%s%d:%s" % (tag, len(text), text))
        return _blake(b"".join(parts))

    def _ignored_names(self) -> str:
        """What this one leaves out, for keys of values remembered across builds."""
        if self._ignored is None:
            self._ignored = repr(sorted((kind.__qualname__, sorted(names))
                                        for kind, names in self._ignore.items()))
        return self._ignored


@cache
def _compared(kind: type) -> tuple[Field, ...]:
    return tuple(f for f in fields(kind) if f.compare)


def _blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


_BYTES = hashlib.blake2b(b"bytes:", digest_size=16)  # digest()'s start, copied per call
