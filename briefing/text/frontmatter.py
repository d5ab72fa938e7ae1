"""Writing an article's front matter, as an editor would: the one writer.

Three things write front matter: the merge stage (every merged page's
index.md), ``briefing new`` (a draft's skeleton) and ``briefing import`` (an
article from a wire report). They write different keys but always in the
order of :data:`KEYS`, the order an editor reads them in, with the same YAML
style (block, Unicode as it is, no line folding), so a file written by one
reads like a file written by another. Reading it back is load/frontmatter.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from briefing.core.yamlio import dump_yaml

KEYS = ("title", "dek", "date", "updated", "source", "authors", "original", "tags", "story",
        "draft", "url")
FENCE = "---\n"


def front_matter_yaml(values: Mapping[str, Any],
                      placeholders: Mapping[str, str] | None = None) -> str:
    """The YAML between the fences: ``values`` in :data:`KEYS` order, None left
    out (an empty list is written: ``tags: []`` invites tags). A key of
    ``placeholders`` that has no value is written as a comment in its place
    (``# dek: One sentence ...``), for a skeleton the editor fills in."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise ValueError(f"not front matter keys: {sorted(unknown)}")
    ordered = {name: values[name] for name in KEYS if values.get(name) is not None}
    if not placeholders:
        return dump_yaml(ordered)  # one call: it runs for every merged page
    return "".join(dump_yaml({name: ordered[name]}) if name in ordered
                   else f"# {name}: {placeholders[name]}\n"
                   for name in KEYS if name in ordered or name in placeholders)


def front_matter_block(values: Mapping[str, Any],
                       placeholders: Mapping[str, str] | None = None) -> str:
    """The front matter with its ``---`` fences, ready to be followed by a body."""
    return f"{FENCE}{front_matter_yaml(values, placeholders)}{FENCE}"
