"""``sitemap.xml`` (sitemaps.org 0.9) and ``robots.txt``.

The sitemap lists every HTML page the build wrote except the not-found page
and the search page, by absolute URL. Article pages carry ``lastmod`` (their
latest correction, else their date) and the front page the newest of those;
other pages have none rather than an invented one.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from briefing.core.urls import Urls

SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
LEFT_OUT = frozenset({"404.html", "search/index.html"})


def page_paths(paths: Iterable[str]) -> list[str]:
    """Site-relative URL paths of the pages among the output files, front page first."""
    pages = {path.removesuffix("index.html") for path in paths
             if path.endswith(".html") and path not in LEFT_OUT
             and not path.startswith(("static/", "pagefind/"))}
    return sorted(pages, key=lambda p: (p != "", p))


def sitemap_xml(paths: Iterable[str], urls: Urls,
                lastmod: Mapping[str, dt.datetime]) -> bytes:
    """``lastmod`` maps site-relative URL paths (``articles/x/``) to when they changed."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for path in page_paths(paths):
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = urls.absolute(path)
        if path in lastmod:
            ET.SubElement(entry, "lastmod").text = lastmod[path].isoformat()
    ET.indent(urlset, space=" ")
    text = ET.tostring(urlset, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def robots_txt(urls: Urls) -> bytes:
    return (f"# Crawlers read robots.txt only at the root of a host.\n"
            f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(SITEMAP_PATH)}\n").encode()
