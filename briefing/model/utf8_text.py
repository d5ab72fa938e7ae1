"""A text field held as UTF-8 bytes and given back as ``str``.

A build holds every article's body from loading to the end: the pages that
list articles are made last, and the store is saved after them. Python keeps a
string in the narrowest fixed width that fits its widest character, so one
curly quote or dash (every wire report has them) makes a body two bytes a
character. At 10,000 articles the bodies took 99 MB as ``str`` and take half
that as UTF-8, in the build process and in every forked worker. A body is read
a few times per build (merging it, comparing a story's reports), and decoding
6 KB costs microseconds.

Used as a dataclass field's default (``body: str = Utf8Text()``): dataclasses
call the descriptor for the field, and it has no default of its own, so the
field stays required. Equality, hashing, ``replace``, ``repr`` and
fingerprints all read the ``str``; pickles hold the bytes.
"""

from __future__ import annotations

from typing import Any, overload


class Utf8Text:
    """The descriptor: the instance's ``__dict__`` holds the bytes under
    ``_<name>_utf8``, so a frozen dataclass's ``__init__`` (which sets fields
    with ``object.__setattr__``) stores them, and nothing else can."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = f"_{name}_utf8"

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Utf8Text: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> str: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:  # dataclasses asking for a default: there is none
            raise AttributeError(self.key)
        return obj.__dict__[self.key].decode("utf-8", "surrogatepass")

    def __set__(self, obj: object, value: str) -> None:
        # Any str round-trips, a lone surrogate too (files are read strictly,
        # but a caller may give any text).
        obj.__dict__[self.key] = value.encode("utf-8", "surrogatepass")
