"""The files that publish a built briefing: feeds, sitemap, robots.txt and CNAME.

Runs after the render stage, over its output files (the sitemap lists the
pages whatever produced them), and returns more output files for the write
stage. A file of the same name in the site's ``static/`` folder wins over a
generated ``robots.txt``; ``CNAME`` may come from ``cname:`` in site.yml or
from ``static/CNAME``, not both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from briefing.config.site import SiteConfig
from briefing.core.hashing import key
from briefing.core.outputs import OutputFile
from briefing.core.remembered import SITEMAP, Remember, compute_now
from briefing.core.urls import Urls
from briefing.model.page import MergedPage
from briefing.model.site import Site
from briefing.publish.claimreview import claim_review_feed
from briefing.publish.feeds import (
    ATOM_PATH,
    JSON_FEED_PATH,
    Entry,
    atom_feed,
    entries,
    json_feed,
)
from briefing.publish.sitemap import (
    ROBOTS_PATH,
    SITEMAP_PATH,
    page_paths,
    robots_txt,
    sitemap_xml,
)
from briefing.render.metadata import page_updated

CNAME_PATH = "CNAME"


def sitemap_key(paths: Collection[str], urls: Urls, lastmod: Mapping[str, dt.datetime]) -> str:
    """The key of sitemap.xml: its URLs and each ``lastmod`` as it writes them, joined
    into two strings (NUL is in no path), which hash at a fraction of the cost of
    walking tens of thousands of paths and dates one by one."""
    listed = "\0".join(page_paths(paths))
    dates = "\0".join(f"{path}\0{when.isoformat()}" for path, when in sorted(lastmod.items()))
    return key(urls, listed, dates)


def feed_files(items: Sequence[Entry], config: SiteConfig, urls: Urls) -> list[OutputFile]:
    """feed.xml and feed.json, of the entries of the newest articles (feeds.entries)."""
    return [OutputFile(ATOM_PATH, atom_feed(items, config, urls)),
            OutputFile(JSON_FEED_PATH, json_feed(items, config, urls))]


def publication_files(site: Site, pages: Sequence[MergedPage], urls: Urls,
                      paths: Collection[str], remember: Remember = compute_now,
                      items: Sequence[Entry] | None = None) -> list[OutputFile]:
    """``paths``: every output file so far (the sitemap lists the pages among them);
    ``remember`` may supply each feed entry's HTML (of the feeds and of the corrections
    log's feed), each article's ClaimReviews and the sitemap from the last build;
    ``items``, the feeds' entries, when the caller has made them. The corrections
    log's feed is imported here: it needs the log's model (listings/corrections.py,
    and through it the story comparison), 25 ms of imports that a narrow build,
    which writes feed.xml and feed.json alone (feed_files), need not pay."""
    from briefing.listings.corrections import LOG_FEED_PATH
    from briefing.publish.corrections import corrections_feed

    config = site.config
    taken = set(paths)
    if items is None:
        items = entries(pages, config, urls, remember)
    lastmod = {page.article.url_path: page_updated(page, config) for page in pages}
    if lastmod:
        lastmod[""] = max(lastmod.values())  # the front page changes with any article
    result = [
        *feed_files(items, config, urls),
        OutputFile(LOG_FEED_PATH, corrections_feed(pages, config, urls, remember)),  # the log
        OutputFile(SITEMAP_PATH, remember(  # ten thousand entries: made when they change
            SITEMAP, sitemap_key(taken, urls, lastmod),
            lambda: sitemap_xml(taken, urls, lastmod))),
    ]
    fact_checks = claim_review_feed(pages, config, urls, remember)  # /claimreview.json
    if fact_checks is not None:
        result.append(fact_checks)
    if ROBOTS_PATH not in taken:
        result.append(OutputFile(ROBOTS_PATH, robots_txt(urls)))
    if config.cname and CNAME_PATH not in taken:  # both: refused as site.yml is read
        result.append(OutputFile(CNAME_PATH, f"{config.cname}\n".encode()))
    return result
