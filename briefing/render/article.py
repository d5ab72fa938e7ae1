"""An article's three files: its HTML page, its merged Markdown (index.md) and
its W3C annotations; and the context article pages are rendered in."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from briefing.annotations.markdown import rating_links
from briefing.annotations.render_rule import ENV_KEY, RATINGS_KEY, PlacedNote
from briefing.annotations.render_text import notes_inert, text_to_render
from briefing.annotations.views import NoteView, note_views
from briefing.config.ratings import RATINGS_PATH
from briefing.core.indented_json import dumps_indented
from briefing.core.outputs import OutputFile
from briefing.core.remembered import Remember, compute_now
from briefing.core.slug import tag_path
from briefing.core.urls import Urls
from briefing.model.page import MergedPage
from briefing.model.picture import ImageRef
from briefing.model.site import Article, Site
from briefing.model.story import Story
from briefing.pictures.render_rule import ENV_KEY as PICTURES_KEY
from briefing.pictures.render_rule import Show
from briefing.render.context import RenderContext
from briefing.render.history import history
from briefing.render.markdown import render_tokens
from briefing.render.jsonld.news import breadcrumb_list, news_article
from briefing.render.jsonld.review import claim_review
from briefing.render.jsonld.script import script_json
from briefing.render.jsonld.web_annotation import annotation_page
from briefing.render.metadata import (
    article_meta,
    og_locale,
    page_updated,
)
from briefing.render.pictures import Pictures, install_pictures, installed, pictures_for
from briefing.render.published_markdown import published_document
from briefing.render.terms import TermContext
from briefing.render.theme import Theme, static_files, template_environment
from briefing.text.splice import OneParse, Parses, spliced


def site_assets(site: Site, theme: Theme) -> dict[str, bytes]:
    """The theme's static files and the site's own, by output path (the site's win)."""
    return {path: file.read_bytes() for path, file in static_files(site.config, theme)}


def asset_files(assets: dict[str, bytes]) -> list[OutputFile]:
    return [OutputFile(path, data) for path, data in sorted(assets.items())]


def render_context(site: Site, urls: Urls, theme: Theme, assets: dict[str, bytes],
                   remember: Remember = compute_now,
                   bytecode_cache: jinja2.BytecodeCache | None = None) -> RenderContext:
    """The context pages are rendered in: the theme's templates with the site's
    helpers and filters. (What a page needs of a feature comes from that
    feature's context: the glossary's is render.terms.TermContext.)"""
    env = template_environment(site.config, theme, urls, assets, bytecode_cache)
    context = RenderContext(site, urls, env, remember)
    install_helpers(context.env, site)  # tag_path(), story_of() for article pages
    context.env.globals["has_glossary"] = bool(site.glossary.terms)
    context.env.globals["menu"] = site.menu  # the plain pages of the header (base.html)
    context.env.filters["og_locale"] = og_locale  # for _meta_tags.html
    install_pictures(context.env, pictures_for(site, urls, theme))
    return context


def render_article(page: MergedPage, context: RenderContext,
                   terms: TermContext, parses: Parses | None = None,
                   shown: list[str] | None = None) -> list[OutputFile]:
    """``terms`` carries definitions only, no appearances: an article page
    depends on no other article (which lets articles render in parallel and
    alone). ``parses``: the parses merging read (text/splice.py), if it was
    just merged; their tokens are used up. ``shown``, if given, is told the
    terms whose definitions the page carries, in order (build/term_records.py)."""
    folder = page.article.url_path
    page_url = context.urls.absolute(folder)
    links = terms.links()
    notes = dict(parses.notes) if parses else {}  # each used once: rendering uses it up
    placed, unplaced = note_views(page.anchors, page.unplaced, page_url, lambda text:
                                  context.markdown(text, terms.env(links), notes.pop(text, None)))
    env = {**terms.env(links), ENV_KEY: {note.id: _placed_note(note, context) for note in placed}}
    if context.site.config.ratings and (page.unplaced or page.retired):  # their labels' links
        env[RATINGS_KEY] = (context.urls.absolute(RATINGS_PATH), context.urls.url(RATINGS_PATH))
    pictures = installed(context.env)
    if page.article.images:
        env[PICTURES_KEY] = _shown(page.article, pictures, context)
    prefixes = (links.absolute_prefix, links.relative_prefix) if links else ()
    body = Markup(_body_html(page, parses and parses.body, env, prefixes, context))  # noqa: S704
    definitions = terms.definitions(links.used) if links else []
    if shown is not None:
        shown.extend(view.slug for view in definitions)
    config = context.site.config
    article = page.article
    structured = [news_article(article, config, page_url, placed + unplaced,
                               pictures.jsonld(article, article.slug, article.title))]
    structured += [claim_review(n, page.article, config) for n in placed if n.kind == "fact-check"]
    structured.append(breadcrumb_list(page.article, config, context.urls))
    annotations = annotation_page(page_url, page.anchors, placed, page.text, config,
                                  page.article.revisions, page.retired)
    return [*_history(page, context),
        context.page("article.html", f"{folder}index.html", article=page.article, body=body,
                     notes=placed, unplaced=unplaced, definitions=definitions,
                     meta=article_meta(page.article, page_updated(page, config),
                                       context.search_shards.get(page.article.slug, "")),
                     lead=pictures.lead(article),
                     share=pictures.share(article, article.slug, article.title),
                     structured_data=[Markup(script_json(d)) for d in structured]),  # noqa: S704
        OutputFile(f"{folder}index.md", published_document(
            page, lambda src: pictures.address(src, article.pictures)).encode("utf-8")),
        OutputFile(f"{folder}annotations.jsonld",
                   (dumps_indented(annotations) + "\n").encode()),
    ]


def _body_html(page: MergedPage, parse: OneParse | None, env: dict,
               prefixes: tuple[str, ...], context: RenderContext) -> str:
    """The body's HTML (markdown-it escapes; raw HTML is off): from the one parse
    merging read, with its links and references put in, when merging kept it
    and no note's footnote reaches the page; else from the merged text, with
    the notes' footnotes cut short where that gives the same HTML."""
    if parse is not None and notes_inert(page, prefixes):
        return render_tokens(spliced(parse), env)
    ratings = rating_links(context.site.config.ratings, context.urls.absolute)
    return context.markdown(text_to_render(page, prefixes, ratings), env)


def _history(page: MergedPage, context: RenderContext) -> list[OutputFile]:
    """The history page, for an article whose wire copy has more than one version."""
    article = page.article
    if not article.revised:
        return []
    notes = context.site.annotations.get(article.slug, ())
    return [context.page("history.html", f"{article.url_path}history/index.html",
                         article=article, versions=history(article.revisions, notes))]


def _shown(article: Article, pictures: Pictures, context: RenderContext) -> Show:
    """How the body's images are shown: the theme's ``_picture.html`` macros."""
    macros = context.env.get_template("_picture.html").module

    def show(ref: ImageRef, figure: bool) -> str | None:
        view = pictures.view(ref, article.pictures)
        if view is None:
            return None
        made = macros.figure(view) if figure else macros.picture(view)  # type: ignore[attr-defined]
        return str(made).strip()
    return show


def _placed_note(note: NoteView, context: RenderContext) -> PlacedNote:
    aside = context.render("_annotation.html", note=note, site=context.site.config)
    return PlacedNote(note.id, note.number or 0, note.exact, aside, note.label)


def install_helpers(env: jinja2.Environment, site: Site) -> None:
    """Template globals: ``tag_path(name)`` and ``story_of(article)`` (a Story or None)."""

    def story_of(article: Article) -> Story | None:
        return site.stories.get(article.story) if article.story else None

    env.globals.update(tag_path=tag_path, story_of=story_of)
