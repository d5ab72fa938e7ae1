"""The publisher's policies of site.yml (``publisher: corrections_policy:`` ...):
each the slug of a plain page (``content/pages/<slug>.md``, at ``/<slug>/``) or
an absolute http(s) URL, and what schema.org calls it.

The value's shape is checked when site.yml is read (:func:`policy_link`); that
a slug names a page is checked by the load stage (:func:`check_policy_pages`),
which knows the content folder, against the files in ``content/pages/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config.layout import PAGES_DIR
from briefing.core import schema
from briefing.core.errors import Diagnostics, excerpt
from briefing.core.schema import Field, Invalid, Where
from briefing.core.suggest import did_you_mean

if TYPE_CHECKING:
    from briefing.config.site import Publisher, SiteConfig

# site.yml key under publisher: → the schema.org property of NewsMediaOrganization
POLICY_PROPERTIES = (
    ("corrections_policy", "correctionsPolicy"),
    ("fact_checking_policy", "verificationFactCheckingPolicy"),
    ("ethics_policy", "ethicsPolicy"),
    ("ownership_funding", "ownershipFundingInfo"),
    ("masthead", "masthead"),
)
# ``publishingPrinciples``: the first of these the publisher gives. Principles are
# what the ethics policy states; failing that, the fact-checking and corrections
# policies are the principles a reader can hold the desk to. A masthead or a
# statement of ownership names people and money, not principles.
PRINCIPLES = ("ethics_policy", "fact_checking_policy", "corrections_policy")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class PolicyLink:
    """Where a policy is: a page of the site (``page``) or an address elsewhere."""

    target: str  # a page slug, or an absolute http(s) URL
    line: int = 0  # its line in site.yml

    @property
    def page(self) -> str | None:
        """The slug of the site's page, or None for an address elsewhere."""
        return None if "/" in self.target else self.target

    @property
    def path(self) -> str | None:
        """The site-relative path of the page (``corrections-policy/``), or None."""
        return f"{self.page}/" if self.page else None


def policy_link(value: Any, where: Where) -> PolicyLink:
    """A page slug or an absolute http(s) URL; anything else is :class:`Invalid`."""
    written = schema.text(value, where)
    if _SCHEME.match(written) or "/" in written or "." in written:
        if written.startswith("/"):
            raise Invalid(f"'{excerpt(written)}' is a path: name a page of this site by its "
                          "slug alone, e.g. 'corrections-policy', or give an absolute "
                          "http(s) URL")
        return PolicyLink(schema.url(written, where), where.line)
    if not schema.SLUG_RE.match(written):
        raise Invalid(f"'{excerpt(written)}' is neither a page slug nor an absolute http(s) "
                      "URL: use the slug of a page in content/pages/, e.g. "
                      "'corrections-policy' for content/pages/corrections-policy.md, or an "
                      "address such as https://example.org/corrections")
    return PolicyLink(written, where.line)


POLICY_FIELDS = tuple(Field(name, policy_link) for name, _ in POLICY_PROPERTIES)


def policies(publisher: Publisher | None) -> list[tuple[str, PolicyLink]]:
    """The configured policies as (site.yml key, link), in the order of the keys."""
    if publisher is None:
        return []
    found = ((name, getattr(publisher, name)) for name, _ in POLICY_PROPERTIES)
    return [(name, link) for name, link in found if link is not None]


def page_slugs(content: Path) -> list[str]:
    """The slugs of the plain pages in ``content``: the names of ``pages/*.md``."""
    try:
        with os.scandir(content / PAGES_DIR) as listing:
            names = [entry.name for entry in listing]
    except OSError:  # no pages/ folder (or not a folder): no pages
        return []
    return sorted(name[:-3] for name in names if name.endswith(".md")
                  and not name.startswith("."))


def check_policy_pages(config: SiteConfig, diagnostics: Diagnostics,
                       slugs: Iterable[str] | None = None) -> None:
    """An error at its site.yml line for each policy slug that names no page."""
    configured = policies(config.publisher)
    if not any(link.page for _, link in configured):
        return
    known = sorted(slugs) if slugs is not None else \
        page_slugs(config.root / config.content_dir)
    for name, link in configured:
        if link.page is None or link.page in known:
            continue
        where = f"{config.content_dir.as_posix()}/{PAGES_DIR}/{link.page}.md"
        diagnostics.error(config.config_path, link.line,
                          f"'{name}': there is no page '{excerpt(link.page)}' ({where})",
                          did_you_mean(link.page, known) or
                          f"write {where}, or give the policy's absolute http(s) URL")
