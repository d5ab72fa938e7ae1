"""The merge stage: each article's Markdown becomes the *merged Markdown page*.

Merging runs an ordered chain of rules over the body, in the manner of
markdown-it's rule chains: ``normalise`` tidies the text
(:func:`briefing.text.normal.merge_body`), ``glossary`` links terms,
``annotations`` anchors editorial notes and writes them as footnotes. The result is a
complete Markdown document (front matter + body), written as ``index.md`` next
to the HTML page and rendered by the render stage, so both always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.parallel import ordered_map
from briefing.core.urls import Urls
from briefing.merge.annotations import annotate
from briefing.merge.context import MergeContext, PageDraft
from briefing.merge.glossary import link_glossary
from briefing.model.page import MergedPage
from briefing.model.site import Article, Site
from briefing.text.frontmatter import front_matter_yaml
from briefing.text.normal import merge_body
from briefing.text.splice import Parses

MergeRule = Callable[[PageDraft, MergeContext], PageDraft]


def normalise_rule(draft: PageDraft, context: MergeContext) -> PageDraft:
    """Tidy the body first, so every later rule and the anchoring form see NFC text.
    (A rule that changes the body says how it parsed it, ``one_parse``, or None.)"""
    return replace(draft, body=merge_body(draft.body), one_parse=None)


DEFAULT_RULES: tuple[tuple[str, MergeRule], ...] = (
    ("normalise", normalise_rule),
    ("glossary", link_glossary),  # before annotations: notes must not end up inside links
    ("annotations", annotate),
)


def front_matter(article: Article, urls: Urls) -> dict[str, Any]:
    """The metadata of the merged page (None: not written; text/frontmatter.py
    orders and writes the rest)."""
    source = article.source
    return {
        "title": article.title,
        "dek": article.dek or None,
        "date": article.date.isoformat() if article.has_time else article.date.date().isoformat(),
        "updated": article.revised.isoformat() if article.revised else None,
        "source": {k: v for k, v in (("name", source.name), ("url", source.url)) if v}
        if source else None,
        "authors": list(article.authors) or None,
        "tags": list(article.tags) or None,
        "story": article.story or None,
        "url": urls.absolute(article.url_path),
    }


def merge_article(article: Article, context: MergeContext,
                  rules: tuple[tuple[str, MergeRule], ...] = DEFAULT_RULES) -> MergedPage:
    return merge_article_parsed(article, context, rules)[0]


def merge_article_parsed(article: Article, context: MergeContext,
                         rules: tuple[tuple[str, MergeRule], ...] = DEFAULT_RULES
                         ) -> tuple[MergedPage, Parses]:
    """The merged page, and the parses merging read with what it added, from
    which the render stage makes the page's HTML and its notes' without
    parsing the merged texts again (text/splice.py)."""
    draft = PageDraft(article, article.body)
    for _name, rule in rules:
        draft = rule(draft, context)
    meta = front_matter_yaml(front_matter(article, context.urls))
    page = MergedPage(article=article, body=draft.body, anchors=draft.anchors,
                      unplaced=draft.unplaced, retired=draft.retired, text=draft.text,
                      mentions=draft.mentions, front=meta)
    return page, Parses(draft.one_parse, dict(draft.note_parses))


Report = Callable[[MergedPage, Diagnostics], None]  # more checks of a merged page


def merge_site(site: Site, context: MergeContext, jobs: int | None = None,
               report: Report | None = None) -> tuple[MergedPage, ...]:
    """Every article merged (``briefing check``; a build merges each article in
    its own job, see engine/jobs.py), on ``jobs`` processes (default: every
    core), and ``report`` run on each page merged without errors, as a build's
    job runs the near-miss spelling check: ``briefing check`` took 69 s for
    10,000 articles on one core. Each article's problems are told to
    ``context.diagnostics`` in article order, as one process would tell them,
    and each page holds the site's own article, not a worker's copy."""
    pages = []
    merged = ordered_map(partial(_merged, context, report), site.articles, jobs)
    for article, (page, said) in zip(site.articles, merged, strict=True):
        context.diagnostics.items.extend(said)
        pages.append(page if page.article is article else replace(page, article=article))
    return tuple(pages)


def _merged(context: MergeContext, report: Report | None, article: Article
            ) -> tuple[MergedPage, tuple[Diagnostic, ...]]:
    """One article merged and reported on, with what both said (a worker's own)."""
    said = Diagnostics(root=context.diagnostics.root)
    page = merge_article(article, replace(context, diagnostics=said))
    if report is not None and not said.errors:
        report(page, said)
    return page, tuple(said.items)
