"""A markdown-it core rule that shows a body's images as the theme does.

An image alone in its paragraph becomes a ``<figure>`` (its title is the
caption, "Caption | Credit"); any other image stays inline, as a picture with
``srcset``, ``width`` and ``height``. The HTML comes from the page's ``env``
(``show(ref, figure)``, rendered by the theme's ``_picture.html``); without
it the rule changes nothing, so reading Markdown is unaffected.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from briefing.model.picture import ImageRef
from briefing.text.images import image_of

ENV_KEY = "pictures"
Show = Callable[[ImageRef, bool], "str | None"]  # HTML of a figure (True) or inline picture


def pictures_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("pictures", _rule)


def _rule(state: StateCore) -> None:
    show: Show | None = state.env.get(ENV_KEY)
    if show is None:
        return
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "inline" and _alone(tokens, index):
            html = show(image_of(token.children[0]), True)  # type: ignore[index]
            if html is not None:
                block = Token("html_block", "", 0)
                block.content, block.level, block.map = html + "\n", tokens[index - 1].level, \
                    tokens[index - 1].map
                tokens[index - 1:index + 2] = [block]
                continue
        if token.type == "inline" and token.children:
            _inline(token.children, show)
        index += 1


def _alone(tokens: list[Token], index: int) -> bool:
    """An inline token that is a whole (shown) paragraph holding one image."""
    children = tokens[index].children or []
    return (0 < index < len(tokens) - 1 and tokens[index - 1].type == "paragraph_open"
            and not tokens[index - 1].hidden and len(children) == 1
            and children[0].type == "image")


def _inline(children: list[Token], show: Show) -> None:
    for position, child in enumerate(children):
        if child.type == "image":
            html = show(image_of(child), False)
            if html is not None:
                replacement = Token("html_inline", "", 0)
                replacement.content = html
                children[position] = replacement
        elif child.children:
            _inline(child.children, show)
