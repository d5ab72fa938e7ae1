"""The merged page as it is published (``index.md``): its images name the
published pictures.

The merged body names each image as the editor wrote it, relative to the
article's file (``maps/route.svg``): the render stage reads it so and finds
the picture. Published at ``/articles/<slug>/index.md``, that name would point
at a file that is not there, so the published copy names each picture by the
absolute URL of the file a reader gets (the SVG, or a photo's largest
variant), as the glossary links in it are absolute too.

Only image destinations change, and only where the result provably parses as
the body did: the new body is parsed again and must give the same tokens, the
images' sources aside. A destination that also stands in a code span or as a
plain link, say, leaves the body as it was; its images keep their relative
names, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from dataclasses import replace
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.model.page import MergedPage
from briefing.text.body_offsets import body_offset
from briefing.text.guard import literal_chars
from briefing.text.images import source_of
from briefing.text.markdown import markdown_parser
from briefing.text.source_runs import escaped
from briefing.text.sourcemap import map_inline

Address = Callable[[str], "str | None"]  # an image's src as written → its published URL
_COMPARED = ("type", "tag", "nesting", "map", "level", "markup", "info", "block", "hidden")


def published_document(page: MergedPage, address: Address) -> str:
    """The text of ``page``'s index.md: its document, with its images' names made
    the published pictures' URLs (``address``) and raw HTML made text
    (:func:`inert_html`), where that changes nothing else."""
    body = inert_html(published_body(page.body, address))
    return page.document if body is page.body else replace(page, body=body).document


# Where another renderer could see what briefing's shows as text: raw HTML
# (with raw HTML on), or a link or link definition briefing refused
# (``[x](javascript:...)``, ``[x]: javascript:...``: markdown-it validates
# link URLs, not every renderer does).
_UNSAFE = re.compile(r"<(?=[A-Za-z/!?])|(?<=\])[(:]")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*|[^<>@\s]+@[^<>@\s]+)>")


def inert_html(body: str) -> str:
    """``body`` with each ``<`` of its text that could start raw HTML
    (``<script>``, ``</em>``, ``<!--``) written ``&lt;``, and a backslash
    before the ``(`` or ``:`` after a ``]`` of its text, which could make a
    link of a URL briefing refused (``javascript:``): briefing's parser has
    raw HTML off and shows it as text, but index.md is read by other
    renderers, some with raw HTML on, where it would be HTML (a script run, a
    tag the page shows as text). ``&lt;`` is text to every Markdown renderer
    (a backslash before ``<`` only to CommonMark ones: see _made_text). Only
    the text's ``<`` (not a code span's, an autolink's or a destination's).

    It fails closed: the escaped text is published even in a case where its
    parse would differ from the body's (none is known: the tests look for one
    with hypothesis), since a stray backslash shown is a blemish and a script
    passed on to a reader's renderer is not."""
    if not maybe_unsafe(body):
        return body
    env: dict[str, Any] = {}
    before = markdown_parser().parse(body, env)
    offsets = sorted({*(at for token in before if token.type == "inline" and token.children
                        for at in _unsafe_starts(body, token)),
                      *_unshown_unsafe(body, before, env),
                      *_definitions_as_links(body, before)}, reverse=True)
    text = body
    for at in offsets:
        text = _made_text(text, at)
    return text


def _made_text(text: str, at: int) -> str:
    """``text`` with the character at ``at`` made text to every renderer: a ``<``
    written ``&lt;`` (a backslash before it, the author's or ours, is an escape
    to CommonMark only: Python-Markdown, Markdown.pl and PHP Markdown pass
    ``\\<b>`` on as a backslash and a tag), a ``(`` or ``:`` after a ``]`` given
    a backslash (which breaks the link or definition in all of them)."""
    if text[at] == "<":
        start = at - 1 if escaped(text, at) else at
        return f"{text[:start]}&lt;{text[at + 1:]}"
    return f"{text[:at]}\\{text[at:]}"


