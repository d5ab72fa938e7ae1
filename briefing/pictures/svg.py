"""SVG files are published as they are, so they must be safe as they are.

A picture in ``<img>`` cannot run scripts, but the same file opened on its own
can; and an external reference (an image, a font, a stylesheet on another
server) would leak the reader's visit. So an SVG with a script, an event
handler, ``<foreignObject>``, a DOCTYPE (entities), or any reference that is
not to a fragment of itself is refused, with what was found.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_FORBIDDEN = {"script": "a <script> element", "foreignObject": "a <foreignObject> element",
              "iframe": "an <iframe> element", "embed": "an <embed> element",
              "object": "an <object> element", "handler": "an event handler attribute"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


class SvgProblem(ValueError):
    """What makes an SVG unsafe or unreadable, said for an editor."""


def check_svg(data: bytes) -> tuple[int, int]:
    """The SVG's size in CSS pixels (from width/height, else its viewBox);
    raises :class:`SvgProblem` for anything unsafe or not SVG."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise SvgProblem("it has a DOCTYPE or entity declarations; remove them")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgProblem(f"it is not well-formed XML ({exc})") from None
    if _local(root.tag) != "svg":
        raise SvgProblem(f"its root element is <{_local(root.tag)}>, not <svg>")
    for element in root.iter():
        _check_element(element)
    return _size(root)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _check_element(element: ET.Element) -> None:
    tag = _local(element.tag)
    if tag in _FORBIDDEN:
        raise SvgProblem(f"it contains {_FORBIDDEN[tag]}: SVG pictures may not run "
                         "scripts; remove it")
    for name, value in element.attrib.items():
        local = _local(name).lower()
        if local.startswith("on"):
            raise SvgProblem(f"<{tag}> has {_FORBIDDEN['handler']} '{local}': SVG "
                             "pictures may not run scripts; remove it")
        if local == "href" and not value.strip().startswith("#"):
            raise SvgProblem(f"<{tag}> refers to '{value[:80]}': an SVG picture may refer "
                             "only to its own parts (#id); embed what it needs")
        if local == "style":
            _check_style(value, tag)
    if tag == "style":
        _check_style(element.text or "", tag)


def _check_style(css: str, tag: str) -> None:
    if "@import" in css.lower():
        raise SvgProblem(f"<{tag}> imports a stylesheet: an SVG picture may not load "
                         "anything; put the rules in the file")
    for target in _URL.findall(css):
        if not target.startswith("#"):
            raise SvgProblem(f"<{tag}> has a style that loads '{target[:80]}': an SVG "
                             "picture may refer only to its own parts (#id)")


def _size(root: ET.Element) -> tuple[int, int]:
    width, height = (_length(root.get(name)) for name in ("width", "height"))
    if width and height:
        return round(width), round(height)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        w, h = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        raise SvgProblem("it has neither width and height in pixels nor a viewBox, so "
                         "its shape is unknown; add viewBox=\"0 0 W H\"") from None
    if w <= 0 or h <= 0:
        raise SvgProblem("its viewBox has no area")
    return round(w), round(h)


def _length(value: str | None) -> float | None:
    found = _LENGTH.match(value) if value else None
    return float(found.group(1)) if found else None
