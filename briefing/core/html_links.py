"""Links inside rendered HTML fragments, for text shown away from the page it
was written for.

Markdown resolves a relative link (``../other/``, ``#sources``) against the
address of the page that shows it. A note's body is written for its report
and also shown on the corrections log and its story's page; a definition is
written for its term's page and shown in every popover; a story's summary
is written for the story's page and shown on the front page. Each such
fragment has its relative links resolved against its own page, so they lead
to one place wherever it is shown; feeds go further and make every link
absolute, as a feed reader knows no page.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_links(fragment: str, page_url: str) -> str:
    """``href``/``src`` values made absolute against ``page_url`` (absolute).

    Root-relative (``/repo/x/``) and relative (``../x/``) links would resolve
    against the feed's address in a reader, not the article's. In-page
    fragments (``#fn1``, the footnotes) stay as they are: they point into the
    same entry.
    """
    def absolute(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        if not value.startswith("#"):
            value = urljoin(page_url, value)
        return f"{match.group(1)}{html.escape(value)}{match.group(3)}"

    return _LINK_ATTRIBUTE.sub(absolute, fragment)


def resolved_links(fragment: str, page_path: str) -> str:
    """Relative ``href``/``src`` values (``../x/``, ``x/``) resolved against
    ``page_path``, the root-relative URL of the page the text was written for
    (``/repo/articles/slug/``): the same place from any page. Links with a
    scheme or from the root are left as they are, and so are in-page ones
    (``#fn1``: Markdown's own footnote links point into the fragment itself),
    so a fragment without relative links comes back unchanged."""
    if ' href="' not in fragment and ' src="' not in fragment:
        return fragment

    def resolve(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        if not value or value.startswith(("/", "#")) or urlsplit(value).scheme:
            return match.group(0)
        return f"{match.group(1)}{html.escape(urljoin(page_path, value))}{match.group(3)}"

    return _LINK_ATTRIBUTE.sub(resolve, fragment)
