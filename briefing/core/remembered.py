"""Every kind of value a build remembers for the next, declared once.

A build asks ``remember(kind, key, compute)`` for values an earlier build may
have computed (see engine/incremental.BuildCache.remember); each kind is a
table of the build cache, named on disk by :attr:`Remembered.name`. The
declarations live here, at the bottom of the layers, because the stages that
remember values (load, render, publish, the glossary and stories features)
may not import the engine; engine/queries.py reads them to answer "what does
an edit rebuild?". Callers pass the declaration, never its name as a string,
so a kind cannot be misspelt into a table nobody reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class Input(StrEnum):
    """What an editor edits: the inputs a remembered value can depend on.
    (A new version of briefing's code discards the whole cache: not listed.)"""

    ARTICLE_FILE = "an article file"
    ARTICLE_SET = "which articles exist (a file added, removed or renamed)"
    ANNOTATION_FILE = "an annotation file"
    STORY_FILE = "a story file"
    GLOSSARY = "glossary.yml"
    WIRE_COPY = "a raw wire copy in content/wire/"
    SITE_YML = "site.yml"
    TEMPLATES = "templates/, the theme or static/"
    PICTURE = "a picture file content names (beside it, or in static/)"


@dataclass(frozen=True)
class Remembered:
    """One kind of remembered value: its table's ``name`` in the cache (saved on
    disk: renaming one discards its values), ``what`` it is, what its ``key``
    is computed from (everything computing it reads, so a stale value cannot
    be found) and the inputs whose edit changes that key."""

    name: str
    what: str
    key: str
    depends: tuple[Input, ...]
    # Values a build of the whole site asks for by the thousand (one per file
    # or per story, say): the store reads all of the kind in one query, the
    # first time one is asked for, instead of one query each (a narrow build,
    # which asks for a few, still reads them one by one: BuildCache.few).
    read_whole: bool = False
    # Values holding long text (an article's body, a story's) that the build goes
    # on holding after saving them: saved so that the text keeps no second copy
    # (engine/safe_pickle._Saver).
    long_text: bool = False


I = Input  # the declarations below read better short
ARTICLE = Remembered(
    "article", "an article file as loaded (the Article and its warnings)",
    "the file's key (FILE_KEY's value) and the SiteConfig", (I.ARTICLE_FILE, I.SITE_YML),
    read_whole=True, long_text=True)
ANNOTATIONS = Remembered(
    "annotations", "an annotation file as loaded (the slug it names, its notes, warnings)",
    "the file's key and the SiteConfig (whether the article it names exists is "
    "checked in every build)", (I.ANNOTATION_FILE, I.SITE_YML), read_whole=True)
STORY_FILE = Remembered(
    "story-file", "a story file as loaded (the Story and its warnings)",
    "the file's key and the SiteConfig", (I.STORY_FILE, I.SITE_YML), read_whole=True)
GLOSSARY = Remembered(
    "glossary-file", "glossary.yml as loaded (the Glossary and its warnings)",
    "the file's key and the SiteConfig", (I.GLOSSARY, I.SITE_YML))
FILE_KEY = Remembered(
    "file-key", "the key a content file is loaded under (a hash of its name, bytes "
    "and settings), so an unchanged file is not even read",
    "the file's path, size and modification time as the build's stamp found them "
    "(racily clean files are hashed every time), the settings and the loader's context",
    (I.ARTICLE_FILE, I.ANNOTATION_FILE, I.STORY_FILE, I.ARTICLE_SET, I.SITE_YML, I.WIRE_COPY,
     I.PICTURE), read_whole=True)
WIRE_VERSION = Remembered(
    "wire-version", "a version of a revised article's wire copy as its body (cleaned "
    "as an import cleans it), and its problems",
    "the file's key (FILE_KEY's value), the SiteConfig, and the article file and line "
    "of the revision's entry (its messages name them)", (I.WIRE_COPY, I.SITE_YML))
PICTURE = Remembered(
    "picture", "a picture file as probed (its kind, size and the hash of its bytes), or "
    "why it cannot be one: decoding a large photo costs more than its page",
    "the file's key (FILE_KEY's value)", (I.PICTURE, I.SITE_YML), read_whole=True)
FINGERPRINT = Remembered(
    "fingerprint", "a value's hash on listing pages, which leave some of its fields "
    "out (an article's body), so the key it was loaded under cannot stand for it",
    "that key and the fields left out", (I.ARTICLE_FILE, I.TEMPLATES), read_whole=True)
TEMPLATE_READS = Remembered(
    "template-reads", "which model fields the templates read (.line, .body), and "
    "whether they show definitions only in popovers (build/definitions.py), from "
    "their syntax trees", "the SiteConfig, the glossary's names and the bytes of "
    "templates/, the theme and static/", (I.TEMPLATES, I.SITE_YML, I.GLOSSARY))
COMPARISON = Remembered(
    "comparison", "a story's comparison of its reports (the costliest part of a "
    "story page)", "its articles' merged pages and their wire copies' bytes",
    (I.ARTICLE_FILE, I.ANNOTATION_FILE, I.GLOSSARY, I.SITE_YML, I.WIRE_COPY), long_text=True)
STORY = Remembered(
    "story", "a story's view (its rendered text, sources, notes and comparison)",
    "the story, its articles' merged pages, the URLs, the glossary's names, the "
    "SiteConfig and the wire copies' bytes",
    (I.STORY_FILE, I.ARTICLE_FILE, I.ANNOTATION_FILE, I.GLOSSARY, I.SITE_YML, I.WIRE_COPY),
    long_text=True)
STORY_TERMS = Remembered(
    "story-terms", "the glossary terms a story's view links (its page carries their "
    "definitions): known without reading the view, which a kept page never reads",
    "the view's key (STORY's)",
    (I.STORY_FILE, I.ARTICLE_FILE, I.ANNOTATION_FILE, I.GLOSSARY, I.SITE_YML, I.WIRE_COPY),
    read_whole=True)
STORY_MENTIONS = Remembered(
    "story-mentions", "where a story's summary mentions glossary terms (for term pages)",
    "the summary and the glossary's names", (I.STORY_FILE, I.GLOSSARY), read_whole=True)
TERMS_IN_TEXT = Remembered(
    "terms-in-text", "the glossary terms a text links (for the unused-term check)",
    "the text (a note's or a story's) and the glossary's names",
    (I.ANNOTATION_FILE, I.STORY_FILE, I.GLOSSARY), read_whole=True)
FEED_ENTRY = Remembered(
    "feed-entry", "an article's entry in the feeds (its HTML)",
    "the merged page's document, its URL and its article's pictures (their digests name "
    "their files)", (I.ARTICLE_FILE, I.ANNOTATION_FILE, I.GLOSSARY, I.SITE_YML, I.PICTURE))
NOTE_HTML = Remembered(
    "note-html", "a note's body as HTML on the corrections log, with the glossary terms "
    "it links (the log shows every correction and clarification on every build)",
    "the note's text (terms linked at merge) and the term links' settings: the "
    "glossary's URLs and its term slugs", (I.ANNOTATION_FILE, I.GLOSSARY, I.SITE_YML),
    read_whole=True)
CORRECTION_ENTRY = Remembered(
    "correction-entry", "a correction's or clarification's entry in "
    "corrections/feed.xml (its XML)",
    "all the entry shows: the note's text, kind, quote, URL and date (in the site's "
    "time zone), its article's title and URL",
    (I.ANNOTATION_FILE, I.ARTICLE_FILE, I.GLOSSARY, I.SITE_YML), read_whole=True)
CLAIM_REVIEWS = Remembered(
    "claim-reviews", "an article's fact-checks as claimreview.json lists them (each "
    "ClaimReview's date and JSON text)",
    "each placed fact-check's URL, quote, rating and date, the article's date and "
    "source, and the publisher as site.yml describes it",
    (I.ANNOTATION_FILE, I.ARTICLE_FILE, I.SITE_YML), read_whole=True)
SITEMAP = Remembered(
    "sitemap", "sitemap.xml's bytes", "the URLs (base URL), every page's path and "
    "each article's lastmod", (I.ARTICLE_FILE, I.ARTICLE_SET, I.STORY_FILE, I.GLOSSARY,
                               I.SITE_YML))
PAGE = Remembered(
    "page", "a listing page or a picture file (a variant, a crop, a sharing card) the "
    "last build wrote (its key and digest), kept in the output when its key is the same",
    "what every page reads site-wide (templates, SiteConfig, glossary names, all "
    "stories), the template and every value it is given (articles without their "
    "body unless a listing template reads it)", tuple(Input))
PAGE_TERMS = Remembered(
    "page-terms", "the glossary terms whose definitions a listing page carries (its "
    "popovers), in order: what build/definitions.py patches in it",
    "the page's path: set whenever the page is rendered, kept while it is kept",
    (I.ARTICLE_FILE, I.ANNOTATION_FILE, I.STORY_FILE, I.GLOSSARY, I.SITE_YML, I.TEMPLATES),
    read_whole=True)
TERM_PAGES = Remembered(
    "term-pages", "where a glossary term's definition is shown and what its page lists: "
    "the articles linking it, the listing pages carrying it, its appearances "
    "(build/definitions.py)",
    "the term's slug: set again by every build that runs the whole pipeline",
    (I.ARTICLE_FILE, I.ARTICLE_SET, I.ANNOTATION_FILE, I.STORY_FILE, I.GLOSSARY, I.SITE_YML,
     I.TEMPLATES))
GLOSSARY_SHOWN = Remembered(
    "glossary-shown", "the glossary's terms as the output shows them (what a build of an "
    "edited definition compares with)", "none: one row, set by every build that "
    "shows the glossary", (I.GLOSSARY, I.SITE_YML))
EDIT_BASIS = Remembered(
    "edit-basis", "what a build of an edited article alone reads of the last build of the "
    "whole site: the keys every article's merge and render read site-wide, the feeds' "
    "entries, the key annotation files were read under (build/narrow.py)",
    "none: one row, set again by every build that runs the whole pipeline", tuple(I))
del I

ALL: tuple[Remembered, ...] = (ARTICLE, ANNOTATIONS, STORY_FILE, GLOSSARY, FILE_KEY,
                               WIRE_VERSION,
                               FINGERPRINT, TEMPLATE_READS, COMPARISON, STORY, STORY_TERMS,
                               STORY_MENTIONS,
                               TERMS_IN_TEXT, FEED_ENTRY, NOTE_HTML, CORRECTION_ENTRY,
                               CLAIM_REVIEWS, SITEMAP, PAGE, PICTURE, PAGE_TERMS, TERM_PAGES,
                               GLOSSARY_SHOWN, EDIT_BASIS)

# remember(kind, key, compute): compute(), or the value an earlier build computed
# for the same kind and key (see incremental.BuildCache.remember).
Remember = Callable[[Remembered, str, Callable[[], T]], T]


def compute_now(kind: Remembered, key: str, compute: Callable[[], T]) -> T:
    """A Remember that remembers nothing (no cache)."""
    return compute()


# keep(kind, key): the value under key stays in the store, unread (this build
# has no need of it, a later one may: see incremental.BuildCache.keep_unread).
Keep = Callable[[Remembered, str], None]


def keep_nothing(kind: Remembered, key: str) -> None:
    """A Keep for a build without a store."""