# What follows a ``](`` or ``]:`` that no renderer can make a link that runs code:
# a web or mail address, or an address relative to the page (which cannot
# start with a scheme), bare or in angle brackets. Entities, escapes and other
# schemes (``&#106;avascript:``, ``java\\script:``) are not among them.
_SAFE_DESTINATION = re.compile(r"[ \t]*(?:\n[ \t]*)?<?(?:(?ai:https?://|mailto:)|[/#?.])")
# An autolink to such an address that every renderer takes for one, not for a
# tag: ASCII letters in its scheme (``httpſ``, with a long s, matches ``http``
# case-blind in Python, not in Python-Markdown), no quote (Markdown.pl leaves
# those out), and a mail address with its ``@`` (Python-Markdown's needs one).
_SAFE_AUTOLINK = re.compile(r"<(?:(?ai:https?)://[^<>\x00-\x20\"'`]*"
                            r"|(?ai:mailto):[^<>\x00-\x20\"'`!@]+@[^<>\x00-\x20\"'`@]+)>")
# A footnote's label before its definition (``[^id]`` at the start of a line).
_FOOTNOTE_LABEL = re.compile(r" {0,3}\[\^[^\]\s]+\]\Z")


def maybe_unsafe(body: str) -> bool:
    """Whether ``body`` has a :data:`_UNSAFE` character that could matter to
    another renderer: a quick look that spares most bodies the parse
    :func:`inert_html` needs (a merged body has a ``](`` in every glossary link:
    the parse was a fifth of an article job's time).

    The ``(`` or ``:`` after a ``]`` followed by a safe address
    (:data:`_SAFE_DESTINATION`), the ``<`` of an autolink to one
    (:data:`_SAFE_AUTOLINK`, also in a link's destination), and the ``:`` of a footnote's label before
    bold text (a note's, as merging writes it: ``[^id]: **Context.**``) do not
    count: whatever another renderer makes of them, it is a link to a web or
    mail address or to a page of the site, or text. Every other one does, and
    the body is parsed and escaped where its text holds one."""
    for match in _UNSAFE.finditer(body):
        at = match.start()
        if body[at] == "<":
            if _SAFE_AUTOLINK.match(body, at):
                continue
        elif _SAFE_DESTINATION.match(body, at + 1) or (
                body.startswith(": **", at) and _FOOTNOTE_LABEL.match(
                    body, body.rfind("\n", 0, at) + 1, at)):
            continue
        return True
    return False


def _unshown_unsafe(body: str, tokens: list[Token], env: Mapping[str, Any]) -> list[int]:
    """Offsets of :data:`_UNSAFE` characters in the footnote definitions the page
    leaves out (no reference uses them, or a later one of the same label won):
    no token holds their text, but a renderer without footnotes shows it."""
    labels = {label[1:] for label in env.get("footnotes", {}).get("refs", {})}
    shown: set[int] | None = None  # the lines a token holds, found when first needed
    found = []
    for definition in _DEFINITION.finditer(body) if labels else ():
        if definition.group(1) not in labels:
            continue
        if shown is None:
            shown = {line for token in tokens if token.map for line in range(*token.map)}
        if body.count("\n", 0, definition.start()) in shown:
            continue
        end = _definition_end(body, definition)
        for match in _UNSAFE.finditer(body, definition.start(2), end):
            at = match.start()
            if body.count("\n", 0, at) not in shown and _unsafe(body, at) \
                    and not _AUTOLINK.match(body, at):
                found.append(at)
    return found


def _definitions_as_links(body: str, tokens: list[Token]) -> list[int]:
    """Offsets of the ``:`` of each footnote definition that a renderer without
    footnotes reads as a link definition to an address that could run code
    (``[^x]: javascript:alert(1)`` makes every ``[^x]`` of the text a link
    there): one whose address briefing's parser refuses (markdown-it's
    ``validateLink``: ``javascript:``, ``vbscript:``, ``file:``, ``data:`` but
    images), as the links of the text are. Its backslash leaves a paragraph to every renderer, briefing's
    too: for such a definition, and only there, what a reader's renderer runs
    counts before what briefing shows (the text of an address)."""
    found = []
    code: set[int] | None = None  # lines of code blocks, found when first needed
    for definition in _DEFINITION.finditer(body):
        colon = definition.start(2) - 1
        if _SAFE_DESTINATION.match(body, colon + 1) or body.startswith(": **", colon):
            continue
        if code is None:
            code = {line for token in tokens if token.type in ("fence", "code_block")
                    and token.map for line in range(*token.map)}
        if body.count("\n", 0, colon) in code or escaped(body, colon - 1):
            continue
        env: dict[str, Any] = {}
        _plain_parser().parse(body[definition.start():_definition_end(body, definition)], env)
        allowed = markdown_parser().validateLink  # briefing's own rule for addresses
        if not all(allowed(link.get("href", "")) for link in env.get("references", {}).values()):
            found.append(colon)
    return found


