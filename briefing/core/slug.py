"""Small text helpers shared by several stages."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


def slugify(text: str, max_length: int = 80) -> str:
    """A URL slug: lower-case ASCII letters and digits joined by single hyphens.

    Accents are folded (Nakhçıvan → nakhcivan); the slug is cut at a word
    boundary so long headlines still give readable URLs.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = [w for w in _NON_WORD.split(folded.lower().replace("_", " ")) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug[:max_length]
