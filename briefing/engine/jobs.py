"""One article's share of a build, which depends on no other article.

Merging (glossary links, notes), checking its spelling of glossary names and
rendering the article's own files read only the article, its notes and
site-wide settings, never another article.
That independence is what lets the pipeline hand articles to worker
processes (parallel.py) and keep unchanged ones from the last build
(engine/incremental.py); pages that list articles are rendered afterwards, from the
merged pages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefing.core.errors import Diagnostic, Diagnostics
from briefing.core.outputs import OutputFile
from briefing.glossary.checks import NearMisses
from briefing.merge.chain import MergeContext, merge_article_parsed
from briefing.model.page import MergedPage
from briefing.model.site import Article
from briefing.render.article import render_article
from briefing.render.context import RenderContext
from briefing.render.markdown import Rendered, peek_render
from briefing.render.terms import TermContext

# An article, and its merged page when the last build's is still good (with the
# warnings of merging and checking it, which the cache keeps with the page).
Job = tuple[Article, MergedPage | None]


@dataclass(frozen=True)
class ArticleWork:
    page: MergedPage
    files: tuple[OutputFile, ...]  # empty when merging found errors
    diagnostics: tuple[Diagnostic, ...]  # of merging; empty when the page was given
    merged: bool  # False: the page came from the last build
    # The HTML of its note bodies, by text, for the story pages (RenderContext.prerendered)
    notes_html: tuple[tuple[str, Rendered], ...] = ()
    # Its visible paragraphs, for its story's comparison (an article in a story,
    # merged here): the worker that compares the story need not parse it again.
    paragraphs: tuple[str, ...] | None = None
    # The terms whose definitions its page carries, in order (its popovers).
    shown: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleJobs:
    """What every article's job reads: built once, shared by forked workers."""

    merge: MergeContext
    render: RenderContext
    terms: TermContext  # definitions only: see render.article.render_article
    near_misses: NearMisses | None = None  # the glossary's spelling check, per article

    def __call__(self, job: Job) -> ArticleWork:
        article, page = job
        diagnostics = Diagnostics(root=self.merge.diagnostics.root)
        merged = page is None
        parses = None
        if page is None:
            page, parses = merge_article_parsed(article,
                                                replace(self.merge, diagnostics=diagnostics))
            if self.near_misses is not None and not diagnostics.errors:
                self.near_misses.report(page, diagnostics)
        if diagnostics.errors:
            return ArticleWork(page, (), tuple(diagnostics.items), merged)
        shown: list[str] = []
        files = tuple(render_article(page, self.render, self.terms, parses, shown))
        # The merge parsed the body: its blocks are remembered (text/parsed.py).
        paragraphs = self._paragraphs(article) if merged and article.story else None
        return ArticleWork(page, files, tuple(diagnostics.items), merged, self._notes_html(page),
                           paragraphs, tuple(shown))

    @staticmethod
    def _paragraphs(article: Article) -> tuple[str, ...]:
        """The report's visible paragraphs, for its story's comparison. Imported
        here: an edit of an article in no story need not load the comparison."""
        from briefing.stories.comparison import visible_paragraphs

        return visible_paragraphs(article.body)

    def _notes_html(self, page: MergedPage) -> tuple[tuple[str, Rendered], ...]:
        """What rendering the article just remembered of its note bodies."""
        links = self.terms.links()
        bodies = [anchor.annotation.body for anchor in page.anchors]
        bodies += [note.body for note in page.unplaced]
        found = ((body, peek_render(body, links)) for body in dict.fromkeys(bodies))
        return tuple((body, known) for body, known in found if known is not None)
