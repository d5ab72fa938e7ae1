"""A build of edited glossary definitions alone: what a definition edit costs.

A definition is shown in the popovers of every page that links its term, on
its term's pages and in the index of terms. When glossary.yml is the only
input that changed and only definitions changed in it (the terms' names,
pictures and links as they were, so every merge and every link as it was),
those are the only pages that change, and a page that links the term changes
only in its block of popovers. This build renders that block as the page
showed it and as it is now, for the terms the page carries (term_records.py
says which pages and which terms), and replaces the one by the other in the
page; it renders the term's pages and the index of terms again; every other
file stays. The whole pipeline took seconds at 10,000 articles: it plans,
renders and lists every page that shows the term.

That is only the page's rendering if nothing else of a page reads a
definition: the theme is checked for it (:func:`popovers_alone`), and the old
block must stand exactly once in each page. Anything else gives up before a
byte is written, and the whole pipeline runs instead, as for narrow.py.
The store is left as a build of the whole site would leave it, but for the
keys of the patched listing pages, which the next such build renders again.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import jinja2
from jinja2 import meta

from briefing.build.api import BuildOptions
from briefing.build.basis import Basis
from briefing.build.edits import edited_since, replaced_key
from briefing.build.pipeline import Done, keys, knowing, unread_fields
from briefing.build.term_records import GlossaryShown, TermRecord, glossary_warnings
from briefing.config.layout import GLOSSARY_FILE
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.hashing import Fingerprints, digest, key
from briefing.core.outputs import OutputFile
from briefing.core.remembered import (
    EDIT_BASIS,
    GLOSSARY,
    GLOSSARY_SHOWN,
    PAGE_TERMS,
    TEMPLATE_READS,
    TERM_PAGES,
)
from briefing.core.urls import Urls
from briefing.engine.entries import ArticleKeys
from briefing.engine.incremental import BuildCache
from briefing.engine.stamp import Stamp
from briefing.listings.glossary import glossary_index, term_pages
from briefing.load.edited import edited_files, edited_site, edited_story
from briefing.load.site_files import LoadOptions, RememberedFiles
from briefing.model.glossary import Glossary, Term
from briefing.model.site import Site, newest_first
from briefing.render.article import render_context, site_assets
from briefing.render.context import RenderContext
from briefing.render.pictures import without_pictures
from briefing.render.terms import Appearance, DefinitionViews, TermContext, TermView, \
    definition_html
from briefing.render.theme import find_theme, user_bytecode_cache
from briefing.search.indexer import search_indexer
from briefing.search.pagefind import BUNDLE_DIR, pagefind_executable
from briefing.write.site_writer import SiteWriter

POPOVERS = "_term_definitions.html"  # the template of a page's block of popovers
# The templates that show definitions on purpose, and are rendered again.
TERM_TEMPLATES = ("glossary.html", "term.html")
WHY = "the definition of a glossary term it shows changed"


def definitions_build(options: BuildOptions, config: SiteConfig, output_dir: Path,
                      cache: BuildCache, inputs: Stamp, stale_index: frozenset[str] | None
                      ) -> Done | None:
    """The build of the edited definitions alone, or None when the whole pipeline
    must run (nothing is written then). It asks the store for values one by one."""
    if not _only_glossary(config, cache, inputs):
        return None
    cache.few = True
    try:
        return _definitions_build(options, config, output_dir, cache, stale_index)
    finally:
        cache.few = False


def _only_glossary(config: SiteConfig, cache: BuildCache, inputs: Stamp) -> bool:
    """Whether glossary.yml is the one input changed since the last build (the
    same files there, the same settings)."""
    edited = edited_since(cache, inputs)
    glossary = os.path.join(config.root, config.content_dir, GLOSSARY_FILE)
    return edited is not None and \
        [os.path.abspath(path) for path in edited[0]] == [os.path.abspath(glossary)]


def _definitions_build(options: BuildOptions, config: SiteConfig, output_dir: Path,
                       cache: BuildCache, stale_index: frozenset[str] | None) -> Done | None:
    basis, before = cache.value(EDIT_BASIS, ""), cache.value(GLOSSARY_SHOWN, "")
    if not isinstance(basis, Basis) or not isinstance(before, GlossaryShown) \
            or (config.search and (not basis.shard_of or pagefind_executable() is None)):
        return None
    diagnostics = Diagnostics(root=config.config_path.parent)
    cache.hasher = Fingerprints()
    files = edited_files(config, diagnostics, LoadOptions(
        options.drafts, cache.remember, knowing(cache.hasher, cache.source_keys),
        cache.file_times))
    site = edited_site(config, files, [], {})
    warnings = _warnings(cache, config, diagnostics, before, site.glossary.terms)
    made_for = _context(options, site, basis, cache) if warnings is not None else None
    if made_for is None or diagnostics.errors:
        return None
    context, site_keys = made_for
    if not cache.remember(TEMPLATE_READS, key("popovers alone", basis.render),  # the
                          lambda: popovers_alone(context.env)):  # templates' bytes in it
        return None
    lines = Term not in unread_fields(context, cache.remember, basis.render).every_page
    changed = _changed_terms(before.terms, site.glossary.terms, lines)
    if changed is None:
        return None
    old = DefinitionViews(Glossary(before.terms, site.glossary.policy), context.urls)
    new = DefinitionViews(site.glossary, context.urls)
    made = _made(changed, site, context, cache, files, output_dir, (old, new))
    refiled = None if made is None else _refiled(made, cache, basis, site_keys, config, files)
    if made is None or refiled is None:
        return None
    shown = GlossaryShown(site.glossary.terms, glossary_warnings(config, diagnostics))
    done = _write(made, shown, site, output_dir, cache, basis, stale_index,
                  options.defer_search, files, warnings)
    for slug, render_key, written in refiled if done is not None else ():
        entry = cache.entries[slug]  # read by _refiled
        entry.render_key, entry.files = render_key, written
        cache.refiled(slug)
    return done


def _changed_terms(before: tuple[Term, ...], now: tuple[Term, ...], lines: bool
                   ) -> list[str] | None:
    """The slugs of the terms whose definitions changed, and those whose line in
    glossary.yml moved when a template shows it (``lines``); None when anything
    else of the glossary's terms did (a name, a picture, a link, the order)."""
    if [term.slug for term in before] != [term.slug for term in now]:
        return None
    changed = []
    for old, term in zip(before, now):
        if replace(old, definition=term.definition, line=term.line) != term:
            return None
        if old.definition != term.definition or (lines and old.line != term.line):
            changed.append(term.slug)
    return changed


