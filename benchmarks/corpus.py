"""A deterministic, realistic briefing corpus of any size, written to a folder.

``generate(CorpusSpec(articles=1000), folder)`` writes ``site.yml`` and a
``content/`` folder: articles of about 800 words of news prose, three notes per
article whose quotes occur exactly once in it, a glossary whose terms the prose
uses, and the stories a third of the articles join. The same spec always gives
the same bytes (one seeded RNG, no set iteration, no clock).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.notes import Note, make_notes
from benchmarks.prose import (DEKS, QUOTES, TITLES, Block, BodyPlan, Cast, body, fill,
                              markdown, word_count)
from benchmarks.vocabulary import SOURCES, TAGS, Term, Vocabulary, make_vocabulary

FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 731  # two years of dates
STORY_SHARE = 3  # one article in three joins a story
ARTICLES_PER_STORY = 3  # on average
SEARCH_CONFIG = "site-search.yml"
BASE_URL = "https://example.org/briefing/"  # site.yml's base_url
CACHE_DIR = ".briefing-cache"  # as briefing.engine.store.CACHE_DIR (tests check they agree)


@dataclass(frozen=True)
class CorpusSpec:
    articles: int = 1000
    seed: int = 8
    terms: int = 200
    notes_per_article: int = 3
    search: bool = True  # site.yml's search (Pagefind), on by default as in briefing


@dataclass(frozen=True)
class Corpus:
    """What was generated, and where; enough for the benchmark to edit it."""

    root: Path
    slugs: tuple[str, ...]  # newest first
    stories: tuple[str, ...]
    notes: int
    words: int
    terms: tuple[Term, ...]
    term_pages: dict[str, int] = field(repr=False)  # articles mentioning each term

    @property
    def config_path(self) -> Path:
        return self.root / "site.yml"

    @property
    def search_config_path(self) -> Path:
        """site.yml's twin with search on (``write_search_config``), same content."""
        return self.root / SEARCH_CONFIG

    @property
    def cache_dir(self) -> Path:
        """Where briefing keeps its build cache (briefing.engine.store.CACHE_DIR, beside
        site.yml): a cold build must start without it."""
        return self.root / CACHE_DIR

    @property
    def content(self) -> Path:
        return self.root / "content"

    def article_path(self, slug: str) -> Path:
        return self.content / "articles" / f"{slug}.md"

    def article_url_path(self, slug: str) -> str:
        """The URL path of the article's page, e.g. ``/briefing/articles/<slug>/``."""
        return f"{urlsplit(BASE_URL).path}articles/{slug}/"

    def annotation_path(self, slug: str) -> Path:
        return self.content / "annotations" / f"{slug}.yml"

    @property
    def glossary_path(self) -> Path:
        return self.content / "glossary.yml"


@dataclass
class Plan:
    """One article before its body is written."""

    index: int
    slug: str
    title: str
    dek: str
    date: dt.date
    time: str | None  # "14:30", or None for a date without a time
    tags: tuple[str, ...]
    source: str
    authors: tuple[str, ...]
    places: list[Term]
    persons: list[Term]
    organisations: list[Term]
    concepts: list[Term]
    story: str | None = None
    story_quote: str | None = None
    story_speaker: Term | None = None

    @property
    def cast_terms(self) -> list[Term]:
        return self.places + self.persons + self.organisations + self.concepts

    @property
    def sort_key(self) -> tuple[str, str]:
        return (f"{self.date.isoformat()}T{self.time or '00:00'}", self.slug)


@dataclass(frozen=True)
class StoryPlan:
    slug: str
    title: str
    date: dt.date
    summary: str


def zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


