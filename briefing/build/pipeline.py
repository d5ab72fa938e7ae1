"""The pipeline of a build that has work to do: load → merge → render → write.

build/api.py decides whether to run it; the :class:`BuildCache` it is given says
which articles are unchanged since the last build (their merged pages are
reused, their files kept in the output directory), and the write stage then
either updates the output directory in place, when the last build's output is
intact, or writes a whole new one and swaps it in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from briefing.build.api import BuildOptions, read_config
from briefing.build.basis import Basis
from briefing.build.term_records import glossary_warnings, record_terms
from briefing.build.comparing import Comparisons
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.hashing import Fingerprints, tree_key
from briefing.core.parallel import frozen_heap, ordered_map
from briefing.core.remembered import (
    EDIT_BASIS,
    PAGE_TERMS,
    TEMPLATE_READS,
    Keep,
    Remember,
    compute_now,
    keep_nothing,
)
from briefing.core.urls import Urls
from briefing.engine.entries import ArticleKeys
from briefing.engine.incremental import BuildCache
from briefing.engine.jobs import ArticleJobs
from briefing.glossary.checks import (
    NearMisses,
    check_glossary,
    term_mentions,
    texts_beyond_articles,
)
from briefing.glossary.matcher import Matcher, compiled
from briefing.load.site import load_site
from briefing.load.site_files import LoadOptions
from briefing.merge.chain import MergeContext, merge_site
from briefing.model.glossary import Term
from briefing.model.page import MergedPage
from briefing.model.site import Article, Site
from briefing.publish.feeds import FEED_LIMIT, Entry, entries
from briefing.publish.files import publication_files
from briefing.render.article import asset_files, render_context, site_assets
from briefing.render.context import Progress, RenderContext
from briefing.render.markdown import Rendered
from briefing.render.pictures import (
    installed,
    picture_files,
    shown_pictures,
    without_pictures,
)
from briefing.render.terms import TermView, term_context
from briefing.render.theme import (
    Theme,
    attributes_read,
    compile_templates,
    find_theme,
    user_bytecode_cache,
)
from briefing.search.indexer import indexing_ahead, search_indexer
from briefing.search.pagefind import BUNDLE_DIR, check_search, render_search_page
from briefing.search.shards import article_shards
from briefing.write.site_writer import SiteWriter, Written


# Told each article's page as the build settles it, and its visible paragraphs
# when its job sent them (build/comparing.Comparisons.settled).
Settled = Callable[[MergedPage, tuple[str, ...] | None], None]


@dataclass(frozen=True)
class Checked:
    """A site loaded, merged and checked: everything a build needs before rendering."""

    config: SiteConfig
    site: Site
    pages: tuple[MergedPage, ...]
    urls: Urls
    diagnostics: Diagnostics


def load_and_check(options: BuildOptions, config: SiteConfig | None = None) -> Checked:
    """Load and merge the site and run the editorial checks, without rendering
    (``briefing check``); raises on errors."""
    # A memo for this run alone: the files are read ahead on every core (load/ahead.py).
    loaded = load(options, config, cache=BuildCache())
    find_theme(loaded.config)  # a theme that is not there fails the build: so the check
    context = MergeContext(loaded.site, loaded.urls, loaded.diagnostics, loaded.matcher)
    misses = near_misses(loaded)  # in each article's merge, as in a build's jobs
    pages = merge_site(loaded.site, context, options.jobs, misses.report if misses else None)
    loaded.diagnostics.raise_if_errors()
    check(loaded, pages)
    return Checked(loaded.config, loaded.site, pages, loaded.urls, loaded.diagnostics)


@dataclass(frozen=True)
class Loaded:
    config: SiteConfig
    site: Site
    urls: Urls
    matcher: Matcher | None
    diagnostics: Diagnostics


def load(options: BuildOptions, config: SiteConfig | None = None,
         cache: BuildCache | None = None, hasher: Fingerprints | None = None) -> Loaded:
    """The site loaded, through ``cache`` if given: it supplies what the last build
    read from files whose bytes are unchanged, keeps what this one reads (the
    files it does not know are read ahead on every core: load/ahead.py) and is
    told the key each article file was read under."""
    diagnostics = Diagnostics()
    if config is None:
        config = read_config(options, diagnostics)
    diagnostics.root = diagnostics.root or config.config_path.parent
    known = knowing(hasher, cache.source_keys if cache else None) if hasher is not None \
        else LoadOptions.known
    with_cache = LoadOptions(options.drafts, cache.remember, known, cache.file_times or {},
                             cache.knows, options.jobs) if cache \
        else LoadOptions(options.drafts, known=known)
    site = load_site(config, diagnostics, with_cache)
    return Loaded(config, site, Urls(config.base_url), compiled(site.glossary), diagnostics)


def knowing(hasher: Fingerprints, sources: dict[str, str] | None
            ) -> Callable[[object, str], None]:
    """Tell ``hasher`` what each value read from a file stands for and, when given,
    ``sources`` the key each article file was read under (an entry keeps it: the
    row to remove when the file changes, see BuildCache.forget)."""
    if sources is None:
        return hasher.known

    def known(value: object, key: str) -> None:
        hasher.known(value, key)
        if isinstance(value, Article):
            sources[str(value.path)] = key
    return known


def check(loaded: Loaded, pages: tuple[MergedPage, ...], remember: Remember = compute_now,
          keep: Keep = keep_nothing) -> None:
    """The glossary's unused-term check, as warnings (near misses are checked with
    each article's merge: engine/jobs.py, merge/chain.merge_site)."""
    if loaded.matcher is not None:
        check_glossary(loaded.site.glossary, pages, loaded.matcher, loaded.diagnostics,
                       texts_beyond_articles(loaded.site), remember, keep)


