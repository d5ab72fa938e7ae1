"""The glossary pages' schema.org ``DefinedTermSet`` and ``DefinedTerm``."""

from __future__ import annotations

from typing import Any

from briefing.core.urls import Urls
from briefing.render.terms import TermView


def defined_term_set(views: list[TermView], urls: Urls, site_title: str) -> dict[str, Any]:
    """``/glossary/``: the set, with every term in it (each without its own context)."""
    return {"@context": "https://schema.org", "@type": "DefinedTermSet",
            "@id": urls.absolute("glossary/"), "name": f"{site_title}: glossary",
            "url": urls.absolute("glossary/"),
            "hasDefinedTerm": [_defined_term(v, urls, in_set=False) for v in views]}


def defined_term(view: TermView, urls: Urls) -> dict[str, Any]:
    """``/glossary/<slug>/``: one term, standing alone, pointing back at its set."""
    return _defined_term(view, urls)


def _defined_term(view: TermView, urls: Urls, in_set: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "DefinedTerm", "name": view.term.term,
                            "description": " ".join(view.term.definition.split()),
                            "url": urls.absolute(view.term.url_path)}
    if view.term.aliases:
        data["alternateName"] = list(view.term.aliases)
    if in_set:
        data = {"@context": "https://schema.org", **data,
                "inDefinedTermSet": urls.absolute("glossary/")}
    return data
