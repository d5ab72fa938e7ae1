"""Markdown to HTML for pages: the site's parser plus the features' render rules
(term links, annotation marks and asides), and a memo of rendered texts.

A story page shows again the notes its articles show, and glossary definitions
are rendered twice, so a text rendered with no ``env`` but its term links is
remembered; :func:`peek_render` hands a worker's renders to the parent, and
:func:`remembered_renderer` keeps renders from one build to the next for a page
that shows the same texts on every build (the corrections log).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from briefing.annotations.render_rule import annotations_plugin
from briefing.core.hashing import key as hashing_key
from briefing.core.memos import forget_in_workers
from briefing.core.remembered import Remember, Remembered
from briefing.glossary.render_rule import ENV_KEY as GLOSSARY_KEY
from briefing.glossary.render_rule import TermLinks, terms_plugin
from briefing.pictures.render_rule import pictures_plugin
from briefing.text.markdown import configured
from briefing.text.plain_links import use_plain_links
from briefing.text.splice import OneParse, spliced


@lru_cache(maxsize=None)
def render_parser() -> MarkdownIt:
    """The text parser's configuration with the term, picture and annotation rules, run
    last (after the footnote list is built), and the fast path for the links merging
    writes (text/plain_links.py: the same tokens); built once per process."""
    return render_parser_configured()


def render_parser_configured() -> MarkdownIt:
    """A new render parser (see :func:`render_parser`)."""
    md = configured()
    use_plain_links(md)  # the linked texts pages show; reading unlinked text gains nothing
    md.use(terms_plugin)
    md.use(pictures_plugin)  # before the notes, which place asides after whole blocks
    md.use(annotations_plugin)
    return md


def render_tokens(tokens: list[Token], env: dict) -> str:
    """HTML of a token stream as :func:`render_markdown` would make it of the text
    those tokens were parsed from: the features' render rules run over it
    (they change it in place), then the renderer.

    For a merged article, whose tokens come from the one parse merging read
    (text/splice.py) rather than from parsing the merged text again.
    """
    md = _feature_parser()
    state = StateCore("", md, env)
    state.tokens = tokens
    md.core.process(state)
    return md.renderer.render(state.tokens, md.options, env)


@lru_cache(maxsize=None)
def _feature_parser() -> MarkdownIt:
    """The render parser's configuration with only the features' core rules on:
    those it has that the text parser has not (the term, picture and
    annotation rules, whatever their names)."""
    md = render_parser_configured()
    base = set(configured().core.ruler.get_all_rules())
    md.core.ruler.enableOnly([name for name in md.core.ruler.get_all_rules()
                              if name not in base])
    return md


Rendered = tuple[str, tuple[str, ...]]  # HTML, and the glossary terms it links

RENDER_CAPACITY = 1024  # rendered texts remembered

_rendered: OrderedDict[tuple, Rendered] = OrderedDict()

_render_lock = threading.Lock()


def _forget() -> None:
    with _render_lock:
        _rendered.clear()


forget_in_workers(_forget)  # read after a job only by the job itself (core/memos.py)


def render_markdown(text: str, env: dict | None = None, parse: OneParse | None = None) -> str:
    """HTML of a Markdown document; ``env`` carries annotations to place;
    ``parse``: the text's tokens as merging parsed them (text/splice.py), made
    HTML instead of parsing the text again (used up).

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
            return replay_render(_known_render(text, links, key, parse), links)
    return _rendered_now(text, env if env is not None else {}, parse)


def _rendered_now(text: str, env: dict, parse: OneParse | None) -> str:
    """HTML of ``text``: from ``parse`` if given, else parsed."""
    if parse is not None:
        return render_tokens(spliced(parse), env)
    return render_parser().render(text, env)


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


def _known_render(text: str, links: TermLinks | None, key: tuple,
                  parse: OneParse | None = None) -> Rendered:
    """The HTML of ``text`` and the terms it links, from the memo or rendered now
    (from ``parse`` when given)."""
    with _render_lock:
        known = _rendered.get(key)
        if known is not None:
            _rendered.move_to_end(key)
    if known is None:
        probe = None if links is None else replace(links, used=[])
        html = _rendered_now(text, {} if probe is None else {GLOSSARY_KEY: probe}, parse)
        known = (html, () if probe is None else tuple(probe.used))
        with _render_lock:
            _rendered[key] = known
            while len(_rendered) > RENDER_CAPACITY:
                _rendered.popitem(last=False)
    return known


def remembered_renderer(remember: Remember, kind: Remembered, links: TermLinks | None,
                        prerendered: Mapping[str, Rendered]) -> Callable[[str], str]:
    """``text`` to HTML as :func:`render_markdown` gives it with no env but ``links``
    (or none), each text's render remembered across builds as ``kind``, keyed by
    the text and every setting of ``links`` but its record of used terms (all
    that rendering reads besides briefing's code); the terms a text links are
    recorded in ``links`` as rendering would. For a page that shows the same
    texts on every build though they seldom change (the corrections log, every
    correction of the archive); ``prerendered``: renders of this build (the
    article jobs'), which need not be made again."""
    settings = _render_key("", links)
    if settings is None:  # a setting that cannot be a key: nothing is remembered
        return lambda text: render_markdown(text, {} if links is None else {GLOSSARY_KEY: links})
    base = hashing_key(settings[1:])

    def render(text: str) -> str:
        known = remember(kind, hashing_key(base, text), lambda: prerendered.get(text) or
                         _known_render(text, links, (text, *settings[1:])))
        return replay_render(known, links)
    return render


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


def render_or_replay(text: str, env: dict, known: Rendered | None,
                     parse: OneParse | None = None) -> str:
    """HTML of ``text``: replayed from ``known`` (rendered earlier, in a worker
    say) when ``env`` holds nothing but term links, else rendered (from
    ``parse``, when given: see :func:`render_markdown`)."""
    if known is not None and set(env) <= {GLOSSARY_KEY}:
        return replay_render(known, env.get(GLOSSARY_KEY))
    return render_markdown(text, env, parse)
