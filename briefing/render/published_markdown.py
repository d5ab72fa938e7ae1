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
from dataclasses import replace
from urllib.parse import unquote

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


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # where a renderer with raw HTML on sees HTML


def inert_html(body: str) -> str:
    """``body`` with a backslash before each ``<`` of its text that could start
    raw HTML (``<script>``, ``</em>``, ``<!--``): briefing's parser has raw
    HTML off and shows it as text, but index.md is read by other renderers,
    some with raw HTML on, where it would be HTML (a script run, a tag the
    page shows as text); a backslashed ``<`` is text to every CommonMark
    renderer. Only the text's ``<`` (not a code span's, an autolink's or a
    destination's),
    and ``body`` itself unless the parse is unchanged, token for token."""
    if not _TAG_START.search(body):
        return body
    before = markdown_parser().parse(body)
    offsets = sorted({at for token in before if token.type == "inline" and token.children
                      for at in _text_tag_starts(body, token)}, reverse=True)
    if not offsets:
        return body
    text = body
    for at in offsets:
        text = f"{text[:at]}\\{text[at:]}"
    after = _unmarked(markdown_parser().parse(text))
    return text if _same(before, after, {}) else body


def _unmarked(tokens: list[Token]) -> list[Token]:
    """``tokens`` with the escapes' own mark taken off their text (``\\<`` left
    a text token marked as an escape where ``<`` gave a plain one)."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "text" and child.info == "escape":
                child.markup = child.info = ""
    return tokens


def _text_tag_starts(body: str, inline: Token) -> list[int]:
    """Offsets in ``body`` of the ``<`` s of ``inline``'s plain text that could
    start raw HTML (one already escaped is text to everyone)."""
    content, children = inline.content, inline.children or []
    literal = literal_chars(map_inline(children, content), children, content)
    found = []
    for match in _TAG_START.finditer(content):
        at = match.start()
        if at in literal and not escaped(content, at):
            offset = body_offset(body, inline, at)
            if offset is not None and body[offset] == "<":
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
