"""The one Markdown configuration, and the parser every stage reads Markdown with.

CommonMark plus tables, strikethrough, footnotes, front matter and heading
anchors; raw HTML is off so content can never inject markup, and the
typographer turns straight quotes and double hyphens into typographic ones.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from briefing.core.slug import slugify
from briefing.text.link_destination import use_fast_link_destinations


def heading_slug(title: str) -> str:
    return slugify(title) or "section"


@lru_cache(maxsize=None)
def markdown_parser() -> MarkdownIt:
    """The parser for reading Markdown (visible text, anchoring, linking, depth
    checks); built once per process because building is not free. The render
    stage's parser (render/markdown.py) is this one plus the features' render
    rules, which change nothing without their ``env`` keys: both give the same
    tokens for the same text."""
    return configured()


def configured() -> MarkdownIt:
    """A new parser with the site's one Markdown configuration."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(front_matter_plugin)
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_slug)
    md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    use_fast_link_destinations(md)
    return md


@lru_cache(maxsize=4096)
def _normalize_link(url: str) -> str:
    """markdown-it's own link normalisation, remembered per URL.

    A pure function of the URL, but not a cheap one (it parses and re-encodes
    the URL), and every glossary term link repeats one of a few URLs.
    """
    return normalize_url.normalizeLink(url)


@lru_cache(maxsize=None)
def _typographer() -> MarkdownIt:
    return MarkdownIt("zero", {"typographer": True}).enable(["replacements", "smartquotes"])


def smarten(text: str) -> str:
    """Plain text with typographic quotes and dashes, like the body gets.

    For titles and deks, which are plain text (not Markdown): nothing but quotes,
    apostrophes, dashes and ellipses changes.
    """
    if type(text) is str:  # Markup and other str kinds keep their type, uncached
        return _smarten_str(text)
    return _smarten(text)


@lru_cache(maxsize=8192)
def _smarten_str(text: str) -> str:
    """:func:`smarten` remembered: templates ask for the same titles many times."""
    return _smarten(text)


def _smarten(text: str) -> str:
    tokens = _typographer().parseInline(text)
    return "".join(child.content for child in tokens[0].children or ()) if tokens else text