def _warnings(cache: BuildCache, config: SiteConfig, diagnostics: Diagnostics,
              before: GlossaryShown, terms: tuple[Term, ...]) -> list[Diagnostic] | None:
    """The last build's warnings with what loading glossary.yml says now in place
    of what it said then, and the checks' warnings about it (at a term's line)
    moved with their terms; None when loading said anything new of another file
    (a plain page's), or a warning about glossary.yml is at no term's line."""
    last = cache.last
    assert last is not None
    glossary = diagnostics.display(config.root / config.content_dir / GLOSSARY_FILE)
    now = glossary_warnings(config, diagnostics)
    others = [item for item in diagnostics.items if item.path != glossary]
    if Counter(others) != Counter(item for item in last.warnings
                                  if item.path in {other.path for other in others}):
        return None
    checks = Counter(item for item in last.warnings if item.path == glossary)
    checks.subtract(before.said)
    lines = {old.line: term.line for old, term in zip(before.terms, terms)}
    moved = [replace(item, line=lines.get(item.line or 0)) for item in checks.elements()]
    if any(item.line is None for item in moved) or any(n < 0 for n in checks.values()):
        return None
    return [*(item for item in last.warnings if item.path != glossary), *now, *moved]


def _context(options: BuildOptions, site: Site, basis: Basis, cache: BuildCache
             ) -> tuple[RenderContext, ArticleKeys] | None:
    """The render context and the articles' keys, made as the pipeline makes
    them; None when what every page reads site-wide is not what the last build
    read."""
    theme = find_theme(site.config)
    urls = Urls(site.config.base_url)
    assets = without_pictures(site_assets(site, theme), basis.shown)
    context = render_context(site, urls, theme, assets, cache.remember,
                             user_bytecode_cache() if options.use_cache else None)
    assert cache.hasher is not None
    context = replace(context, fingerprints=cache.hasher)
    site_keys = keys(site, theme, urls, True, cache.hasher)
    if (site_keys.merge, site_keys.render) != (basis.merge, basis.render):
        return None
    for kind, fields in unread_fields(context, cache.remember, basis.render).every_page.items():
        cache.hasher.leave_out(kind, fields)  # as the pipeline, before any page's key
    return context, site_keys


