"""Stories as the theme shows them: Markdown rendered, sources, comparison, notes.

:func:`story_markdown` is the one place a story's Markdown (summary, why it
matters, key points) becomes HTML, so a later rule (glossary links) has one
function to change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from briefing.annotations.views import NoteView, note_views
from briefing.core.hashing import digest
from briefing.core.html_links import resolved_links
from briefing.core.hashing import key as content_key
from briefing.core.later import Later, RememberLater, compute_later
from briefing.core.remembered import COMPARISON, STORY, STORY_TERMS, Remember, compute_now
from briefing.core.urls import Urls
from briefing.model.page import MergedPage
from briefing.model.site import Article, Site
from briefing.model.story import Story, newest_stories
from briefing.render.context import RenderContext
from briefing.render.markdown import render_markdown
from briefing.render.terms import TermContext
from briefing.stories.comparison import (
    StoryComparison,
    compare_articles,
    inner_quotes,
    source_labels,
)

# Fact checks first: they say what is true; then what was fixed, then the rest.
KIND_ORDER = ("fact-check", "correction", "clarification", "quote-check", "context",
              "analysis", "note")
GROUP_TITLES = {"fact-check": "Fact checks", "correction": "Corrections",
                "clarification": "Clarifications",
                "quote-check": "Quote checks", "context": "Context", "analysis": "Analysis",
                "note": "Notes"}
UNPLACED_ID = "unplaced-notes"  # heading id of the article page's "Unplaced notes"


Render = Callable[[str], str]


@dataclass(frozen=True)
class StoryRenderers:
    """One story page's Markdown renderers, sharing its record of glossary links.

    A story's own fields were never merged, so ``fresh`` links glossary terms
    before rendering. Note bodies were linked when their article was merged
    (first mention only); linking them again would link second mentions too,
    so ``merged`` renders them as they are.
    """

    fresh: Render = render_markdown
    merged: Render = render_markdown
    used: Callable[[], Sequence[str]] = tuple  # the glossary terms rendered so far


def story_renderers(context: RenderContext, terms: TermContext) -> StoryRenderers:
    """A story page's renderers: for its own Markdown, which no merge stage saw
    (glossary terms linked first), and for note bodies, linked when merged."""
    links = terms.links()
    return StoryRenderers(fresh=lambda text: context.markdown(terms.link(text), terms.env(links)),
                          merged=lambda text: context.markdown(text, terms.env(links)),
                          used=lambda: list(links.used) if links else [])


def story_markdown(text: str, render: Render = render_markdown) -> Markup:
    """HTML of a story's Markdown field; raw HTML is off, as in articles.

    ``render`` is the page's Markdown renderer: the render stage passes one
    that links glossary terms and notes which ones the page uses.
    """
    return Markup(render(text))  # noqa: S704 - markdown-it escapes; raw HTML is off


@dataclass(frozen=True)
class StorySource:
    """One report of the story, as the sources list shows it."""

    article: Article
    label: str


@dataclass(frozen=True)
class StoryNote:
    """An editorial note on one of the story's reports."""

    note: NoteView
    source: StorySource
    path: str  # site-relative URL of the note on the article page

    @property
    def quote(self) -> str:
        """The quoted words, typeset, with inner double quotes made single (it is shown in “…”)."""
        return inner_quotes(self.note.annotation.quote.strip())


@dataclass(frozen=True)
class NoteGroup:
    kind: str
    title: str
    notes: tuple[StoryNote, ...]


@dataclass(frozen=True)
class StoryView:
    story: Story
    summary: Markup
    why_it_matters: Markup | None
    key_points: tuple[Markup, ...]
    sources: tuple[StorySource, ...]  # oldest first, as the story unfolded
    comparison: StoryComparison | None
    note_groups: tuple[NoteGroup, ...]
    terms: tuple[str, ...] = ()  # slugs of the glossary terms its Markdown links

    @property
    def note_count(self) -> int:
        return sum(len(group.notes) for group in self.note_groups)


def story_articles(site: Site, slug: str) -> tuple[Article, ...]:
    """The published articles of a story, oldest first (slug breaks ties)."""
    return site.articles_by_story.get(slug, ())


def note_groups(sources: Sequence[StorySource], pages: Mapping[str, MergedPage],
                urls: Urls, render: Render = render_markdown) -> tuple[NoteGroup, ...]:
    """The notes of every source, grouped by kind in :data:`KIND_ORDER`, then by source."""
    grouped: dict[str, list[StoryNote]] = {}
    for source in sources:
        page = pages.get(source.article.slug)
        if page is None:
            continue
        folder = source.article.url_path
        placed, unplaced = note_views(page.anchors, page.unplaced, urls.absolute(folder),
                                      lambda text, at=urls.url(folder): resolved_links(
                                          render(text), at))  # written for the report's page
        for note in placed:
            grouped.setdefault(note.kind, []).append(
                StoryNote(note, source, f"{folder}#{note.annotation.element_id}"))
        for note in unplaced:
            grouped.setdefault(note.kind, []).append(
                StoryNote(note, source, f"{folder}#{UNPLACED_ID}"))
    order = list(KIND_ORDER) + sorted(set(grouped) - set(KIND_ORDER))
    return tuple(NoteGroup(kind, GROUP_TITLES.get(kind, kind.capitalize()),
                           tuple(grouped[kind])) for kind in order if kind in grouped)


