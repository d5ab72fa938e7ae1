"""Control characters, named the one way every error names them, and line ends
written every way.

YAML refuses a control character in a file (core/yamlio.py), and an article
file's body is checked as it is read (load/articles.py). Text that
comes from YAML (a note's body, a definition, a story's summary) can carry
them too, through a double-quoted string's escapes (``"\\r"``, ``"\\a"``,
``"\\0"``): markdown-it reads a lone carriage return as a line end and shows a
NUL as U+FFFD, while briefing's own passes over the text (the escaping of
index.md, the anchoring of notes) count lines by ``\\n`` alone, so the two
disagreed about where things are.
"""

from __future__ import annotations

import re

# C0 controls but tab, line feed, form feed and carriage return; DEL; C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def control_name(character: str) -> str:
    """How an error names the control character ``character``."""
    code = ord(character)
    return "a NUL character (U+0000)" if code == 0 else f"the control character U+{code:04X}"


def one_line_end(text: str) -> str:
    """``text`` with every line end (``\\r\\n``, a lone ``\\r``) a ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