def slugify(text: str, max_length: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text) or "article"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def pick_cast(rng: random.Random, members: Sequence[Term], index: int, turns: int,
              extra: int) -> list[Term]:
    """``turns`` members in rotation (so every term is used) and ``extra`` popular ones."""
    chosen = [members[(index * turns + k) % len(members)] for k in range(turns)]
    weights = zipf_weights(len(members))
    for _ in range(extra):
        pick = rng.choices(members, weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def plan_article(rng: random.Random, vocab: Vocabulary, index: int, taken: set[str]) -> Plan:
    places = pick_cast(rng, vocab.places, index, 3, 1)
    persons = pick_cast(rng, vocab.persons, index, 2, 1)
    organisations = pick_cast(rng, vocab.organisations, index, 1, 1)
    concepts = pick_cast(rng, vocab.concepts, index, 1, 0)
    headline = Cast(rng, places, persons, organisations, concepts)
    headline.introduced.update(t.name for t in organisations)  # acronyms in headlines
    title = fill(rng.choice(TITLES), headline)
    tags = tuple(sorted(set(rng.choices(TAGS, weights=zipf_weights(len(TAGS)),
                                        k=rng.choice((1, 2, 2, 3))))))
    time = f"{rng.randrange(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}" \
        if rng.random() < 0.3 else None
    return Plan(index=index, slug=unique_slug(title, taken), title=title,
                dek=fill(rng.choice(DEKS), headline),
                date=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)), time=time,
                tags=tags, source=rng.choice(SOURCES),
                authors=tuple(rng.sample(vocab.authors, rng.choice((1, 1, 2)))),
                places=places, persons=persons, organisations=organisations,
                concepts=concepts)


