"""The render stage: merged Markdown pages and the theme into output files.

Produces :class:`OutputFile` values only; nothing here touches the output
directory, so the write stage can put a whole build in place at once.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
from markupsafe import Markup

from briefing.annotations.jsonld import annotation_page, claim_review, script_json
from briefing.annotations.render_rule import ENV_KEY, PlacedNote
from briefing.annotations.views import NoteView, note_views
from briefing.core.hashing import Fingerprints, Remember, compute_now
from briefing.core.errors import BriefingError
from briefing.glossary.linker import link_terms
from briefing.glossary.matcher import compiled
from briefing.glossary.pages import TermView, term_links, term_views
from briefing.glossary.render_rule import ENV_KEY as GLOSSARY_KEY
from briefing.glossary.render_rule import TermLinks
from briefing.listings.glossary import render_glossary
from briefing.text.markdown import Rendered, render_markdown, replay_render
from briefing.merge.chain import MergedPage
from briefing.render.metadata import (
    article_meta,
    breadcrumb_list,
    default_meta,
    og_locale,
    page_updated,
)
from briefing.listings.pages import install_helpers, render_listings
from briefing.stories.views import StoryRenderers
from briefing.search.pagefind import render_search_page
from briefing.model.site import Site
from briefing.render.structured import news_article
from briefing.render.theme import Theme, static_files, template_environment
from briefing.core.urls import Urls

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OutputFile:
    path: str  # site-relative, POSIX separators
    data: bytes


@dataclass(frozen=True)
class KeptFile:
    """A file the previous build wrote that this build would write identically
    (its inputs did not change); it stays in the output directory as it is."""

    path: str
    digest: str


# reuse(path, fingerprint, render): the last build's file at ``path`` if it had the
# same fingerprint (a KeptFile), else render().
ReusePage = Callable[[str, str, Callable[[], OutputFile]], "OutputFile | KeptFile"]


class TemplateProblem(BriefingError):
    """A theme or site template failed; names the template and line."""


@dataclass(frozen=True)
class RenderContext:
    site: Site
    urls: Urls
    env: jinja2.Environment
    terms: dict[str, TermView] = field(default_factory=dict)  # glossary, by slug
    remember: Remember = compute_now  # values an earlier build computed (incremental.py)
    # Keeps a page the last build wrote when its fingerprint is the same (incremental.py);
    # site_key fingerprints what every page reads besides its values (templates, config).
    reuse: ReusePage | None = None
    site_key: str = ""
    fingerprints: Fingerprints = field(default_factory=Fingerprints)  # one per build
    # Note bodies the article jobs rendered (in worker processes), by text: story
    # pages show the same notes and need not render them again.
    prerendered: Mapping[str, Rendered] = field(default_factory=dict)

    def fingerprint(self, *parts: object) -> str:
        """A key for ``remember`` and ``reuse``: shared objects are hashed once."""
        return self.fingerprints.key(*parts)

    def term_links(self) -> TermLinks | None:
        """A per-page record of term links, or None when the site has no glossary."""
        return term_links(self.site.glossary, self.urls) if self.terms else None

    def markdown(self, text: str, links: TermLinks | None, **env: Any) -> str:
        """HTML of Markdown whose links to glossary pages become term links."""
        known = None if env else self.prerendered.get(text)
        if known is not None:
            return replay_render(known, links)
        return render_markdown(text, {**env, GLOSSARY_KEY: links} if links else env)

    def definitions(self, slugs: Iterable[str]) -> list[TermView]:
        """The glossary entries a page must carry for the term links it shows."""
        return [self.terms[slug] for slug in dict.fromkeys(slugs)]

    def story_renderers(self) -> StoryRenderers:
        """A story page's renderers: for its own Markdown, which no merge stage saw
        (glossary terms linked first), and for note bodies, linked when merged."""
        links = self.term_links()
        return StoryRenderers(fresh=lambda text: self.linked_markdown(text, links),
                              merged=lambda text: self.markdown(text, links),
                              used=lambda: list(links.used) if links else [])

    def linked_markdown(self, text: str, links: TermLinks | None) -> str:
        """Like markdown(), for text the merge stage never saw (story summaries):
        glossary terms are linked first, first mention only."""
        matcher = compiled(self.site.glossary)
        if matcher is not None:
            text = link_terms(text, self.site.glossary, matcher,
                              lambda term: self.urls.absolute(term.url_path)).markdown
        return self.markdown(text, links)

    def page(self, template: str, path: str, **values: Any) -> OutputFile | KeptFile:
        """Render one HTML page whose site-relative URL is ``path`` (or keep the last
        build's, when nothing the page shows has changed)."""
        url_path = path.removesuffix("index.html")
        values.setdefault("canonical", self.urls.absolute(url_path))
        values.setdefault("meta", default_meta(template))  # <head> metadata (metadata.py)

        def render() -> OutputFile:
            html = self.render(template, site=self.site.config, url_path=url_path, **values)
            return OutputFile(path, html.encode("utf-8"))

        if self.reuse is None:
            return render()
        # The values' repr is their content (dataclasses, strings, Markup); anything
        # without one (an object's address) just makes the page render every time.
        return self.reuse(path, self.fingerprint(self.site_key, template, values), render)

    def render(self, template: str, **values: Any) -> str:
        """A template's output; any template problem is reported with file and line."""
        try:
            return self.env.get_template(template).render(**values)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: "
                                  f"template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(f"template '{exc.name}' not found in templates/ "
                                  "or the theme") from None
        except Exception as exc:  # noqa: BLE001 - any template bug, reported with its place
            raise TemplateProblem(f"{_template_location(exc) or template}: "
                                  f"template error: {exc}") from None


