"""Reading and checking site.yml.

The config is the one place that knows the site's root directory; every other
path (content, themes, templates, output) is resolved against it here so later
stages never depend on the process's working directory.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefing.config.hosting import check_cname_file, host_name
from briefing.config.listings import (
    FRONT_PAGE_REPORTS,
    FRONT_PAGE_STORIES,
    LISTING_FIELDS,
    TOPIC_PAGE_SIZE,
    listing_settings,
)
from briefing.config.places import check_places
from briefing.config.policies import POLICY_FIELDS, PolicyLink
from briefing.config.ratings import Rating, rating_scale
from briefing.config.sitefile import find_config
from briefing.core import schema
from briefing.core.errors import Diagnostics, UsageError, excerpt
from briefing.core.schema import Field, Invalid, Where
from briefing.core.yamlio import read_yaml_file


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str | None = None
    # Its policies (config/policies.py): a page slug or an absolute URL each.
    corrections_policy: PolicyLink | None = None
    fact_checking_policy: PolicyLink | None = None
    ethics_policy: PolicyLink | None = None
    ownership_funding: PolicyLink | None = None
    masthead: PolicyLink | None = None


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yml says, with defaults applied and paths resolved."""

    root: Path
    config_path: Path
    title: str
    base_url: str
    description: str = ""
    language: str = "en"
    theme: str = "default"
    content_dir: Path = Path("content")
    output_dir: Path = Path("_site")
    publisher: Publisher | None = None
    timezone: str = "UTC"
    annotations_strict: bool = True  # site.yml: annotations: {strict: ...}
    glossary_link: str = "first"  # site.yml: glossary: {link: first | all | none}
    search: bool = True  # site.yml: search: false turns Pagefind search off
    cname: str | None = None  # custom domain for GitHub Pages; written as CNAME
    ratings: tuple[Rating, ...] = ()  # site.yml: ratings:, the fact-checks' scale
    front_page_stories: int = FRONT_PAGE_STORIES  # site.yml: front_page: {stories: ...}
    front_page_reports: int = FRONT_PAGE_REPORTS  # site.yml: front_page: {reports: ...}
    topic_page_size: int = TOPIC_PAGE_SIZE  # site.yml: topic_pages: {per_page: ...}

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. ``/repo/``; always ends in /."""
        return urlsplit(self.base_url).path

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"


def _base_url(value: Any, where: Where) -> str:
    result = schema.url(value, where)
    parts = urlsplit(result)
    if parts.query or parts.fragment:
        raise Invalid(f"'{excerpt(result)}' must not have a query or fragment")
    return result if result.endswith("/") else result + "/"


def base_url_override(value: str) -> str:
    """An override of base_url (``--base-url``, ``$BRIEFING_BASE_URL``) checked as
    the key is; raises Invalid, so that the command line can name where the
    value came from."""
    return _base_url(value, Where(Path("site.yml"), 1, Diagnostics()))


def _language(value: Any, where: Where) -> str:
    result = schema.text(value, where)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", result):
        raise Invalid(f"'{excerpt(result)}' is not a BCP 47 language tag such as 'en' or 'en-GB'")
    return result


def _timezone(value: Any, where: Where) -> str:
    result = schema.text(value, where)
    try:
        zoneinfo.ZoneInfo(result)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"unknown time zone '{excerpt(result)}'; use an IANA name such as "
                      "'Europe/London' or 'UTC'") from None
    return result


def _relative_dir(value: Any, where: Where) -> Path:
    return Path(schema.text(value, where))


ANNOTATION_SETTINGS = (Field("strict", schema.boolean, default=True),)


GLOSSARY_SETTINGS = (Field("link", schema.choice(("first", "all", "none"), "link policy"),
                          default="first"),)
PUBLISHER_FIELDS = (Field("name", schema.text, required=True), Field("url", schema.url),
                    *POLICY_FIELDS)

SITE_FIELDS = (
    Field("title", schema.text, required=True),
    Field("description", schema.text, default=""),
    Field("base_url", _base_url, required=True),
    Field("language", _language, default="en"),
    Field("theme", schema.text, default="default"),
    Field("content_dir", _relative_dir, default=Path("content")),
    Field("output_dir", _relative_dir, default=Path("_site")),
    Field("publisher", schema.mapping(PUBLISHER_FIELDS, "publisher")),
    Field("timezone", _timezone, default="UTC"),
    Field("annotations", schema.mapping(ANNOTATION_SETTINGS, "annotations"), default={}),
    Field("glossary", schema.mapping(GLOSSARY_SETTINGS, "glossary"), default={}),
    Field("search", schema.boolean, default=True),
    Field("cname", host_name),
    Field("ratings", rating_scale, default=()),
    *LISTING_FIELDS,  # front_page:, topic_pages: (config/listings.py)
)


def load_config(path: Path | None, diagnostics: Diagnostics,
                base_url: str | None = None) -> SiteConfig | None:
    """Read site.yml; problems go to ``diagnostics`` and None is returned."""
    config_path = find_config(path)
    diagnostics.root = diagnostics.root or config_path.parent
    data = read_yaml_file(config_path, diagnostics)
    if data is None:
        return None
    where = Where(config_path, 1, diagnostics)
    fields = SITE_FIELDS
    if base_url is not None:  # an override makes the key optional in the file
        fields = tuple(Field(f.name, f.convert) if f.name == "base_url" else f
                       for f in SITE_FIELDS)
    values = schema.check_mapping(data, fields, where,
                                  "site.yml")
    if base_url is not None and values is not None:
        try:
            values["base_url"] = _base_url(base_url, where)
        except Invalid as exc:
            raise UsageError(f"--base-url: {exc}") from None
    if values is not None:
        check_cname_file(config_path, data, values["cname"], diagnostics)
        check_places(config_path, data, values, diagnostics)
    if values is None or diagnostics.errors:
        return None
    publisher = values.pop("publisher")
    strict = values.pop("annotations").get("strict", True)
    glossary_link = values.pop("glossary").get("link", "first")
    listing = listing_settings(values)  # front_page:, topic_pages:
    return SiteConfig(root=config_path.parent, config_path=config_path,
                      publisher=Publisher(**publisher) if publisher else None,
                      annotations_strict=strict, glossary_link=glossary_link,
                      **listing, **values)