def story_view(story: Story, site: Site, pages: Mapping[str, MergedPage], urls: Urls,
               content: Path, render: StoryRenderers = StoryRenderers(),
               compare: Callable[[], StoryComparison] | None = None) -> StoryView:
    """``compare()`` gives the comparison of the story's articles (remembered by
    :func:`story_entries`); without it, it is computed here."""
    articles = story_articles(site, story.slug)
    sources = tuple(StorySource(article, label)
                    for article, label in zip(articles, source_labels(articles)))
    def fresh(text: str) -> str:  # written for the story's page, shown on others too
        return resolved_links(render.fresh(text), urls.url(story.url_path))

    if compare is None:
        def compare() -> StoryComparison:
            return compare_articles(articles, content)
    return StoryView(
        story=story, summary=story_markdown(story.summary, fresh),
        why_it_matters=story_markdown(story.why_it_matters, fresh)
        if story.why_it_matters else None,
        key_points=tuple(story_markdown(point, fresh) for point in story.key_points),
        sources=sources,
        comparison=compare() if articles else None,
        note_groups=note_groups(sources, pages, urls, render.merged))


@dataclass(frozen=True)
class StoryInputs:
    """What a story's view reads besides the story file and site settings."""

    articles: tuple[Article, ...]  # oldest first
    pages: tuple[MergedPage | None, ...]  # their merged pages (text, notes)
    wire: tuple[str, ...]  # digests of their raw wire copies ("" for none)

    def comparison_key(self, key: Callable[..., str]) -> str:
        """The fingerprint a story's comparison is remembered by: its articles
        (through their merged pages) and their wire copies."""
        return key(COMPARISON.name, self.pages, self.wire)

    def view_key(self, story: Story, site: Site, urls: Urls, key: Callable[..., str]) -> str:
        """The fingerprint a story's view (and the terms it links) is remembered by:
        the story, its articles' merged pages, the glossary's names, the settings
        and their wire copies."""
        return key(story, list(self.pages), urls, site.glossary.linking, site.config,
                   list(self.wire))


def story_inputs(site: Site, story: Story, pages: Mapping[str, MergedPage]) -> StoryInputs:
    content = site.config.root / site.config.content_dir
    articles = story_articles(site, story.slug)
    return StoryInputs(articles, tuple(pages.get(a.slug) for a in articles),
                       tuple(_wire_digest(content, a) for a in articles))


@dataclass(frozen=True)
class StoryEntry:
    """A story as the listings know it before any page reads its view: the
    view (hundreds of objects) is read from the store, or made, only for a
    page that must be rendered again (see core/later.py)."""

    story: Story
    articles: tuple[Article, ...]  # its published reports, oldest first
    view: Later[StoryView]
    terms: tuple[str, ...]  # slugs of the glossary terms the view links


def story_entries(site: Site, pages: Sequence[MergedPage], urls: Urls,
                  renderer: Callable[[], StoryRenderers] = StoryRenderers,
                  later: RememberLater = compute_later, remember: Remember = compute_now,
                  key: Callable[..., str] = content_key) -> tuple[StoryEntry, ...]:
    """Every story of the site, newest first.

    ``renderer()`` gives, per story, its Markdown renderers, which tell which
    glossary terms they linked (so pages showing the story can carry them).
    A story's view is the same as the last build's when nothing it shows has
    changed (its file, its articles and their notes, their wire copy, the
    glossary's names), so it is found by ``key`` (a fingerprint), and so is
    its comparison, the costliest part of a view.
    """
    by_slug = {page.article.slug: page for page in pages}
    content = site.config.root / site.config.content_dir
    entries = []
    for story in newest_stories(tuple(site.stories.values())):
        inputs = story_inputs(site, story, by_slug)

        def view(story: Story = story, inputs: StoryInputs = inputs) -> StoryView:
            render = renderer()
            made = story_view(story, site, by_slug, urls, content, render, lambda: remember(
                COMPARISON, inputs.comparison_key(key),
                lambda: compare_articles(inputs.articles, content)))
            return replace(made, terms=tuple(render.used()))

        view_key = inputs.view_key(story, site, urls, key)
        shown = later(STORY, view_key, view)
        terms = remember(STORY_TERMS, view_key, lambda shown=shown: shown.get().terms)
        entries.append(StoryEntry(story, inputs.articles, shown, tuple(terms)))
    return tuple(entries)


def _wire_digest(content: Path, article: Article) -> str:
    """The raw wire copy the comparison reads, by its bytes."""
    if not article.original:
        return ""
    try:
        return digest((content / article.original).read_bytes())
    except OSError:
        return "unreadable"