def _template_location(exc: BaseException) -> str | None:
    """file:line of the innermost template frame of an exception raised while rendering."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith((".html", ".xml", ".txt"))]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None


def render_site(site: Site, pages: tuple[MergedPage, ...], theme: Theme, urls: Urls,
                progress: Progress | None = None) -> list[OutputFile]:
    """Every file of the site except those the write stage adds itself."""
    assets = site_assets(site, theme)
    context = render_context(site, urls, theme, assets)
    files = asset_files(assets)
    for done, page in enumerate(pages, start=1):
        files.extend(render_article(page, context))
        if progress:
            progress(done, len(pages))
    return files + render_listing_pages(context, pages)


def site_assets(site: Site, theme: Theme) -> dict[str, bytes]:
    """The theme's static files and the site's own, by output path (the site's win)."""
    return {path: file.read_bytes() for path, file in static_files(site.config, theme)}


def asset_files(assets: dict[str, bytes]) -> list[OutputFile]:
    return [OutputFile(path, data) for path, data in sorted(assets.items())]


def render_context(site: Site, urls: Urls, theme: Theme, assets: dict[str, bytes],
                   remember: Remember = compute_now,
                   bytecode_cache: jinja2.BytecodeCache | None = None) -> RenderContext:
    """The context article pages are rendered in. Its glossary entries carry no
    appearances: an article page shows definitions only, so it depends on no
    other article (which is what lets articles render in parallel and alone)."""
    env = template_environment(site.config, theme, urls, assets, bytecode_cache)
    context = RenderContext(site, urls, env, term_views(site.glossary, (), ()), remember)
    install_helpers(context.env, site)  # tag_path(), story_of() for article pages
    context.env.globals["has_glossary"] = bool(context.terms)
    context.env.filters["og_locale"] = og_locale  # for _meta_tags.html
    return context


def render_listing_pages(context: RenderContext, pages: Sequence[MergedPage]
                         ) -> list[OutputFile | KeptFile]:
    """Every page that lists articles: glossary, stories, topics, archive, front
    page; and 404, search and .nojekyll."""
    site = context.site
    context = replace(context, terms=term_views(site.glossary, pages, site.stories.values(),
                                                 context.remember))
    for view in context.terms.values():
        context.fingerprints.know_pairs(view.appearances)
    files = render_glossary(context)
    listings = render_listings(site, pages, context)  # stories, tags, archive
    files.extend(listings.files)
    files.append(context.page("index.html", "index.html", articles=site.articles,
                              front=listings.front, definitions=context.definitions(
                                  slug for view in listings.front.stories for slug in view.terms)))
    files.append(context.page("404.html", "404.html", canonical=None,
                              articles=site.articles[:5]))
    files.extend(render_search_page(context))  # /search/ (search.py), when search is on
    files.append(OutputFile(".nojekyll", b""))
    return files


def render_article(page: MergedPage, context: RenderContext) -> list[OutputFile]:
    folder = page.article.url_path
    page_url = context.urls.absolute(folder)
    links = context.term_links()
    placed, unplaced = note_views(page.anchors, page.unplaced, page_url,
                                  lambda text: context.markdown(text, links))
    env = {ENV_KEY: {note.id: _placed_note(note, context) for note in placed}}
    body = Markup(context.markdown(page.document, links, **env))  # noqa: S704 - markdown-it escapes; raw HTML is off
    definitions = context.definitions(links.used) if links else []
    config = context.site.config
    structured = [news_article(page.article, config, page_url, placed + unplaced)]
    structured += [claim_review(n, page.article, config) for n in placed if n.kind == "fact-check"]
    structured.append(breadcrumb_list(page.article, config, context.urls))
    annotations = annotation_page(page_url, page.anchors, placed, page.text, config)
    return [
        context.page("article.html", f"{folder}index.html", article=page.article, body=body,
                     notes=placed, unplaced=unplaced, definitions=definitions,
                     meta=article_meta(page.article, page_updated(page, config)),
                     structured_data=[Markup(script_json(d)) for d in structured]),  # noqa: S704
        OutputFile(f"{folder}index.md", page.document.encode("utf-8")),
        OutputFile(f"{folder}annotations.jsonld",
                   (json.dumps(annotations, ensure_ascii=False, indent=1) + "\n").encode()),
    ]


def _placed_note(note: NoteView, context: RenderContext) -> PlacedNote:
    aside = context.render("_annotation.html", note=note, site=context.site.config)
    return PlacedNote(note.id, note.number or 0, note.exact, aside, note.label)