Refiled = list[tuple[str, str, list[tuple[str, str]]]]  # (slug, render key, files)


def _refiled(made: list[OutputFile], cache: BuildCache, basis: Basis, site_keys: ArticleKeys,
             config: SiteConfig, files: RememberedFiles) -> Refiled | None:
    """Each patched article's render key as a build of the whole site now makes
    it, and its files' digests, for its entry (a key names what its files were
    made from: left as it was, the next such build would render the page again,
    and a build of a report in its story alone would give up); None when a
    story cannot be read."""
    story_of = {report: story for story, reports in basis.stories.items() for report in reports}
    patched = {file.path: digest(file.data) for file in made if file.path.startswith("articles/")}
    slugs = [path.split("/")[1] for path in patched]
    stories = {slug: edited_story(config, files, slug)
               for slug in {story_of[s] for s in slugs if s in story_of}}
    if not all(stories.values()):
        return None
    shards = {slug: basis.shard_of.get(f"articles/{slug}/index.html", "") for slug in slugs}
    keys_now = replace(site_keys, stories=stories, search_shards=shards)
    refiled = []
    for slug in slugs:
        entry = cache.entry(slug)
        if entry is None or entry.linked is None:  # not as a build of the whole site left it
            return None
        refiled.append((slug, keys_now.render_key(slug, story_of.get(slug), entry.linked),
                        [(path, patched.get(path, known)) for path, known in entry.files]))
    return refiled


def popovers_alone(env: jinja2.Environment) -> bool:
    """Whether the theme shows a definition only in the block of popovers and on
    the glossary's own pages: no other template names ``definitions``, and the
    block reads nothing of the page but them (so it is rendered alone here as
    it is in a page)."""
    names = set(env.globals)
    for name in env.list_templates():
        if name in TERM_TEMPLATES or not name.endswith(".html"):
            continue
        try:
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            found = meta.find_undeclared_variables(env.parse(source))
        except (jinja2.TemplateError, UnicodeDecodeError):
            return False
        if name == POPOVERS and not found <= names | {"definitions"}:
            return False
        if name != POPOVERS and "definitions" in found:
            return False
    return True


Views = tuple[DefinitionViews, DefinitionViews]  # the definitions as shown, and now


def _made(changed: list[str], site: Site, context: RenderContext, cache: BuildCache,
          files: RememberedFiles, output_dir: Path, views: Views
          ) -> list[OutputFile] | None:
    """Every page that shows a changed definition, made again: patched, or (the
    term's pages, the index of terms) rendered; None if one cannot be."""
    records = [cache.value(TERM_PAGES, slug) for slug in changed]
    if not all(isinstance(record, TermRecord) for record in records):
        return None
    carried = _carried(records, cache)
    if carried is None:
        return None
    made = _patched(carried, context, output_dir, views)
    if made is None:
        return None
    definitions = TermContext(site.glossary, context.urls, views[1])
    made.append(_rendered(glossary_index(context, definitions)))
    for slug, record in zip(changed, records):
        shown = _appearances(slug, record, cache, files, site.config)
        if shown is None:
            return None
        term = site.glossary.by_slug[slug]
        view = TermView(term, definition_html(term, context.urls), shown)
        made += map(_rendered, term_pages(context, view))
    return made


def _rendered(file: object) -> OutputFile:
    assert isinstance(file, OutputFile)  # the context keeps nothing: it renders
    return file


