"""SVG files are published as they are, so they must be safe as they are.

A picture in ``<img>`` cannot run scripts, but the same file opened on its own
can; and an external reference (an image, a font, a stylesheet on another
server) would leak the reader's visit. So an SVG with a script, an event
handler, ``<foreignObject>``, a DOCTYPE (entities), a processing instruction
(``<?xml-stylesheet?>``), an animation of a link, a ``javascript:`` value, or
any reference that is not to a fragment of itself, in an attribute (``href``,
``fill="url(...)"``, ``cursor``) or a style, is refused, with what was found.
Styles are read as written: a CSS escape (``@\\69mport``, ``u\\rl(``), which
could spell any of these, is refused too, as are ``image-set()`` and ``src()``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_FORBIDDEN = {"script": "a <script> element", "foreignObject": "a <foreignObject> element",
              "iframe": "an <iframe> element", "embed": "an <embed> element",
              "object": "an <object> element", "handler": "an event handler attribute"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_LOADS = re.compile(r"@import|image-set\s*\(|\bsrc\s*\(", re.IGNORECASE)  # load without url()
_INSTRUCTION = re.compile(rb"<\?(?!xml\s)", re.IGNORECASE)  # any but the XML declaration
_SCRIPT_URL = re.compile(r"javascript:|vbscript:|data:text/html", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


class SvgProblem(ValueError):
    """What makes an SVG unsafe or unreadable, said for an editor."""


def check_svg(data: bytes) -> tuple[int, int]:
    """The SVG's size in CSS pixels (from width/height, else its viewBox);
    raises :class:`SvgProblem` for anything unsafe or not SVG."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise SvgProblem("it has a DOCTYPE or entity declarations; remove them")
    if _INSTRUCTION.search(data):
        raise SvgProblem("it has a processing instruction (such as <?xml-stylesheet?>), "
                         "which may load a stylesheet; remove it")
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
    animated = element.get("attributeName", "").rsplit(":", 1)[-1].strip().lower()
    if animated == "href":  # <set> or <animate> of href or xlink:href
        raise SvgProblem(f"<{tag}> changes a link: an SVG picture may refer only to its "
                         "own parts; remove it")
    for name, value in element.attrib.items():
        local = _local(name).lower()
        if local.startswith("on"):
            raise SvgProblem(f"<{tag}> has {_FORBIDDEN['handler']} '{local}': SVG "
                             "pictures may not run scripts; remove it")
        if _SCRIPT_URL.search("".join(value.split())):
            raise SvgProblem(f"<{tag}> has a script address in '{local}': SVG pictures may "
                             "not run scripts; remove it")
        if local == "href" and not value.strip().startswith("#"):
            raise SvgProblem(f"<{tag}> refers to '{value[:80]}': an SVG picture may refer "
                             "only to its own parts (#id); embed what it needs")
        _check_style(value, tag)  # style="", and presentation attributes: fill="url(...)"
    if tag == "style":
        _check_style(element.text or "", tag)


def _check_style(css: str, tag: str) -> None:
    if "\\" in css:
        raise SvgProblem(f"<{tag}> has a CSS escape ('\\'), which may spell what an SVG "
                         "picture may not load; write the rule without it")
    if _LOADS.search(css):
        raise SvgProblem(f"<{tag}> loads a stylesheet or an image (@import, image-set() or "
                         "src()): an SVG picture may not load anything; put it in the file")
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
