"""The article text a reader sees, taken from a built HTML page.

Used to check that annotation selectors re-anchor in the real page: blocks
(paragraphs, headings, list items, cells) of ``.article-body`` are normalised
like briefing's matcher does and joined with newlines; notes, note numbers and
footnotes are not part of the article text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from briefing.text.normal import for_anchoring

BLOCKS = {"p", "h2", "h3", "h4", "li", "td", "th"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # element depth inside .article-body
        self.skip_depth: int | None = None
        self.blocks: list[str] = []
        self.current: list[str] | None = None

    def _skipped(self, tag: str, attrs: dict[str, str | None]) -> bool:
        classes = (attrs.get("class") or "").split()
        return bool({"annotation-group", "annotation-ref", "footnotes", "footnote-ref"}
                    & set(classes))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            if "article-body" in (attrs.get("class") or "").split():
                self.depth = 1
            return
        if tag in VOID:
            if tag == "br" and self.current is not None:
                self.current.append(" ")
            return
        self.depth += 1
        if self.skip_depth is None and self._skipped(tag, attrs):
            self.skip_depth = self.depth
        elif self.skip_depth is None and tag in BLOCKS:
            self._flush()
            self.current = []

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in VOID:
            return
        if self.skip_depth == self.depth:
            self.skip_depth = None
        elif self.skip_depth is None and tag in BLOCKS:
            self._flush()
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.skip_depth is None and self.current is not None:
            self.current.append(data)

    def _flush(self) -> None:
        if self.current is not None:
            text = for_anchoring("".join(self.current).strip("\n")).text
            if text.strip():
                self.blocks.append(text)
        self.current = None


def article_text(html: str) -> str:
    parser = _ArticleText()
    parser.feed(html)
    parser._flush()
    return "\n".join(parser.blocks)
