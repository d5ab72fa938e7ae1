"""The one Markdown configuration used for articles (and, later, notes).

CommonMark plus tables, strikethrough, footnotes, front matter and heading
anchors; raw HTML is off so content can never inject markup, and the
typographer turns straight quotes and double hyphens into typographic ones.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import fields, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from briefing.annotations.render_rule import annotations_plugin
from briefing.glossary.render_rule import ENV_KEY as GLOSSARY_KEY
from briefing.glossary.render_rule import TermLinks, terms_plugin
from briefing.text.link_destination import use_fast_link_destinations
from briefing.core.slug import slugify


def heading_slug(title: str) -> str:
    return slugify(title) or "section"


@lru_cache(maxsize=None)
def markdown_parser() -> MarkdownIt:
    """A configured parser; built once per process because building is not free."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(front_matter_plugin)
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_slug)
    md.use(terms_plugin)
    md.use(annotations_plugin)
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


def render_markdown(text: str, env: dict | None = None) -> str:
    """HTML of a Markdown document; ``env`` carries annotations to place.

    Without an ``env``, or with one holding nothing but the page's
    :class:`TermLinks`, the HTML depends on the text and the term-link prefixes
    alone, so it is remembered (a story page shows again the notes its articles
    show; the glossary definitions are rendered twice): the terms the text
    links are then added to ``links.used`` as rendering would have added them.
    """
    links = env.get(GLOSSARY_KEY) if env is not None and len(env) == 1 else None
    if env is None or type(links) is TermLinks:
        key = _render_key(text, links)
        if key is not None:
            return _remembered_render(text, links, key)
    return markdown_parser().render(text, env if env is not None else {})


Rendered = tuple[str, tuple[str, ...]]  # HTML, and the glossary terms it links
RENDER_CAPACITY = 1024  # rendered texts remembered
_rendered: OrderedDict[tuple, Rendered] = OrderedDict()
_render_lock = threading.Lock()


def _render_key(text: str, links: TermLinks | None) -> tuple | None:
    """The text and every setting of ``links`` but the record of used terms;
    None if some setting cannot be a key."""
    settings = () if links is None else \
        tuple(getattr(links, f.name) for f in fields(links) if f.name != "used")
    key = (text, links is not None, settings)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _remembered_render(text: str, links: TermLinks | None, key: tuple) -> str:
    with _render_lock:
        known = _rendered.get(key)
        if known is not None:
            _rendered.move_to_end(key)
    if known is None:
        probe = None if links is None else replace(links, used=[])
        html = markdown_parser().render(text, {} if probe is None else {GLOSSARY_KEY: probe})
        known = (html, () if probe is None else tuple(probe.used))
        with _render_lock:
            _rendered[key] = known
            while len(_rendered) > RENDER_CAPACITY:
                _rendered.popitem(last=False)
    return replay_render(known, links)


def peek_render(text: str, links: TermLinks | None) -> Rendered | None:
    """What :func:`render_markdown` remembers of ``text`` (with no env but ``links``),
    if it still does: a worker hands these to the parent, which would otherwise
    render the same notes again for the story pages."""
    key = _render_key(text, links)
    with _render_lock:
        return _rendered.get(key) if key is not None else None


def replay_render(known: Rendered, links: TermLinks | None) -> str:
    """The HTML of a remembered render, recording its term links in ``links``
    as rendering would have (in order, each once)."""
    html, used = known
    for slug in used if links is not None else ():
        if slug not in links.used:  # as the term rule does, link by link
            links.used.append(slug)
    return html


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
