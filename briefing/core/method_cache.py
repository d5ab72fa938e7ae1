"""The methods Python writes for dataclasses, compiled once and kept between
runs.

Python makes a dataclass's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and, for a frozen one, ``__setattr__`` and ``__delattr__`` by
compiling source it writes, each time the class is defined: about 0.1 ms a
method, 0.6-0.9 ms a class (Python 3.11). A build after an edit defines some
120 of briefing's dataclasses in a fresh process: 60-100 ms of its 0.3-0.5 s,
measured, more than any stage of its own. The source is the same from run to
run, so the code compiled from it is kept, by the exact text, in the user's
cache folder (as Jinja's compiled templates are: code loaded without further
checks never lives in a project), read once per process and written again
only when a text was new. A class whose source changed is compiled as before.

Nothing else changes: the code is what ``exec`` of the same text compiles
(no ``__future__`` flag of this module's), and a missing, unreadable or
foreign file costs only the compiling. The hook is an ``exec`` of the
``dataclasses`` module's own, a global there that shadows the builtin in that
module alone (both Python 3.11's one text per method and 3.13's one per class
go through it).
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from briefing.core.user_cache import user_cache_dir

KEPT_AT_MOST = 4000  # texts: past this, only those this process used are kept


class MethodCache:
    """Compiled method texts by their source, from and to one file (or none).

    Each text's code is kept marshalled on its own and loaded when a class
    asks for it: a run that defines few classes (a build with nothing to do)
    loads few, and a file of 700 code objects loads in 2 ms this way, 17-27 ms
    as one marshalled mapping of code."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.code: dict[str, bytes] = read(path) if path is not None else {}
        self.used: set[str] = set()
        self.added = False
        self.pid = os.getpid()  # forked workers leave the file to their parent

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /) -> None:
        """``exec`` for the dataclasses module: a text is compiled once."""
        if type(source) is str:
            self.used.add(source)
            source = self.compiled(source)
        builtins.exec(source, globals, locals)

    def compiled(self, text: str) -> CodeType:
        """The code of ``text``, kept or compiled now (and kept)."""
        kept = self.code.get(text)
        if kept is not None:
            try:
                code = marshal.loads(kept)
                if type(code) is CodeType:
                    return code
            except (EOFError, ValueError, TypeError):
                pass  # damaged: compiled again below
        code = compile(text, "<string>", "exec", dont_inherit=True)
        self.code[text] = marshal.dumps(code)
        self.added = True
        return code

    def save(self) -> None:
        """Write the file again if a text was new (whole, then moved into place:
        processes of two builds may save at once)."""
        if not self.added or self.path is None or os.getpid() != self.pid:
            return
        kept = self.code if len(self.code) <= KEPT_AT_MOST else \
            {text: code for text, code in self.code.items() if text in self.used}
        import tempfile  # only when writing: ~5 ms of imports a run need not pay

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".methods-")
            with os.fdopen(handle, "wb") as out:
                marshal.dump(kept, out)
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            pass  # a cache it could not write: the next run compiles again


def read(path: Path) -> dict[str, bytes]:
    """The kept code, by text, or nothing if the file is missing, damaged or not
    a mapping of texts to marshalled code."""
    try:
        with path.open("rb") as handle:
            found = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(found, dict) or not all(
            type(text) is str and type(code) is bytes for text, code in found.items()):
        return {}
    return found


def cache_path() -> Path:
    """One file per Python, to its release: marshal's format and the bytecode
    of the code are both its own, and code of another release's bytecode
    would not fail cleanly but crash the interpreter."""
    return user_cache_dir() / "methods" / (
        f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{marshal.version}.marshal")


def install() -> None:
    """Keep the dataclasses defined from now on in this process (once)."""
    if hasattr(dataclasses, "exec"):  # installed already (the builtin is not a global there)
        return
    cache = MethodCache(cache_path())
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    atexit.register(cache.save)