def plan_stories(rng: random.Random, plans: list[Plan], vocab: Vocabulary) -> list[StoryPlan]:
    """About a third of the articles join stories of about three articles each."""
    members = rng.sample(plans, len(plans) // STORY_SHARE)
    if not members:
        return []
    count = max(1, len(members) // ARTICLES_PER_STORY)
    groups: list[list[Plan]] = [[] for _ in range(count)]
    for position, plan in enumerate(members):
        groups[position if position < count else rng.randrange(count)].append(plan)
    taken: set[str] = set()
    stories = []
    for group in groups:
        first = min(group, key=lambda p: p.sort_key)
        cast = Cast(rng, first.places, first.persons, first.organisations, first.concepts)
        speaker = rng.choice(first.persons)
        words = fill(rng.choice(QUOTES), cast)
        title = fill("Talks between {place} and {place} on the {concept}", cast)
        slug = unique_slug(title, taken)
        for plan in group:
            plan.story, plan.story_quote, plan.story_speaker = slug, words, speaker
            if speaker not in plan.persons:
                plan.persons.insert(0, speaker)
        summary = " ".join((fill("Delegations from {place} and {place} met {n} times to settle "
                                 "the {concept}.", cast),
                            f"{speaker.name} set out the position of the government."))
        stories.append(StoryPlan(slug, title, first.date, summary))
    return stories


def write_article(corpus_root: Path, plan: Plan, blocks: list[Block]) -> None:
    when = plan.date.isoformat() + (f"T{plan.time}:00+04:00" if plan.time else "")
    lines = ["---", f"title: {_q(plan.title)}", f"dek: {_q(plan.dek)}", f"date: {when}",
             "source:", f"  name: {_q(plan.source)}",
             f"  url: https://example.com/reports/{plan.slug}",
             f"authors: {_list(plan.authors)}", f"tags: {_list(plan.tags)}"]
    if plan.story:
        lines.append(f"story: {plan.story}")
    lines.append("---")
    path = corpus_root / "content" / "articles" / f"{plan.slug}.md"
    path.write_text("\n".join(lines) + "\n\n" + markdown(blocks), encoding="utf-8")


def write_notes(corpus_root: Path, slug: str, notes: list[Note]) -> None:
    lines = [f"article: {slug}", "annotations:"]
    for note in notes:
        lines += [f"  - id: {note.id}", f"    quote: {_q(note.quote)}", f"    kind: {note.kind}"]
        if note.rating:
            lines.append(f"    rating: {_q(note.rating)}")
        if note.title:
            lines.append(f"    title: {_q(note.title)}")
        lines += ["    body: |", _block(note.body, 6)]
        if note.sources:
            lines.append("    sources:")
            for title, url in note.sources:
                lines += [f"      - title: {_q(title)}", f"        url: {url}"]
        lines.append("    author: Briefing desk")
        if note.date:
            lines.append(f"    date: {note.date}")
        lines.append("")
    path = corpus_root / "content" / "annotations" / f"{slug}.yml"
    path.write_text("\n".join(lines), encoding="utf-8")


def write_glossary(corpus_root: Path, terms: Sequence[Term]) -> None:
    lines = ["# Generated by benchmarks/corpus.py", "terms:"]
    for term in terms:
        lines.append(f"  - term: {_q(term.name)}")
        if term.aliases:
            lines.append(f"    aliases: {_list(term.aliases)}")
        if not term.case_sensitive:
            lines.append("    case_sensitive: false")
        lines += ["    definition: |", _block(term.definition, 6), ""]
    (corpus_root / "content" / "glossary.yml").write_text("\n".join(lines), encoding="utf-8")


def write_story(corpus_root: Path, story: StoryPlan) -> None:
    text = "\n".join([f"title: {_q(story.title)}", f"date: {story.date.isoformat()}",
                      "summary: |", _block(story.summary, 2), ""])
    (corpus_root / "content" / "stories" / f"{story.slug}.yml").write_text(text, encoding="utf-8")


def write_site_config(corpus_root: Path, spec: CorpusSpec) -> None:
    (corpus_root / "site.yml").write_text(textwrap.dedent(f"""\
        # A generated benchmark corpus (benchmarks/corpus.py): {spec.articles} articles, seed {spec.seed}.
        title: The Benchmark Briefing
        description: Generated wire reports, annotated, for measuring build times.
        base_url: {BASE_URL}
        language: en
        timezone: UTC
        publisher:
          name: The Benchmark desk
        search: {'true' if spec.search else 'false'}
        """), encoding="utf-8")


def write_search_config(corpus: Corpus) -> Path:
    """A copy of site.yml with ``search: true``, beside it so that its content_dir
    (relative to the config's folder) is the same content: the benchmark times one
    cold build with Pagefind from it, into its own output, to show what search costs."""
    text = corpus.config_path.read_text(encoding="utf-8")
    text, found = re.subn(r"^search: .*$", "search: true", text, flags=re.MULTILINE)
    if not found:
        text = text.rstrip("\n") + "\nsearch: true\n"
    corpus.search_config_path.write_text(text, encoding="utf-8")
    return corpus.search_config_path


def ensure_mentioned(blocks: list[Block], cast: Cast, terms: Sequence[Term]) -> None:
    """Add a closing sentence naming any cast member the prose happened to skip."""
    text = "\n".join(t for b in blocks for t in b.texts)
    missing = [term.name for term in terms if not any(n in text for n in term.names)]
    if missing:
        line = f"Also named in this report: {', '.join(missing)}."
        blocks.append(Block(line, (line,), "paragraph"))


def generate(spec: CorpusSpec, root: Path) -> Corpus:
    """Write the corpus into ``root`` (created; must not hold another corpus)."""
    rng = random.Random(spec.seed)
    vocab = make_vocabulary(rng, spec.terms)
    for folder in ("articles", "annotations", "stories"):
        (root / "content" / folder).mkdir(parents=True, exist_ok=True)
    write_site_config(root, spec)
    taken: set[str] = set()
    plans = [plan_article(rng, vocab, index, taken) for index in range(spec.articles)]
    stories = plan_stories(rng, plans, vocab)
    term_pages: dict[str, int] = {term.name: 0 for term in vocab.terms}
    words = notes = 0
    for plan in plans:
        cast = Cast(rng, plan.places, plan.persons, plan.organisations, plan.concepts)
        related = plans[(plan.index + 1) % len(plans)].slug if len(plans) > 1 else None
        blocks = body(cast, BodyPlan(f"https://example.org/statements/{plan.slug}", related,
                                     plan.story_quote, plan.story_speaker))
        ensure_mentioned(blocks, cast, plan.cast_terms)
        for term in plan.cast_terms:
            term_pages[term.name] += 1
        note_list = make_notes(rng, blocks, Cast(rng, plan.places, plan.persons,
                                                 plan.organisations, plan.concepts),
                               plan.date, spec.notes_per_article)
        write_article(root, plan, blocks)
        write_notes(root, plan.slug, note_list)
        words += word_count(blocks)
        notes += len(note_list)
    write_glossary(root, vocab.terms)
    for story in stories:
        write_story(root, story)
    newest = sorted(plans, key=lambda p: p.sort_key, reverse=True)
    return Corpus(root, tuple(p.slug for p in newest), tuple(s.slug for s in stories), notes,
                  words, vocab.terms, term_pages)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_q(item) for item in items) + "]"


def _block(text: str, indent: int) -> str:
    """A literal block scalar's lines, wrapped at 88 columns."""
    pad = " " * indent
    paragraphs = [textwrap.fill(p, 88 - indent, initial_indent=pad, subsequent_indent=pad)
                  for p in text.split("\n\n")]
    return "\n\n".join(paragraphs)