def _carried(records: Sequence[TermRecord], cache: BuildCache
             ) -> dict[str, tuple[str, ...]] | None:
    """Each page that carries a changed term's popover, with the terms it carries
    in order; None when one of them is not known."""
    carried: dict[str, tuple[str, ...]] = {}
    for record in records:
        for slug in record.linkers:
            entry = cache.entry(slug)
            if entry is None or entry.shown is None:
                return None
            carried[f"articles/{slug}/index.html"] = entry.shown
        for path in record.listed_on:
            terms = cache.value(PAGE_TERMS, path)
            if not isinstance(terms, tuple):
                return None
            carried[path] = terms
    return carried


def _patched(carried: dict[str, tuple[str, ...]], context: RenderContext, output_dir: Path,
             views: Views) -> list[OutputFile] | None:
    """Each page with its block of popovers as it is now in place of the one it
    shows; None when a page does not hold that block exactly once."""
    blocks: dict[tuple[str, ...], tuple[str, str]] = {}
    made = []
    for path, terms in sorted(carried.items()):
        if terms not in blocks:
            blocks[terms] = tuple(  # type: ignore[assignment]
                context.render(POPOVERS, definitions=[shown[slug] for slug in terms])
                for shown in views)
        old, new = blocks[terms]
        try:
            text = (output_dir / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if text.count(old) != 1:
            return None
        made.append(OutputFile(path, text.replace(old, new).encode("utf-8")))
    return made


def _appearances(slug: str, record: TermRecord, cache: BuildCache, files: RememberedFiles,
                 config: SiteConfig) -> tuple[Appearance, ...] | None:
    """What the term's page lists, as the last build of the whole site found it:
    the articles that mention it, newest first (each read through its entry's
    file, the sentence from its entry), then the stories; None when one cannot
    be read."""
    from briefing.build.edits import article_of_entry

    said: dict[str, str] = {}
    for candidate in (*record.linkers, *record.mentioned):
        entry = cache.entry(candidate)
        if entry is None:
            return None
        said.update((candidate, m.sentence) for m in entry.page.mentions if m.slug == slug)
    articles = [article_of_entry(found, config, cache, files) for found in said]
    if not all(articles):
        return None
    stories = [(edited_story(config, files, story), sentence)
               for story, sentence in record.stories]
    if not all(story for story, _ in stories):
        return None
    return (*((article, said[article.slug]) for article in newest_first(articles)),
            *stories)  # type: ignore[misc]


def _write(made: list[OutputFile], shown: GlossaryShown, site: Site, output_dir: Path,
           cache: BuildCache, basis: Basis, stale_index: frozenset[str] | None,
           defer_index: bool, files: RememberedFiles, warnings: list[Diagnostic]
           ) -> Done | None:
    """The pages in place, with the search index of those that changed; the store
    told the terms as shown now."""
    last = cache.last
    assert last is not None and last.written is not None
    cache.keep = True
    with SiteWriter(output_dir, last.written) as writer:
        writer.add_all(made)
        if not cache.output_intact(output_dir):  # asked last: the check runs beside
            writer.discard()
            return None
        writer.keep_the_rest(BUNDLE_DIR if site.config.search else "")
        written = writer.finish(search_indexer(site.config, basis.shard_of), BUNDLE_DIR,
                                stale_index, defer_index)
    _told(made, shown, site, cache, files)
    return Done(last.pages, written, warnings, False, narrow=True)


def _told(made: list[OutputFile], shown: GlossaryShown, site: Site, cache: BuildCache,
          files: RememberedFiles) -> None:
    """The store as a build of the whole site would leave it: the glossary as
    shown, the glossary file's old rows forgotten, each file's reason for
    --explain."""
    cache.put(GLOSSARY_SHOWN, "", shown)
    glossary = site.config.root / site.config.content_dir / GLOSSARY_FILE
    found = cache.changed_inputs
    old = found.before.get(str(glossary)) if found is not None and found.before else None
    replaced = replaced_key(cache, files, glossary, old)
    if replaced is not None:
        cache.forget(GLOSSARY, replaced)
    if cache.reasons is not None:
        for file in made:
            cache.reasons[file.path] = WHY
    cache.rendered = sum(file.path.startswith("articles/") for file in made)  # patched

