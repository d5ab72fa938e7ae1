"""Slugs: the file names, heading ids and topic pages made from a text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=4096)
def tag_slug(name: str) -> str:
    """URL slug of a tag; tags with no ASCII letters or digits get a stable hashed one.
    (Remembered: a large briefing asks for its few hundred tags' slugs tens of
    thousands of times.)"""
    return slugify(name) or "tag-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def tag_path(name: str) -> str:
    """Site-relative URL of a tag's page, for the ``url()`` helper."""
    return f"tags/{tag_slug(name)}/"
