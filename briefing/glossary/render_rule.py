"""A markdown-it core rule that turns links to glossary pages into term links.

The merge stage links terms with ordinary Markdown links to the term's page
(absolute, so ``index.md`` works anywhere). In HTML each becomes
``<a class="term" data-term="slug" href="/base/glossary/slug/">``, described
by the definition popover the page carries, and the rule records which terms
the page uses so the theme can include only their definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ENV_KEY = "glossary"


@dataclass
class TermLinks:
    """What the rule needs to know (and what it reports back) for one page."""

    absolute_prefix: str  # https://example.org/repo/glossary/
    relative_prefix: str  # /repo/glossary/
    slugs: frozenset[str]
    used: list[str] = field(default_factory=list)  # in order of first use

    def slug_of(self, href: str) -> str | None:
        for prefix in (self.absolute_prefix, self.relative_prefix):
            if href.startswith(prefix):
                slug = href[len(prefix):].rstrip("/")
                return slug if slug in self.slugs else None
        return None


def terms_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("glossary_terms", _rule)


def _rule(state: StateCore) -> None:
    links: TermLinks | None = state.env.get(ENV_KEY)
    if links is None:
        return
    for token in state.tokens:
        for child in token.children or ():
            if child.type != "link_open":
                continue
            slug = links.slug_of(str(child.attrs.get("href", "")))
            if slug is None:
                continue
            child.attrs = {"class": "term", "data-term": slug,
                           "href": links.relative_prefix + slug + "/",
                           "aria-describedby": f"term-definition-{slug}"}
            if slug not in links.used:
                links.used.append(slug)
