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
from briefing.load import LoadOptions, load_site
from briefing.merge import MergeContext, merge_site
from briefing.render import Progress, render_site
from briefing.theme import find_theme
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


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    diagnostics = Diagnostics()
    config = read_config(options, diagnostics)
    output_dir = options.output_dir or (config.root / config.output_dir)
    theme = find_theme(config)
    site = load_site(config, diagnostics, LoadOptions(drafts=options.drafts))
    urls = Urls(config.base_url)
    pages = merge_site(site, MergeContext(site, urls, diagnostics))
    diagnostics.raise_if_errors()
    files = render_site(site, pages, theme, urls, progress)
    count = write_site(files, output_dir)
    html_pages = sum(1 for f in files if f.path.endswith(".html"))
    return BuildResult(output_dir, html_pages, count, diagnostics.warnings)
