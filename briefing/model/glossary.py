"""Glossary terms as the rest of the pipeline sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from briefing.model.by_fields import pickled_by_fields
from briefing.model.picture import ImageRef, Picture

LINK_POLICIES = ("first", "all", "none")


@dataclass(frozen=True)
class TermLink:
    title: str
    url: str


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str  # Markdown
    path: Path
    line: int
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = True
    link: str | None = None  # overrides the site's policy when set
    links: tuple[TermLink, ...] = ()
    image: ImageRef | None = None  # a map for a place, a portrait (see load/pictures.py)
    pictures: tuple[Picture, ...] = ()  # the file behind it, probed after loading

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    @property
    def url_path(self) -> str:
        return f"glossary/{self.slug}/"


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()  # sorted A-Z by term
    policy: str = "first"  # site.yml glossary: {link: ...}
    by_slug: dict[str, Term] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_slug.update({t.slug: t for t in self.terms})

    @cached_property
    def linking(self) -> tuple[object, ...]:
        """What finding and linking terms reads: names, slugs, case and link policy,
        not definitions. Text linked under equal values is linked identically, so
        a definition edit need not merge any article again."""
        return (self.policy, tuple((t.slug, t.term, t.aliases, t.case_sensitive, t.link)
                                   for t in self.terms))

    @cached_property
    def slugs(self) -> frozenset[str]:
        """Every term's slug, made once: each page rendered with term links is
        handed the set (render/terms.term_links), and a set per page was some
        8 MB held by the story pages' views at 10,000 articles."""
        return frozenset(self.by_slug)

    def policy_for(self, term: Term) -> str:
        return term.link or self.policy


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """Where a term is mentioned: for "Appears in" on the term's page."""

    slug: str  # the term's
    sentence: str  # the sentence, as a reader sees it