@lru_cache(maxsize=1)
def _plain_parser() -> MarkdownIt:
    """CommonMark without footnotes and without checking addresses: how a
    reader's renderer may read index.md."""
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _unsafe(text: str, at: int) -> bool:
    """Whether the :data:`_UNSAFE` character at ``at`` is to be made text: a ``<``
    always (one the author escaped becomes ``&lt;`` too: see _made_text), a ``(``
    or ``:`` after a ``]`` unless it or that ``]`` is escaped (no link can
    start there)."""
    return text[at] == "<" or not (escaped(text, at) or escaped(text, at - 1))


# A footnote definition's first line: its label, and its text after "]:".
_DEFINITION = re.compile(r"(?m)^ {0,3}\[\^([^\]\n]+)\]:(.*)$")
_LINE = re.compile(r"(?m)^.*$")


def _definition_end(body: str, definition: re.Match[str]) -> int:
    """Where a footnote definition's text ends: through the lines that follow
    its first without a blank line (a paragraph's lazy continuation) and, after
    a blank line, the indented ones (its further paragraphs). A line of another
    block counted in is escaped too, which shows the same: ``\\<`` and ``<``
    are both text on briefing's pages."""
    end, blank = definition.end(), False
    for line in _LINE.finditer(body, definition.end() + 1):
        if not line.group().strip():
            blank = True
        elif blank and not line.group().startswith("    "):
            break
        end = line.end()
    return end


def _unsafe_starts(body: str, inline: Token) -> list[int]:
    """Offsets in ``body`` of the characters of ``inline``'s plain text that could
    start raw HTML or a link (:data:`_UNSAFE`; one already escaped is text to
    everyone)."""
    content, children = inline.content, inline.children or []
    matches = list(_UNSAFE.finditer(content))
    if not matches:
        return []
    literal = literal_chars(map_inline(children, content), children, content)
    found = []
    for match in matches:
        at = match.start()
        if at in literal and _unsafe(content, at):
            offset = body_offset(body, inline, at)
            if offset is not None and body[offset] == content[at]:
                found.append(offset)
    return found



def published_body(body: str, address: Address) -> str:
    """``body`` with the destination of each image ``address`` knows replaced by
    its URL; ``body`` itself where that would change anything else of its parse."""
    if "![" not in body:
        return body
    before = markdown_parser().parse(body)
    wanted = {src: url for src in dict.fromkeys(_sources(before))
              if (url := address(src)) is not None and url != src}
    if not wanted:
        return body
    rewritten = _replaced(body, wanted)
    if rewritten == body or not _same(before, markdown_parser().parse(rewritten), wanted):
        return body
    return rewritten


def _sources(tokens: list[Token]) -> list[str]:
    """The src of every image, as written, in order."""
    found = []
    for token in tokens:
        if token.type == "image":
            found.append(source_of(token))
        if token.children:
            found.extend(_sources(token.children))
    return found


def _replaced(body: str, wanted: Mapping[str, str]) -> str:
    """Each destination (inline, or of a reference definition) written as one of
    ``wanted``'s sources, bare or in angle brackets, replaced by ``<url>``."""
    for src, url in wanted.items():
        name = re.escape(src)
        tail = r"(?=[ \t]|\n|\)|$)"
        inline = rf"(\]\([ \t]*(?:\n[ \t]*)?)(?:<{name}>|{name}{tail})"
        definition = rf"(?m)(^[ ]{{0,3}}\[[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?)(?:<{name}>|{name}{tail})"
        for pattern in (inline, definition):
            body = re.sub(pattern, lambda found, url=url: f"{found.group(1)}<{url}>", body)
    return body


def _same(before: list[Token], after: list[Token], wanted: Mapping[str, str]) -> bool:
    """Whether two parses are alike token for token, but that each image whose
    source ``wanted`` names now has its URL (an inline token's raw content, which
    holds the destinations, is compared through its children)."""
    if len(before) != len(after):
        return False
    for old, new in zip(before, after, strict=True):
        if any(getattr(old, name) != getattr(new, name) for name in _COMPARED):
            return False
        if old.type != "inline" and old.content != new.content:
            return False
        if old.type == "image":
            src = source_of(old)
            if source_of(new) != unquote(wanted.get(src, src)) or \
                    {**old.attrs, "src": ""} != {**new.attrs, "src": ""}:
                return False
        elif old.attrs != new.attrs:
            return False
        if not _same(old.children or [], new.children or [], wanted):
            return False
    return True
