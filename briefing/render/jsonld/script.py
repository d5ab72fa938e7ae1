"""Embedding JSON-LD in HTML: one escaper for every ``<script>`` block."""

from __future__ import annotations

from typing import Any

from briefing.core.indented_json import dumps_indented


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>``.

    Content (headlines, quotes, definitions) reaches these blocks, so ``<``,
    ``>`` and ``&`` are written as JSON escapes and can never end the element.
    """
    text = dumps_indented(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
