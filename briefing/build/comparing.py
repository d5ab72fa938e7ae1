"""Each story's comparison, made as soon as the last of its reports is settled.

Comparing a story's reports (stories/comparison.py) is the costliest part of
its page, and each story's is independent of the others. The pipeline made
the comparisons the store did not hold after the article jobs, on workers
forked then; but by then the build's process held every merged page, and at
10,000 articles each of those workers counted some 680 MB resident, the peak
of the whole build (2.1 GB over three processes). Made here instead, in the
build's own process while it waits on the article jobs' workers (it is idle
for most of that time), they cost the build no time of their own and fork
nothing: the pipeline hands each settled page to :meth:`Comparisons.settled`,
and a story whose reports are all in is compared then, from the visible
paragraphs its reports' jobs sent back (ArticleWork.paragraphs), and its
reports' pages let go of.

The comparison's key is the one the story pages ask for (StoryInputs.
comparison_key): the merged pages are known by their merge keys to the
article hasher here as to the listing pages' one (Fingerprints.share_known).
"""

from __future__ import annotations

from collections.abc import Callable

from briefing.core.remembered import COMPARISON
from briefing.engine.incremental import BuildCache
from briefing.model.page import MergedPage
from briefing.model.site import Site


class Comparisons:
    """The stories waiting for reports, and the reports of theirs settled so far."""

    def __init__(self, site: Site, cache: BuildCache, key: Callable[..., str]) -> None:
        """``key``: the fingerprint of what the story pages' ``key`` hashes alike."""
        self._site, self._cache, self._key = site, cache, key
        self._waiting = {slug: {article.slug for article in site.articles_by_story[slug]}
                         for slug in sorted(site.stories)
                         if site.articles_by_story.get(slug)}
        self._pages: dict[str, MergedPage] = {}
        self._paragraphs: dict[str, tuple[str, ...]] = {}

    def settled(self, page: MergedPage, paragraphs: tuple[str, ...] | None) -> None:
        """``page`` is the article's for this build (``paragraphs``: its visible
        paragraphs, if its job sent them); its story is compared if it was the
        last of its reports to come."""
        slug, story = page.article.slug, page.article.story
        waiting = self._waiting.get(story) if story else None
        if waiting is None or slug not in waiting:
            return
        self._pages[slug] = page
        if paragraphs is not None:
            self._paragraphs[slug] = paragraphs
        waiting.discard(slug)
        if not waiting:
            del self._waiting[story]  # type: ignore[arg-type]
            self._compare(story)  # type: ignore[arg-type]

    def _compare(self, slug: str) -> None:
        """Remember the story's comparison unless the store holds it (then keep
        that, unread); imported here: see the listing pages in pipeline.py."""
        from briefing.listings.stories import story_inputs
        from briefing.stories import comparison

        inputs = story_inputs(self._site, self._site.stories[slug], self._pages)
        key, articles = inputs.comparison_key(self._key), inputs.articles
        if self._cache.has(COMPARISON, key):
            self._cache.keep_unread(COMPARISON, key)
        else:
            content = self._site.config.root / self._site.config.content_dir
            made = comparison.compare_articles(articles, content, self._paragraphs)
            self._cache.remember(COMPARISON, key,
                                 lambda: comparison.with_articles(made, articles))
        for article in articles:
            self._pages.pop(article.slug, None)
            self._paragraphs.pop(article.slug, None)
