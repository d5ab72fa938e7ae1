"""Rendering ``/glossary/`` and ``/glossary/<slug>/``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from briefing.annotations.jsonld import script_json
from briefing.render.terms import defined_term, defined_term_set, letters

if TYPE_CHECKING:
    from briefing.core.outputs import OutputFile
    from briefing.render.context import RenderContext


def render_glossary(context: RenderContext) -> list[OutputFile]:
    if not context.terms:
        return []
    views = list(context.terms.values())
    config = context.site.config
    files = [context.page(
        "glossary.html", "glossary/index.html", terms=views, letters=letters(views),
        structured_data=[Markup(script_json(  # noqa: S704 - JSON escaped for <script>
            defined_term_set(views, context.urls, config.title)))])]
    for view in views:
        files.append(context.page(
            "term.html", f"{view.term.url_path}index.html", term=view,
            structured_data=[Markup(script_json(defined_term(view, context.urls)))]))  # noqa: S704
    return files
