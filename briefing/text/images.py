"""The images content names: front matter ``image:`` and Markdown images.

Both become :class:`~briefing.model.picture.ImageRef` s at load time, with the
line that names them, so a missing or bad file is reported at ``path:line``
(load/pictures.py finds and checks the files). Alt text is required: a
picture without it says nothing to a reader who cannot see it (a screen
reader, a slow connection, a text-only feed reader).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it.token import Token

from briefing.core import schema
from briefing.core.errors import Diagnostics
from briefing.core.schema import Field, Invalid, Where
from briefing.core.yamlio import YamlMap
from briefing.model.picture import ImageRef
from briefing.text.markdown import markdown_parser

ALT_MISSING = ("needs alt text: a description of what the picture shows, for readers "
               "who cannot see it (screen readers, slow connections, feeds)")
CREDIT_MARK = " | "  # in a Markdown image's title: "Caption | Credit"


def _focus(value: Any, where: Where) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1
            for v in value):
        raise Invalid("expected the point crops keep as [x, y], each from 0 to 1 from "
                      "the top left, e.g. [0.5, 0.3]")
    return float(value[0]), float(value[1])


IMAGE_FIELDS = (
    Field("src", schema.text, required=True),
    Field("alt", lambda value, where: schema.text(value, where) if str(value).strip() else ""),
    Field("caption", schema.text),
    Field("credit", schema.text),
    Field("focus", _focus, default=(0.5, 0.5)),
)


def image_ref_any_alt(value: Any, where: Where) -> ImageRef:
    """The converter of a front matter ``image:`` mapping (articles, stories,
    terms). It lets a missing alt text through (as ""): the loader reports it
    (:func:`report_lead_alt`) and keeps the image, so its file is checked in
    the same run; an editor fixes both after one build."""
    if isinstance(value, str):
        raise Invalid(f"expected a mapping such as 'image: {{src: {value}, alt: ...}}' "
                      "(alt text is required), got a single text")
    values = schema.mapping(IMAGE_FIELDS, "image")(value, where)
    line = value.line if isinstance(value, YamlMap) else where.line
    if values["src"] is None:
        raise Invalid("the image has no 'src'", line)
    return ImageRef(values["src"], values["alt"] or "", line, values["caption"],
                    values["credit"], values["focus"])


def lead_alt_missing(ref: ImageRef) -> str:
    """The error for a front matter ``image:`` without alt text (no ``alt:``, or
    one that is blank: told once, as this)."""
    return f"the image '{ref.src}' {ALT_MISSING}; write it in 'alt:'"


def report_lead_alt(ref: ImageRef | None, path: Path, diagnostics: Diagnostics) -> bool:
    """The error for a front matter ``image:`` without alt text, at its line;
    whether there was one (the file's own build is then stopped by the error,
    after its picture's file was checked)."""
    if ref is None or ref.alt:
        return False
    diagnostics.error(path, ref.line, f"'image': {lead_alt_missing(ref)}")
    return True


def body_alt_missing(ref: ImageRef) -> tuple[str, str]:
    """The error, and its hint, for a Markdown image with nothing between its brackets."""
    return (f"the image '{ref.src}' {ALT_MISSING}",
            f"write it between the brackets: ![What it shows]({ref.src})")


def body_images(body: str, body_line: int) -> tuple[ImageRef, ...]:
    """Every image of a Markdown body, in order, with its paragraph's line (the
    caption and credit from its title, "Caption | Credit")."""
    if "![" not in body:
        return ()
    found: list[ImageRef] = []
    for token in markdown_parser().parse(body):
        if token.type == "inline" and token.children:
            line = body_line + (token.map[0] if token.map else 0)
            found.extend(_refs(token.children, line))
    return tuple(found)


def _refs(children: list[Token], line: int) -> list[ImageRef]:
    found = []
    for child in children:
        if child.type == "image":
            found.append(image_of(child, line))
        if child.children:
            found.extend(_refs(child.children, line))
    return found


def image_of(token: Token, line: int = 0) -> ImageRef:
    """The ref of a markdown-it image token (its src as written, decoded)."""
    caption, credit = split_title(str(token.attrGet("title") or ""))
    return ImageRef(source_of(token), token.content.strip(), line, caption, credit)


def source_of(token: Token) -> str:
    """An image token's src as the editor wrote it (markdown-it percent-encodes it)."""
    return unquote(str(token.attrGet("src") or ""))


def split_title(title: str) -> tuple[str | None, str | None]:
    """A Markdown image's title as (caption, credit): "Caption | Credit"."""
    caption, mark, credit = title.rpartition(CREDIT_MARK)
    if not mark:
        caption, credit = title, ""
    return caption.strip() or None, credit.strip() or None




