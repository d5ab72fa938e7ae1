"""Slugs: the file names, heading ids and topic pages made from a text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
# Latin letters that are no accented letter to Unicode (no decomposition), so
# folding accents would drop them: Nakhçıvan gave "nakhcvan", Straße "strae".
# Spelled as the names are spelled in English (Əliyev is Aliyev).
_LETTERS = str.maketrans({
    "ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "đ": "d",
    "Đ": "D", "ð": "d", "Ð": "D", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
    "Þ": "Th", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG", "ĸ": "k",
    "ſ": "s", "ə": "a", "Ə": "A"})


def slugify(text: str, max_length: int = 80) -> str:
    """A URL slug: lower-case ASCII letters and digits joined by single hyphens.

    Accents are folded (Nakhçıvan → nakhcivan, København → kobenhavn, Straße →
    strasse); the slug is cut at a word boundary so long headlines still give
    readable URLs.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode(
        "ascii", "ignore").decode("ascii")
    words = [w for w in _NON_WORD.split(folded.lower().replace("_", " ")) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug[:max_length]


@lru_cache(maxsize=4096)
def tag_slug(name: str) -> str:
    """URL slug of a tag; tags with no ASCII letters or digits get a stable hashed one.
    (Remembered: a large briefing asks for its few hundred tags' slugs tens of
    thousands of times.)"""
    return slugify(name) or "tag-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def tag_path(name: str) -> str:
    """Site-relative URL of a tag's page, for the ``url()`` helper."""
    return f"tags/{tag_slug(name)}/"
