"""The merge stage: each article's Markdown becomes the *merged Markdown page*.

Merging runs an ordered chain of rules over the body, in the manner of
markdown-it's rule chains: ``normalise`` tidies the text, ``glossary`` links
terms, ``annotations`` anchors editorial notes and writes them as footnotes. The result is a
complete Markdown document (front matter + body), written as ``index.md`` next
to the HTML page and rendered by the render stage, so both always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from briefing.annotations.anchor import Anchor
from briefing.annotations.merge_rule import annotate
from briefing.model.annotation import Annotation
from briefing.glossary.merge_rule import link_glossary
from briefing.model.glossary import Mention
from briefing.merge.context import MergeContext, PageDraft
from briefing.model.site import Article, Site
from briefing.core.urls import Urls
from briefing.core.yamlio import dump_yaml

MergeRule = Callable[[PageDraft, MergeContext], PageDraft]


@dataclass(frozen=True)
class MergedPage:
    article: Article
    body: str  # the merged Markdown body
    front: str  # its front matter, as YAML
    anchors: tuple[Anchor, ...] = ()
    unplaced: tuple[Annotation, ...] = ()
    text: str = ""  # normalised article text (only computed for annotated articles)
    mentions: tuple[Mention, ...] = ()  # each glossary term's first mention, in reading order

    @property
    def document(self) -> str:
        """Front matter + body: the text of index.md. Made when asked for, not
        kept: every page is held (and cached) until the listing pages are done,
        and a second copy of each body would add a fifth to that."""
        return f"---\n{self.front}---\n\n{self.body}"


_SPACE = " \t"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def normalise_rule(draft: PageDraft, context: MergeContext) -> PageDraft:
    return replace(draft, body=normalise(draft.body))


def normalise(text: str) -> str:
    """NFC, no trailing spaces, one blank line between blocks, one final newline.

    Two or more trailing spaces before a following line (a Markdown hard break)
    become exactly two, so the meaning survives; lines inside fenced code are left exactly as written.
    """
    out: list[str] = []
    fence: str | None = None
    lines = unicodedata.normalize("NFC", text).split("\n")
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append(line)
            continue
        stripped = line.rstrip(_SPACE)  # only ASCII blanks: a no-break space is content
        if not stripped and out and not out[-1]:
            continue  # one blank line separates blocks; more add nothing
        continues = index + 1 < len(lines) and lines[index + 1].strip(_SPACE)
        if line.endswith("  ") and stripped and continues:
            stripped += "  "  # a hard break: keep exactly the two spaces that make it
        out.append(stripped)
    body = "\n".join(out).strip("\n")
    return body + "\n" if body else ""


DEFAULT_RULES: tuple[tuple[str, MergeRule], ...] = (
    ("normalise", normalise_rule),
    ("glossary", link_glossary),  # before annotations: notes must not end up inside links
    ("annotations", annotate),
)


def front_matter(article: Article, urls: Urls) -> dict[str, Any]:
    """The metadata of the merged page, in a stable key order."""
    data: dict[str, Any] = {"title": article.title}
    if article.dek:
        data["dek"] = article.dek
    data["date"] = article.date.isoformat() if article.has_time else article.date.date().isoformat()
    if article.source:
        data["source"] = {k: v for k, v in
                          (("name", article.source.name), ("url", article.source.url)) if v}
    if article.authors:
        data["authors"] = list(article.authors)
    if article.tags:
        data["tags"] = list(article.tags)
    if article.story:
        data["story"] = article.story
    data["url"] = urls.absolute(article.url_path)
    return data


def merge_article(article: Article, context: MergeContext,
                  rules: tuple[tuple[str, MergeRule], ...] = DEFAULT_RULES) -> MergedPage:
    draft = PageDraft(article, article.body)
    for _name, rule in rules:
        draft = rule(draft, context)
    meta = dump_yaml(front_matter(article, context.urls))
    return MergedPage(article=article, body=draft.body, anchors=draft.anchors,
                      unplaced=draft.unplaced, text=draft.text, mentions=draft.mentions,
                      front=meta)


def merge_site(site: Site, context: MergeContext) -> tuple[MergedPage, ...]:
    """Every article merged, in one process (``briefing check``; a build merges each
    article in its own job, see article_jobs.py)."""
    return tuple(merge_article(article, context) for article in site.articles)
