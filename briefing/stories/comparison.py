"""A story's sources compared: the quotations they share, and how each was filed.

The engine in :mod:`briefing.compare` works on plain paragraphs. Here each
article of a story becomes a :class:`~briefing.compare.SourceText` made of the
paragraphs a reader sees on its page (the body rendered by the site's one
Markdown configuration, so quotes are typographic as printed); its quality
(word count, repeated paragraphs) is measured on the raw wire copy named by
``original:`` when there is one, since importing removed the repeats, and on
those paragraphs otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from briefing.compare import SourceText, compare_sources, render_html
from briefing.compare.quality import SourceQuality, assess, paragraphs_from_text
from briefing.model.site import Article
from briefing.stories.loader import read_original
from briefing.text.markdown import smarten
from briefing.text.normal import for_comparing, merge_body
from briefing.text.parsed import block_summaries

OPENING_WORDS = 8  # words of a repeated paragraph shown to identify it
INNER_QUOTES = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019"})


def visible_paragraphs(body: str) -> tuple[str, ...]:
    """The text of each paragraph of a Markdown body as a reader sees it.

    Headings, table cells and footnotes are left out; list items and block
    quotes count through the paragraphs they hold.
    """
    return tuple(block.text.strip() for block in block_summaries(merge_body(body))
                 if block.paragraph and block.text.strip())


def source_labels(articles: Sequence[Article]) -> tuple[str, ...]:
    """The name readers know each source by; the headline is added where names clash."""
    names = [a.source.name if a.source and a.source.name else a.title for a in articles]
    return tuple(f"{name}: {article.title}" if names.count(name) > 1 and name != article.title
                 else name for name, article in zip(names, articles))


@dataclass(frozen=True)
class Wording:
    """One source's wording of a shared quotation (None where it does not quote it)."""

    label: str
    text: str | None


@dataclass(frozen=True)
class SharedQuotation:
    """A quotation two or more sources print, with a word diff of the first two wordings."""

    speaker: str | None
    wordings: tuple[Wording, ...]
    diff_html: Markup  # <del>: only in ``diff_from``; <ins>: only in ``diff_to``
    diff_from: str
    diff_to: str
    identical: bool  # every source that prints it has the same words (case, marks aside)
    score: float
    rule: str

    @property
    def first_wording(self) -> str:
        return next(w.text for w in self.wordings if w.text is not None)

    @property
    def quoted_by(self) -> str:
        """The sources that print it, as a phrase: "A and B", "A, B and C"."""
        return join_names([w.label for w in self.wordings if w.text is not None])


@dataclass(frozen=True)
class SingleQuotation:
    """A quotation only one source prints."""

    label: str
    speaker: str | None
    text: str
    short: bool


@dataclass(frozen=True)
class RepeatedParagraph:
    number: int  # 1-based paragraph of the copy as filed
    repeats: int  # 1-based paragraph it repeats
    opening: str  # its first words, to recognise it


@dataclass(frozen=True)
class SourceCopy:
    """How one source was filed: its words and what it repeats."""

    label: str
    article: Article
    from_original: bool  # measured on the raw wire copy (``original:``)
    quality: SourceQuality
    repeated: tuple[RepeatedParagraph, ...]  # body paragraphs sent again
    headline_repeats: int  # headline-like lines printed again

    @property
    def word_count(self) -> int:
        return self.quality.word_count

    @property
    def unique_word_count(self) -> int:
        return self.quality.unique_word_count


@dataclass(frozen=True)
class StoryComparison:
    shared: tuple[SharedQuotation, ...]
    single: tuple[SingleQuotation, ...]
    copies: tuple[SourceCopy, ...]

    @property
    def has_quotations(self) -> bool:
        return bool(self.shared or self.single)

    @property
    def reworded(self) -> tuple[SharedQuotation, ...]:
        """Shared quotations whose wording differs between sources."""
        return tuple(q for q in self.shared if not q.identical)

    @property
    def same_words(self) -> tuple[SharedQuotation, ...]:
        """Shared quotations every source words the same."""
        return tuple(q for q in self.shared if q.identical)


def join_names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def inner_quotes(text: str) -> str:
    """Plain text typeset for showing inside “…”: its own double quotes become single."""
    return smarten(text).translate(INNER_QUOTES)


def opening(paragraph: str, words: int = OPENING_WORDS) -> str:
    """The first words of a paragraph, typeset, to show inside quotation marks."""
    parts = paragraph.split()
    return inner_quotes(" ".join(parts[:words]) + ("\u00a0\u2026" if len(parts) > words else ""))


def source_copy(label: str, article: Article, paragraphs: tuple[str, ...],
                content: Path, own: SourceQuality | None = None) -> SourceCopy:
    """Quality of the raw copy when the article names one, else of its own
    paragraphs (``own``, when the comparison has assessed them already)."""
    raw = read_original(content, article)
    if raw is not None:
        paragraphs = paragraphs_from_text(raw)
    quality = own if raw is None and own is not None else assess(article.slug, paragraphs)
    repeated = tuple(RepeatedParagraph(r.paragraph + 1, r.repeats + 1,
                                       opening(paragraphs[r.paragraph]))
                     for r in quality.body_repeats)
    return SourceCopy(label, article, raw is not None, quality, repeated,
                      len(quality.repeats) - len(quality.body_repeats))


def with_articles(comparison: StoryComparison, articles: Sequence[Article]) -> StoryComparison:
    """The comparison naming ``articles`` (the same ones, in order): a comparison
    made in a worker process holds copies, which the parent swaps for its own."""
    copies = tuple(replace(copy, article=article)
                   for copy, article in zip(comparison.copies, articles, strict=True))
    return replace(comparison, copies=copies)


def compare_articles(articles: Sequence[Article], content: Path,
                     paragraphs: Mapping[str, tuple[str, ...]] | None = None
                     ) -> StoryComparison:
    """The comparison of a story's articles, in the order given (the first is the
    base). ``paragraphs``: each article's :func:`visible_paragraphs` by slug, where
    this build has them already (the article jobs send them back): parsing the
    bodies again was half of what comparing costs."""
    labels = source_labels(articles)
    known = paragraphs or {}
    sources = [SourceText(article.slug, label, known[article.slug] if article.slug in known
                          else visible_paragraphs(article.body))
               for article, label in zip(articles, labels)]
    result = compare_sources(sources)
    label_of = {source.id: source.label for source in sources}
    shared = []
    for group, segments in zip(result.alignment.aligned, result.diffs):
        present = [(label, text) for label, text in zip(labels, group.wordings)
                   if text is not None]
        shared.append(SharedQuotation(
            speaker=group.speaker,
            wordings=tuple(Wording(label, text) for label, text in zip(labels, group.wordings)),
            diff_html=render_html(segments), diff_from=present[0][0], diff_to=present[1][0],
            identical=len({for_comparing(text) for _, text in present}) == 1,
            score=group.score, rule=group.rule))
    single = tuple(SingleQuotation(label_of[entry.source_id], entry.quotation.speaker,
                                   entry.quotation.text, entry.quotation.short)
                   for entry in result.alignment.single)
    copies = tuple(source_copy(label, article, source.paragraphs, content, own)
                   for label, article, source, own in zip(labels, articles, sources,
                                                          result.quality))
    return StoryComparison(tuple(shared), single, copies)