def mentions(loaded: Loaded, remember: Remember) -> Callable[[str], frozenset[str]] | None:
    """The glossary terms a text mentions, as the unused-term check counts them."""
    if loaded.matcher is None:
        return None
    return term_mentions(loaded.site.glossary, loaded.matcher, remember)


def near_misses(loaded: Loaded) -> NearMisses | None:
    if loaded.matcher is None:
        return None
    return NearMisses(loaded.site.glossary, loaded.matcher)


@dataclass(frozen=True)
class Done:
    """What a pipeline run wrote and said."""

    pages: int
    written: Written
    warnings: list[Diagnostic]
    full: bool
    narrow: bool = False  # the edited articles alone were built (build/narrow.py)


def run_build(options: BuildOptions, config: SiteConfig, output_dir: Path, cache: BuildCache,
              progress: Progress | None = None,
              stale_index: frozenset[str] | None = None) -> Done:
    """Build the site into ``output_dir``, reusing what ``cache`` holds that is still true
    (the caller has called ``cache.load_work()``); ``stale_index``: the parts of the
    search index already stale, made again in any case (None: all of it, as when the
    search indexer changed)."""
    with frozen_heap():  # the cache's objects live to the end (see parallel.frozen_heap)
        return _run_build(options, config, output_dir, cache, progress, stale_index)


