"""One whole build: load → merge → render → write.

This is the API the CLI (and later the preview server) calls; it knows nothing
about either. Problems in the content raise :class:`ContentErrors` listing all
of them; warnings come back in the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.config import SiteConfig, load_config
from briefing.errors import Diagnostic, Diagnostics
from briefing.glossary.checks import check_glossary, texts_beyond_articles
from briefing.glossary.matcher import compiled
from briefing.incremental import BuildCache, fingerprint, tree_fingerprint
from briefing.load import LoadOptions, load_site
from briefing.merge import MergeContext, MergedPage, merge_site
from briefing.publish import publication_files
from briefing.render import ArticleFiles, Progress, render_site
from briefing.search import check_search, search_indexer
from briefing.structure.model import Site
from briefing.theme import Theme, find_theme
from briefing.urls import Urls
from briefing.write import write_site


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path | None = None
    output_dir: Path | None = None  # overrides site.yml's output_dir
    drafts: bool = False
    base_url: str | None = None  # overrides site.yml's base_url


@dataclass(frozen=True)
class BuildResult:
    output_dir: Path
    pages: int
    files: int
    warnings: list[Diagnostic] = field(default_factory=list)


def read_config(options: BuildOptions, diagnostics: Diagnostics) -> SiteConfig:
    config = load_config(options.config_path, diagnostics, base_url=options.base_url)
    diagnostics.raise_if_errors()
    assert config is not None
    return config


@dataclass(frozen=True)
class Checked:
    """A site loaded, merged and checked: everything a build needs before rendering."""

    config: SiteConfig
    site: Site
    pages: tuple[MergedPage, ...]
    urls: Urls
    diagnostics: Diagnostics


def load_and_check(options: BuildOptions, cache: BuildCache | None = None) -> Checked:
    """Load and merge the site and run the editorial checks; raises on errors."""
    diagnostics = Diagnostics()
    config = read_config(options, diagnostics)
    site = load_site(config, diagnostics, LoadOptions(drafts=options.drafts))
    urls = Urls(config.base_url)
    matcher = compiled(site.glossary)
    reuse = (lambda article, fresh: cache.merge(site, article, diagnostics, fresh)) \
        if cache is not None else None
    pages = merge_site(site, MergeContext(site, urls, diagnostics, matcher), reuse)
    diagnostics.raise_if_errors()
    if matcher is not None:
        check_glossary(site.glossary, pages, matcher, diagnostics, texts_beyond_articles(site))
    return Checked(config, site, pages, urls, diagnostics)


def build(options: BuildOptions, progress: Progress | None = None,
          cache: BuildCache | None = None) -> BuildResult:
    """Build the site. With a ``cache`` (kept by a long-running caller such as the
    preview server) unchanged articles are neither merged nor rendered again."""
    if cache is not None:
        cache.rendered = 0
    checked = load_and_check(options, cache)
    config, site, pages, urls = checked.config, checked.site, checked.pages, checked.urls
    diagnostics = checked.diagnostics
    output_dir = options.output_dir or (config.root / config.output_dir)
    theme = find_theme(config)
    site = check_search(site, diagnostics)  # no Pagefind: no search, and a warning
    files = render_site(site, pages, theme, urls, progress, _article_files(site, theme, cache))
    files += publication_files(site, pages, urls, files)  # feeds, sitemap, robots.txt, CNAME
    count = write_site(files, output_dir, post_write=search_indexer(site.config))
    html_pages = sum(1 for f in files if f.path.endswith(".html"))
    if cache is not None:
        cache.forget_missing(site)
    return BuildResult(output_dir, html_pages, count, diagnostics.warnings)


def _article_files(site: Site, theme: Theme, cache: BuildCache | None) -> ArticleFiles | None:
    """Cached article rendering, keyed by everything an article page reads site-wide."""
    if cache is None:
        return None
    config = site.config
    site_key = fingerprint(config, site.stories, site.glossary, tree_fingerprint(
        [config.templates_dir, theme.path, config.static_dir]))
    return lambda page, render: cache.files(page, site_key, render)
