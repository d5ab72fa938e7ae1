"""What does an edit rebuild? The engine's view of everything a build reuses.

A build reuses two sorts of work from the last one, each found by a key that
hashes (core/hashing.key) everything computing it reads, so a stale value is
never found and nothing needs invalidating by hand:

- **Article entries** (incremental.BuildCache.plan/settle): an article's
  merged page, keyed by the Article, its notes, the glossary's names and the
  SiteConfig (:data:`MERGED_PAGE`); and its files, keyed by that plus its own
  story, the glossary terms it links, and the bytes of templates/, the theme
  and static/ (:data:`ARTICLE_FILES`). Unchanged, the page is reused and the
  files stay in the output (only when the last build's output is intact).
- **Remembered values** (BuildCache.remember), one table per kind declared in
  core/remembered.py (:data:`QUERIES`): the values stages and features ask
  for by kind and key. A listing page may be given one as a Later
  (core/later.py, BuildCache.later): its key stands for it in the page's key,
  and it is read from the store only if the page is rendered again; a story
  page or the corrections log kept from the last build reads nothing.

So, by edit (:func:`rebuilt_by` lists the remembered kinds):

- *an article's text or front matter*: that article is loaded, merged and
  rendered again; listing pages showing it (front page, archive, its tags and
  story, feeds, sitemap) are rendered again, the rest kept. Its body alone
  touches no listing page unless a listing template reads ``.body``.
- *a note*: its article is merged and rendered again, and its story page.
- *a story file*: the story's page, its articles' pages (they show its title)
  and the listing pages showing it.
- *glossary.yml*: a definition re-renders the articles linking the term and
  its term page; a term's name (or the link policy) changes what every
  article links, so everything is merged again.
- *a wire copy*: its story's comparison and page; a version listed under an
  article's ``revisions:`` (WIRE_VERSION, remembered by its file's key) is
  joined to the Article every build (load/revisions.py), so its article is
  merged and rendered again (and its history page with it).
- *a picture* (one an article or story names): probed again (PICTURE); its
  new digest is in ``Article.pictures``, so the articles showing it are
  merged and rendered again, with the listing pages showing them; its
  variants get new names, made once (kept while their keys are the same).
- *a plain page* (content/pages/): read again every build (they are few) and
  its page rendered again; its title or ``menu:``, or a page added to the
  menu or taken off it, changes the menu every page shows, so everything is
  rendered again (merged pages are kept).
- *site.yml*: every file is loaded again (each key holds the SiteConfig) and
  everything is rebuilt; so do templates/, the theme and static/ for
  everything rendered (merged pages are kept).
- *briefing's own code*: the cache is discarded (store's code_version).

Anything nothing asked for during a build is dropped afterwards
(BuildCache.forget_missing), so the cache holds only what the site has now.
"""

from __future__ import annotations

from briefing.core.remembered import ALL, Input, Remembered

QUERIES: tuple[Remembered, ...] = ALL
MERGED_PAGE = ("an article's merged page and its merge warnings",
               "the Article, its notes, the glossary's names, the SiteConfig")
ARTICLE_FILES = ("an article's files (kept in the output, not rendered again)",
                 ("the merged page's key, its own story, the glossary terms it links, "
                  "the SiteConfig, the site menu and the bytes of templates/, the theme "
                  "and static/"))


def rebuilt_by(edit: Input) -> tuple[Remembered, ...]:
    """The remembered kinds whose keys an ``edit`` of that input may change:
    their values are computed again wherever the key did change."""
    return tuple(query for query in QUERIES if edit in query.depends)


def by_name(name: str) -> Remembered:
    """The declaration of the cache table ``name`` (as saved on disk)."""
    for query in QUERIES:
        if query.name == name:
            return query
    raise KeyError(name)