def _run_build(options: BuildOptions, config: SiteConfig, output_dir: Path, cache: BuildCache,
               progress: Progress | None, stale_index: frozenset[str] | None) -> Done:
    hasher = cache.hasher = Fingerprints()
    loaded = load(options, config, cache, hasher)
    glossary_said = glossary_warnings(config, loaded.diagnostics)  # loading's, for definitions.py
    site = check_search(loaded.site, loaded.diagnostics)  # no Pagefind: no search, a warning
    loaded = replace(loaded, site=site)
    theme = find_theme(config)
    shown = shown_pictures(site)
    assets = without_pictures(site_assets(site, theme), shown)
    context = render_context(site, loaded.urls, theme, assets, cache.remember,
                             user_bytecode_cache() if options.use_cache else None)
    shards = article_shards(site.articles) if site.config.search else {}
    context = replace(context, fingerprints=hasher, search_shards=shards)
    compile_templates(context.env)  # before the workers fork, so none compiles again
    keep = cache.keep = cache.output_intact(output_dir) and cache.last is not None
    with SiteWriter(output_dir, cache.last.written if keep and cache.last else None) as writer:
        writer.add_assets(asset_files(assets))
        jobs = ArticleJobs(MergeContext(site, loaded.urls, loaded.diagnostics, loaded.matcher),
                           context, term_context(site.glossary, loaded.urls), near_misses(loaded))
        site_keys = replace(keys(site, theme, loaded.urls, keep, context.fingerprints,
                                 mentions(loaded, cache.remember)), search_shards=shards)
        unread = unread_fields(context, cache.remember, site_keys.render)
        for kind, fields in unread.every_page.items():
            hasher.leave_out(kind, fields)
        # Pictures first: a cold build draws a card for each article without one, on
        # workers forked from this process before it holds every merged page (at
        # 10,000 articles each worker's resident set counted ~820 MB after it).
        writer.add_all(picture_files(site, installed(context.env), cache.page, cache.kept,
                                     options.jobs))
        comparisons = Comparisons(site, cache, hasher.key)  # made as the jobs come in
        pages, notes_html = build_articles(site, jobs, cache, writer, site_keys, progress,
                                           options.jobs, comparisons.settled)
        loaded.diagnostics.raise_if_errors()
        check(loaded, pages, remember=cache.remember,  # near misses: in the article jobs
              keep=cache.keep_unread)
        shard_of = {f"{article.url_path}index.html": shards[article.slug]
                    for article in site.articles if article.slug in shards}
        indexer = search_indexer(site.config, shard_of)
        # A full build's article pages are final: their shards are indexed while the
        # listings are made (the preview indexes later, in the background).
        early = writer.staged(shard_of) if indexer and not options.defer_search else None
        with indexing_ahead(indexer, early) as indexer:
            listing = listing_context(context, cache, site_keys, unread, notes_html)
            cache.hasher = listing.fingerprints  # values remembered from now on: listings'
            if listing.fingerprints is not hasher:  # the articles' are done with
                hasher.forget()
            views: list[Mapping[str, TermView]] = []
            items = _listing_files(listing, config, loaded.urls, pages, cache, writer,
                                   views.append)
            record_terms(cache, site, pages, writer.files, glossary_said,  # definitions.py
                         views[0] if views else None)
            cache.put(EDIT_BASIS, "", edit_basis(site, site_keys, unread, shown, items,
                                                 shard_of))
            written = writer.finish(indexer, BUNDLE_DIR, stale_index,
                                    defer_index=options.defer_search)
    cache.forget_missing(site)
    html_pages = sum(1 for path in written.files if path.endswith(".html")
                     and not path.startswith(f"{BUNDLE_DIR}/"))
    return Done(html_pages, written, loaded.diagnostics.warnings, not keep)


def edit_basis(site: Site, site_keys: ArticleKeys, unread: Unread, shown: frozenset[str],
               items: list[Entry], shard_of: dict[str, str]) -> Basis:
    """What a later build of edited articles alone needs of this one (build/narrow.py)."""
    return Basis(site_keys.merge, site_keys.render, Article not in unread.listing_pages,
                 shown, site.all_slugs, tuple(items), shard_of,
                 {slug: tuple(a.slug for a in reports)
                  for slug, reports in site.articles_by_story.items()})


def listing_context(context: RenderContext, cache: BuildCache, site_keys: ArticleKeys,
                    unread: Unread, notes_html: dict[str, Rendered]) -> RenderContext:
    """How the listing pages are rendered: kept by their own keys, which hold every
    story (a listing may show any article's story: story_of), fingerprinted by
    what they show (see unread_fields), the notes' HTML the jobs made at hand."""
    return replace(context, reuse=cache.page, later=cache.later,
                   site_key=context.key(site_keys.render, context.site.stories),
                   fingerprints=listing_fingerprints(context.fingerprints, unread,
                                                     cache.remember),
                   prerendered=notes_html,
                   shows_terms=lambda path, terms: cache.put(PAGE_TERMS, path, terms))


def _listing_files(listing: RenderContext, config: SiteConfig, urls: Urls,
                   pages: tuple[MergedPage, ...], cache: BuildCache, writer: SiteWriter,
                   told: Callable[[Mapping[str, TermView]], None]) -> list[Entry]:
    """The pages that list articles, the search page, the feeds and the other
    publication files, handed to ``writer``; the feeds' entries. The listing
    pages are imported here, not at the top: a narrow build (narrow.py) imports
    this module for what both share, and never renders them (27 ms)."""
    from briefing.listings.site import render_listing_pages

    writer.add_all(render_listing_pages(listing, pages, told))  # told the terms' views
    writer.add_all(render_search_page(listing))  # /search/, when search is on
    items = entries(pages, config, urls, cache.remember)
    writer.add_all(publication_files(listing.site, pages, urls, writer.files, cache.remember,
                                     items))
    return items


