"""What the listing pages list: topics (tags) with their articles, and months;
and their summaries, which the indexes of topics and months show instead.

Pure functions of the site's articles (already newest first), so the pages
they become are deterministic: tags sort by name, months newest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.core.dates import MONTHS
from briefing.core.slug import tag_slug
from briefing.model.site import Article


@dataclass(frozen=True)
class Tag:
    """A topic: every spelling that gives the same slug shares one page."""

    slug: str
    name: str  # the spelling used most often (alphabetically first on a tie)
    articles: tuple[Article, ...]  # newest first

    @property
    def url_path(self) -> str:
        return f"tags/{self.slug}/"

    @property
    def summary(self) -> TagSummary:
        return TagSummary(self.slug, self.name, len(self.articles))


@dataclass(frozen=True)
class TagSummary:
    """A topic without its articles: what the topics index and each of the topic's
    pages show of it, so an edit to one report changes neither."""

    slug: str
    name: str
    count: int  # reports with the tag

    @property
    def url_path(self) -> str:
        return f"tags/{self.slug}/"


def collect_tags(articles: Sequence[Article]) -> tuple[Tag, ...]:
    """Every tag of ``articles`` (newest first), sorted by name."""
    spellings: dict[str, Counter[str]] = {}
    tagged: dict[str, list[Article]] = {}
    for article in articles:
        for name in article.tags:
            slug = tag_slug(name)
            spellings.setdefault(slug, Counter())[name] += 1
            members = tagged.setdefault(slug, [])
            if not members or members[-1].slug != article.slug:  # "Armenia" and "armenia"
                members.append(article)
    tags = [Tag(slug, _preferred(spellings[slug]), tuple(members))
            for slug, members in tagged.items()]
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.name, t.slug)))


def _preferred(counts: Counter[str]) -> str:
    return min(counts, key=lambda name: (-counts[name], name))


ARCHIVE_PATH = "archive/"  # the archive's site-relative URL


@dataclass(frozen=True)
class MonthName:
    """A month of a listing split by month (the archive; the corrections log,
    whose months are under ``folder`` "corrections/"), without what it holds:
    what a link to its page shows."""

    year: int
    month: int
    folder: str = ARCHIVE_PATH  # the listing's URL path; the month's page is under it

    @property
    def label(self) -> str:
        """"August 2025", spelt out without the locale."""
        return f"{MONTHS[self.month - 1]} {self.year}"

    @property
    def id(self) -> str:
        """Fragment id of the month's heading: "2025-08"."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def url_path(self) -> str:
        """The month's page: "archive/2025/08/"."""
        return f"{self.folder}{self.year:04d}/{self.month:02d}/"


@dataclass(frozen=True)
class Month(MonthName):
    articles: tuple[Article, ...] = ()  # newest first

    @property
    def name(self) -> MonthName:
        return MonthName(self.year, self.month, self.folder)


def by_month(articles: Iterable[Article]) -> tuple[Month, ...]:
    """Articles grouped by the month of their date in the site's time zone, newest first."""
    months: dict[tuple[int, int], list[Article]] = {}
    for article in articles:
        months.setdefault((article.date.year, article.date.month), []).append(article)
    return tuple(Month(year, month, articles=tuple(
                     sorted(found, key=lambda a: (-a.date.timestamp(), a.slug))))
                 for (year, month), found in sorted(months.items(), reverse=True))


@dataclass(frozen=True)
class MonthCount(MonthName):
    """A month as an index of months shows it: its name and how many it holds."""

    count: int = 0


@dataclass(frozen=True)
class ArchiveYear:
    """A year of an index of months (the archive's, the corrections log's)."""

    year: int
    months: tuple[MonthCount, ...]  # newest first


def month_index(counts: Iterable[MonthCount]) -> tuple[ArchiveYear, ...]:
    """An index of months: ``counts`` (newest first) by year. Names and counts, not
    what the months hold, so it changes only when a month gains or loses one."""
    years: dict[int, list[MonthCount]] = {}
    for month in counts:
        years.setdefault(month.year, []).append(month)
    return tuple(ArchiveYear(year, tuple(found)) for year, found in years.items())


def archive_years(months: Sequence[Month]) -> tuple[ArchiveYear, ...]:
    """The archive's index of ``months`` (newest first)."""
    return month_index(MonthCount(month.year, month.month, month.folder,
                                  count=len(month.articles)) for month in months)
