"""A build of edited articles alone: what an edit of an article's text costs.

The whole pipeline loads every article (from the store) and plans, lists and
checks them all, seconds at ten thousand articles, though most edits change
one article's text, or a note, and nothing any other page shows. When the only
inputs changed since the last build are a few article and annotation files
(edits.py), this build loads just their articles (load/edited.py), merges and
renders them as the pipeline's article jobs do, and compares each one's *face*
(engine/faces.py: everything of it another page reads) with the one the last
build recorded. Equal faces mean no listing page, term page, sitemap entry,
card or check can change: the article's own files are updated in place, with
the feeds when it is among their newest entries (their entries are kept in
the store's Basis), and every other file of the output stays. Anything else
gives up before a byte is written, and the whole pipeline runs instead: an
edit of any other file, too many files, a changed face, an error, or warnings
not the article's own. The whole pipeline computes the face with every merge,
so the two can only ever agree (tests/test_narrow.py checks each build against
a clean one, byte for byte).

An article in a story is one more page's: the story page compares its
reports' texts. Its story and other reports are loaded too (their merged
pages from their entries, which must be current), and the story page is made
again, as the pipeline makes it (listings/pages.story_pages). No other page
shows a story's comparison: the front page and the stories index show its
summary, key points and reports, which an article's face covers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from briefing.build.api import BuildOptions
from briefing.build.basis import Basis
from briefing.build.edits import (
    Changed,
    Edit,
    article_of_entry,
    changed_files,
    gather,
    replaced_key,
)
from briefing.build.pipeline import (
    Done,
    Loaded,
    keys,
    knowing,
    listing_fingerprints,
    mentions,
    near_misses,
    unread_fields,
)
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.hashing import Fingerprints
from briefing.core.remembered import (
    ANNOTATIONS,
    ARTICLE,
    COMPARISON,
    EDIT_BASIS,
    FEED_ENTRY,
    STORY,
    STORY_TERMS,
)
from briefing.core.urls import Urls
from briefing.engine.entries import ArticleKeys
from briefing.engine.incremental import BuildCache
from briefing.engine.jobs import ArticleJobs
from briefing.engine.last_build import LastBuild
from briefing.engine.stamp import Stamp
from briefing.glossary.matcher import compiled
from briefing.load.edited import (
    NotRemembered,
    edited_files,
    edited_site,
    edited_story,
    notes_in,
)
from briefing.load.site_files import LoadOptions, RememberedFiles
from briefing.merge.chain import MergeContext
from briefing.model.annotation import Annotation
from briefing.model.page import MergedPage
from briefing.model.site import Article, Site
from briefing.model.story import Story
from briefing.publish.feeds import Entry, entries, feed_key
from briefing.publish.files import feed_files
from briefing.render.article import render_context, site_assets
from briefing.render.context import RenderContext
from briefing.render.pictures import without_pictures
from briefing.render.terms import term_context
from briefing.render.theme import find_theme, user_bytecode_cache
from briefing.search.indexer import search_indexer
from briefing.search.pagefind import BUNDLE_DIR, pagefind_executable
from briefing.write.site_writer import SiteWriter


def narrow_build(options: BuildOptions, config: SiteConfig, output_dir: Path,
                 cache: BuildCache, inputs: Stamp, stale_index: frozenset[str] | None
                 ) -> Done | None:
    """The build of the edited articles alone, or None when the whole pipeline
    must run (nothing is written then, and ``cache`` holds what it held);
    ``stale_index`` as for the pipeline (build/pipeline.run_build). It asks the
    store for values one by one (``BuildCache.few``)."""
    cache.few = True
    try:
        return _narrow_build(options, config, output_dir, cache, inputs, stale_index)
    finally:
        cache.few = False


def _narrow_build(options: BuildOptions, config: SiteConfig, output_dir: Path,
                  cache: BuildCache, inputs: Stamp, stale_index: frozenset[str] | None
                  ) -> Done | None:
    changed = changed_files(config, cache, inputs)
    basis = cache.value(EDIT_BASIS, "") if changed else None
    if changed is None or not isinstance(basis, Basis) or basis.bodies_listed \
            or (config.search and (not basis.shard_of or pagefind_executable() is None)):
        return None
    diagnostics = Diagnostics(root=config.config_path.parent)
    cache.hasher = hasher = Fingerprints()
    files = edited_files(config, diagnostics, LoadOptions(
        options.drafts, cache.remember, knowing(hasher, cache.source_keys), cache.file_times))
    edits = gather(changed, config, cache, basis, files, options.drafts)
    if edits is None or diagnostics.errors:
        return None
    told = _stories(config, files, cache, basis, edits)
    if told is None:
        return None
    stories, others = told
    site = edited_site(config, files, [*(edit.article for edit in edits),
                                       *(article for article, _ in others.values())],
                       {**{slug: notes for slug, (_, notes) in others.items()},
                        **{edit.article.slug: edit.notes for edit in edits}}, stories)
    if diagnostics.errors:
        return None
    loaded = Loaded(config, site, Urls(config.base_url), compiled(site.glossary), diagnostics)
    done = _write(options, loaded, output_dir, cache, basis, edits,
                  [*changed.articles, *changed.note_files], stale_index)
    if done is None:
        for edit in edits:  # the entries as they were: the pipeline plans from them
            cache.entries[edit.article.slug] = edit.before
        cache.rendered = 0
    else:
        _forget_replaced(edits, cache, files, changed)
        _forget_feed_entries(edits, basis, cache)
    return done


Reports = dict[str, tuple[Article, tuple[Annotation, ...]]]  # slug → article, its notes


def _stories(config: SiteConfig, files: RememberedFiles, cache: BuildCache, basis: Basis,
             edits: list[Edit]) -> tuple[dict[str, Story], Reports] | None:
    """The stories of the edited articles, and their other reports with their
    notes, loaded as the whole pipeline loads them; None when one cannot be
    (a story the last build did not know, a report without its entry)."""
    stories: dict[str, Story] = {}
    others: Reports = {}
    edited = {edit.article.slug for edit in edits}
    for slug in sorted({edit.article.story for edit in edits if edit.article.story}):
        story = edited_story(config, files, slug)
        if story is None or slug not in basis.stories:
            return None
        stories[slug] = story
        for report in basis.stories[slug]:
            if report in edited or report in others:
                continue
            found, entry = article_of_entry(report, config, cache, files), cache.entry(report)
            if found is None or entry is None:
                return None
            try:
                others[report] = (found, notes_in(list(entry.note_files), report, files))
            except NotRemembered:
                return None
    return stories, others


def _forget_replaced(edits: list[Edit], cache: BuildCache, files: RememberedFiles,
                     changed: Changed) -> None:
    """Remove the rows of what the edited files held before (the article or the
    notes as read, the key of the file's bytes), so the store keeps only what
    the next build can ask for, as a build of the whole site leaves it. (The
    terms an old note's text mentioned stay until the next whole build: a text
    may be another note's too.)"""
    for edit in edits:
        entry = cache.entries[edit.article.slug]
        if edit.before.source_key and edit.before.source_key != entry.source_key:
            cache.forget(ARTICLE, edit.before.source_key)
    for path, old in changed.note_files.items():
        replaced = replaced_key(cache, files, path, old)
        if replaced is not None:
            cache.forget(ANNOTATIONS, replaced)
    for path, old in changed.articles.items():
        replaced_key(cache, files, path, old)


def _write(options: BuildOptions, loaded: Loaded, output_dir: Path, cache: BuildCache,
           basis: Basis, edits: list[Edit], changed: list[Path],
           stale_index: frozenset[str] | None) -> Done | None:
    """Merge and render the edited articles and put their files (and the feeds,
    if they show one, and their part of the search index) in place; None, with
    nothing written, if any face changed."""
    jobs, site_keys = _jobs(options, loaded, cache, basis, list(loaded.site.articles))
    if jobs is None or site_keys is None:
        return None
    loading = list(loaded.diagnostics.items)  # what loading said, before the jobs add theirs
    last = cache.last
    assert last is not None and last.written is not None
    cache.keep = True
    with SiteWriter(output_dir, last.written) as writer:
        pages = _made(edits, jobs, cache, site_keys, writer)
        if pages and loaded.site.stories:
            pages = _with_stories(pages, edits, jobs, loaded, cache, site_keys, writer)
        warnings = _warnings(last.warnings, edits, cache, loading, loaded.diagnostics,
                             changed)
        feed = _feed(basis, edits, loaded, cache) if pages and warnings is not None else None
        # Asked last: the check of the output runs beside this build (engine/stamp.py).
        if feed is None or warnings is None or not cache.output_intact(output_dir):
            writer.discard()
            return None
        if feed != basis.feed:
            writer.add_all(feed_files(feed, loaded.config, loaded.urls))
            cache.put(EDIT_BASIS, "", replace(basis, feed=feed))
        writer.keep_the_rest(BUNDLE_DIR if loaded.config.search else "")
        return _finish(writer, loaded.config, basis, warnings, stale_index,
                       options.defer_search, last)


def _finish(writer: SiteWriter, config: SiteConfig, basis: Basis, warnings: list[Diagnostic],
            stale_index: frozenset[str] | None, defer_index: bool, last: LastBuild) -> Done:
    """The files in place, with the search index of the pages that changed (search
    on)."""
    written = writer.finish(search_indexer(config, basis.shard_of), BUNDLE_DIR, stale_index,
                            defer_index)
    return Done(last.pages, written, warnings, False, narrow=True)


def _jobs(options: BuildOptions, loaded: Loaded, cache: BuildCache, basis: Basis,
          articles: list[Article]) -> tuple[ArticleJobs, ArticleKeys] | tuple[None, None]:
    """The article jobs and keys, made as the pipeline makes them; (None, None)
    when what every article reads site-wide is not what the last build read."""
    site, hasher = loaded.site, cache.hasher
    assert hasher is not None
    theme = find_theme(loaded.config)
    assets = without_pictures(site_assets(site, theme), basis.shown)
    context = render_context(site, loaded.urls, theme, assets, cache.remember,
                             user_bytecode_cache() if options.use_cache else None)
    shards = {article.slug: basis.shard_of[f"{article.url_path}index.html"]
              for article in articles if f"{article.url_path}index.html" in basis.shard_of}
    context = replace(context, fingerprints=hasher, search_shards=shards)
    site_keys = replace(keys(site, theme, loaded.urls, True, hasher,
                             mentions(loaded, cache.remember)), search_shards=shards)
    if (site_keys.merge, site_keys.render) != (basis.merge, basis.render):
        return None, None
    for kind, fields in unread_fields(context, cache.remember, site_keys.render
                                      ).every_page.items():
        hasher.leave_out(kind, fields)
    return ArticleJobs(MergeContext(site, loaded.urls, loaded.diagnostics, loaded.matcher),
                       context, term_context(site.glossary, loaded.urls),
                       near_misses(loaded)), site_keys


def _made(edits: list[Edit], jobs: ArticleJobs, cache: BuildCache, site_keys: ArticleKeys,
          writer: SiteWriter) -> list[MergedPage] | None:
    """Each edited article merged and rendered, its files given to ``writer``;
    None when one has errors or a new face, or its files are not the ones it had."""
    pages = []
    for edit in edits:
        plan = cache.plan(edit.article, edit.notes, site_keys)
        work = jobs(plan.job) if plan.job is not None else None
        if work is not None and not work.files:  # errors: the pipeline reports them
            return None
        pages.append(cache.settle(plan, work, jobs.merge.diagnostics, writer.add))
        entry = cache.entries[edit.article.slug]
        if entry.face != edit.before.face or \
                {path for path, _ in entry.files} != {path for path, _ in edit.before.files}:
            return None
    return pages


def _with_stories(pages: list[MergedPage], edits: list[Edit], jobs: ArticleJobs,
                  loaded: Loaded, cache: BuildCache, site_keys: ArticleKeys,
                  writer: SiteWriter) -> list[MergedPage] | None:
    """The edited articles' stories' pages made again and given to ``writer``,
    from their reports' merged pages: the edited ones', and the others' kept
    from the last build (None if one is not current, which the pipeline mends).
    The story pages' modules are imported here: most edited articles are in no
    story, and an edit need not load them."""
    from briefing.listings.pages import story_pages
    from briefing.listings.stories import story_entries, story_renderers

    site, edited = loaded.site, {edit.article.slug for edit in edits}
    reports = list(pages)
    for article in site.articles:
        if article.slug in edited:
            continue
        plan = cache.plan(article, site.annotations.get(article.slug, ()), site_keys)
        if plan.job is not None:
            return None
        reports.append(cache.entries[article.slug].page)
        site_keys.hasher.known(reports[-1], plan.merge_key)  # as settle() has it known
    context, hasher = jobs.render, cache.hasher
    assert hasher is not None
    for edit in edits:  # the pages before, as the last build knew them: see _forget_views
        hasher.known(edit.before.page, edit.before.merge_key)
    unread = unread_fields(context, cache.remember, site_keys.render)
    listing = replace(context, reuse=cache.page, later=cache.later,
                      site_key=hasher.key(site_keys.render, site.stories),
                      fingerprints=listing_fingerprints(hasher, unread, cache.remember))
    terms = term_context(site.glossary, loaded.urls)  # definitions: story.html shows no more
    writer.add_all(story_pages(listing, terms, story_entries(
        site, reports, loaded.urls, lambda: story_renderers(listing, terms), listing.later,
        listing.remember, listing.key)))
    _forget_views(site, reports, {edit.article.slug: edit.before.page for edit in edits},
                  listing, cache)
    return pages


def _forget_views(site: Site, reports: list[MergedPage], before: dict[str, MergedPage],
                  listing: RenderContext, cache: BuildCache) -> None:
    """Remove the rows of the stories' views and comparisons as they were before
    the edit (their keys made from the reports' pages then, ``before`` by slug),
    so the store keeps what a build of the whole site would leave."""
    from briefing.listings.stories import story_inputs

    now = {page.article.slug: page for page in reports}
    then = {**now, **before}
    for story in site.stories.values():
        old, new = story_inputs(site, story, then), story_inputs(site, story, now)
        view = old.view_key(story, site, listing.urls, listing.key)
        comparison = old.comparison_key(listing.key)
        if view != new.view_key(story, site, listing.urls, listing.key):
            cache.forget(STORY, view)
            cache.forget(STORY_TERMS, view)
        if comparison != new.comparison_key(listing.key):
            cache.forget(COMPARISON, comparison)


def _warnings(last: list[Diagnostic], edits: list[Edit], cache: BuildCache,
              loading: list[Diagnostic], diagnostics: Diagnostics, changed: list[Path]
              ) -> list[Diagnostic] | None:
    """The last build's warnings with each edited article's own (those of merging
    and checking it) replaced; None when its file's other warnings changed
    (loading it) or another stage warned about it, which only the pipeline redoes."""
    old = Counter(item for edit in edits for item in edit.before.diagnostics)
    new = [item for edit in edits for item in cache.entries[edit.article.slug].diagnostics]
    paths = {diagnostics.display(path)
             for path in [*changed, *(edit.article.path for edit in edits)]}
    rest = Counter(last) - old
    theirs = Counter(item for item in rest.elements() if item.path in paths)
    loaded = Counter(item for item in loading if item.path in paths)
    if theirs != loaded or diagnostics.errors:
        return None
    return [*_without(last, old), *new]


def _without(items: list[Diagnostic], gone: Counter[Diagnostic]) -> list[Diagnostic]:
    """``items`` in their order, less one occurrence of each of ``gone``."""
    left, kept = Counter(gone), []
    for item in items:
        if left[item] > 0:
            left[item] -= 1
        else:
            kept.append(item)
    return kept


def _feed(basis: Basis, edits: list[Edit], loaded: Loaded, cache: BuildCache
          ) -> tuple[Entry, ...]:
    """The feeds' entries with those of the edited articles made again."""
    ours = {edit.article.slug for edit in edits}
    return tuple(entries([cache.entries[item.article.slug].page], loaded.config, loaded.urls,
                         cache.remember)[0] if item.article.slug in ours else item
                 for item in basis.feed)


def _forget_feed_entries(edits: list[Edit], basis: Basis, cache: BuildCache) -> None:
    """The HTML of the feeds' entries the edited articles' new ones replaced."""
    urls = {item.article.slug: item.url for item in basis.feed}
    for edit in edits:
        url = urls.get(edit.article.slug)
        page = cache.entries[edit.article.slug].page
        old = feed_key(edit.before.page.document, url or "", page.article.pictures)
        if url is not None and old != feed_key(page.document, url, page.article.pictures):
            cache.forget(FEED_ENTRY, old)
