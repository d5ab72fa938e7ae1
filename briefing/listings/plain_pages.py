"""Rendering the plain pages of ``content/pages/`` (About, policies) at
``/<slug>/``: the body's Markdown with glossary terms linked (first mention,
as on articles; the merge stage never saw it) and the definitions of the
terms it links. Searchable and in the sitemap like any page; not in feeds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from briefing.render.metadata import PageMeta

if TYPE_CHECKING:
    from briefing.core.outputs import KeptFile, OutputFile
    from briefing.model.plain_page import Page
    from briefing.render.context import RenderContext
    from briefing.render.terms import TermContext

TEMPLATE = "page.html"


def render_plain_pages(context: RenderContext, terms: TermContext
                       ) -> list[OutputFile | KeptFile]:
    return [render_plain_page(page, context, terms) for page in context.site.pages]


def render_plain_page(page: Page, context: RenderContext, terms: TermContext
                      ) -> OutputFile | KeptFile:
    links = terms.links()
    body = Markup(context.markdown(terms.link(page.body), terms.env(links)))
    definitions = terms.definitions(links.used) if links else []
    return context.page(TEMPLATE, f"{page.url_path}index.html", page=page, body=body,
                        definitions=definitions,
                        meta=PageMeta(title=page.title, description=page.description))