@dataclass(frozen=True)
class Unread:
    """Fields of the model that pages never show, which fingerprints leave out."""

    every_page: Mapping[type, frozenset[str]]
    listing_pages: Mapping[type, frozenset[str]]  # these too, on listing pages


def unread_fields(context: RenderContext, remember: Remember, templates_key: str) -> Unread:
    """What no page shows, checked on the templates' syntax trees (remembered while
    ``templates_key``, which covers the templates, is the same):

    - a term's line in glossary.yml, unless a template reads ``.line``: a
      definition that grows by a line moves every term below it, and that must
      not render again every article linking one of them;
    - on listing pages, an article's body, unless a template other than the
      article page reads ``.body``: editing an article's text then leaves the
      archive, topics and front page as they were.
    """
    read = remember(TEMPLATE_READS, templates_key, lambda: attributes_read(
        context.env, frozenset({"line", "body"})))
    lines = any("line" in names for names in read.values())
    bodies = any("body" in names for name, names in read.items() if name != "article.html")
    every_page = {} if lines else {Term: frozenset({"line"})}
    return Unread(every_page, every_page if bodies else
                  {**every_page, Article: frozenset({"body"})})


def listing_fingerprints(hasher: Fingerprints, unread: Unread, remember: Remember
                         ) -> Fingerprints:
    """How listing pages are fingerprinted: by what they show (see unread_fields)."""
    if unread.listing_pages == unread.every_page:
        return hasher
    listing = Fingerprints(unread.listing_pages, remember)
    hasher.share_known(listing)
    return listing


def keys(site: Site, theme: Theme, urls: Urls, keep: bool, hasher: Fingerprints,
         mentioned: Callable[[str], frozenset[str]] | None = None) -> ArticleKeys:
    """What every article's merge and render read site-wide, hashed once per build.

    Both read the glossary's names (which text becomes a link), not its
    definitions; an article page also shows the definitions of the terms it
    links and its own story's title, which its render key adds (see
    ArticleKeys.render_of). Every page shows the site menu (the plain pages
    with ``menu:``), so the render key holds it.
    """
    config = site.config
    linking = site.glossary.linking
    merge = hasher.key(linking, config)
    render = hasher.key(config, linking, site.menu, tree_key(  # every page shows the menu

        [config.templates_dir, *theme.folders, config.static_dir]))
    return ArticleKeys(merge, render, keep, hasher, site.glossary.by_slug,
                       urls.absolute("glossary/"), site.stories,
                       mentioned=mentioned or (lambda text: frozenset()))


def build_articles(site: Site, jobs: ArticleJobs, cache: BuildCache, writer: SiteWriter,
                   site_keys: ArticleKeys, progress: Progress | None, workers: int | None,
                   settled: Settled | None = None
                   ) -> tuple[tuple[MergedPage, ...], dict[str, Rendered]]:
    """Every article merged and its files handed to the writer: kept from the last
    build where nothing they read changed, else made by ``jobs`` on every core.
    Also the HTML of the note bodies the jobs rendered, for the story pages.
    ``settled`` is given each page in turn, with its visible paragraphs when
    its job sent them (a report in a story, merged: see build/comparing.py)."""
    plans = [cache.plan(article, site.annotations.get(article.slug, ()), site_keys,
                        light=index >= FEED_LIMIT)  # the feeds read the newest
             for index, article in enumerate(site.articles)]
    todo = [plan.job for plan in plans if plan.job is not None]
    done = ordered_map(jobs, todo, workers)
    pages, notes_html = [], {}
    for count, plan in enumerate(plans, start=1):
        work = next(done) if plan.job is not None else None
        pages.append(cache.settle(plan, work, jobs.merge.diagnostics, writer.add,
                                  light=count > FEED_LIMIT))  # the feeds read the newest
        notes_html.update(work.notes_html if work is not None else ())
        if settled is not None:
            settled(pages[-1], work.paragraphs if work is not None else None)
        if progress:
            progress(count, len(plans))
    return tuple(pages), notes_html
