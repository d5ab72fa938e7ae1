"""Rendering ``/glossary/`` and ``/glossary/<slug>/``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from briefing.render.jsonld.script import script_json
from briefing.render.jsonld.terms import defined_term, defined_term_set
from briefing.render.terms import letters

if TYPE_CHECKING:
    from briefing.core.outputs import OutputFile
    from briefing.render.context import RenderContext
    from briefing.render.terms import TermContext


def render_glossary(context: RenderContext, terms: TermContext) -> list[OutputFile]:
    if not terms.views:
        return []
    views = list(terms.views.values())
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
