"""Pickling a slotted dataclass as its constructor and its fields' values.

The model's many small values (notes, their sources, anchors, glossary
mentions: some 170,000 at 10,000 articles) are slotted, since each instance's
dictionary cost some 290 bytes once unpickled. A slotted dataclass pickles
its state as a list that a ``__setstate__`` written in Python sets field by
field: 2.4 us a mention to load, against 1.1 us for a plain instance. Pickled
as a call of the class on its fields' values instead, it loads in 1.0 us and
pickles in half the time: what a build of 10,000 articles pays each time it
receives a worker's results or reads the store. The store's loader allows the
call: constructing the model's dataclasses runs no code of note
(engine/safe_pickle.py).
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

Data = TypeVar("Data", bound=type)


def pickled_by_fields(cls: Data) -> Data:
    """``cls`` (a dataclass of two or more fields, none of them init=False)
    pickled as ``cls(*values)``; applied above ``@dataclass``."""
    names = tuple(field.name for field in fields(cls))
    if len(names) < 2 or not all(field.init for field in fields(cls)):
        raise TypeError(f"{cls.__name__}: needs two or more fields, all set by __init__")
    values = attrgetter(*names)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls
