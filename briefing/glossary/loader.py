"""Reading ``content/glossary.yml`` into checked :class:`Term` objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.core import schema
from briefing.core.errors import Diagnostics, excerpt
from briefing.core.schema import Field, Where
from briefing.core.slug import slugify
from briefing.core.yamlio import (
    YamlList,
    read_yaml_file,
)
from briefing.model.glossary import LINK_POLICIES, Glossary, Term, TermLink
from briefing.text.images import image_ref_any_alt, report_lead_alt
from briefing.text.nesting import markdown_text

link_policy = schema.choice(LINK_POLICIES, "link policy")


LINK_FIELDS = (Field("title", schema.text, required=True), Field("url", schema.url, required=True))
TERM_FIELDS = (
    Field("term", schema.text, required=True),
    Field("id", schema.slug),
    Field("aliases", schema.text_list, default=()),
    Field("case_sensitive", schema.boolean, default=True),
    Field("link", link_policy),
    Field("definition", markdown_text, required=True),
    Field("links", schema.mapping_list(LINK_FIELDS, "link"), default=()),
    Field("image", image_ref_any_alt),  # alt checked after its file: see _term
)
FILE_FIELDS = (Field("terms", lambda value, where: value, required=True),)


def load_glossary(path: Path, policy: str, diagnostics: Diagnostics) -> Glossary:
    """The glossary, or an empty one when the file does not exist."""
    if not path.is_file():
        return Glossary(policy=policy)
    data = read_yaml_file(path, diagnostics)
    if data is None:
        return Glossary(policy=policy)
    top = schema.check_mapping(data, FILE_FIELDS, Where(path, 1, diagnostics), "glossary.yml")
    entries = top["terms"] if top else None
    if not isinstance(entries, list):
        if top is not None and entries is not None:
            diagnostics.error(path, getattr(entries, "line", 1), "'terms' must be a list of "
                              "terms, each starting with '- term:'")
        return Glossary(policy=policy)
    terms = [t for i, e in enumerate(entries) if (t := _term(path, _line(entries, i), e,
                                                            diagnostics))]
    _check_unique(terms, diagnostics)
    return Glossary(tuple(sorted(terms, key=lambda t: (t.term.casefold(), t.slug))), policy)


def _line(entries: list, index: int) -> int:
    return entries.line_of(index) if isinstance(entries, YamlList) else 1


def _term(path: Path, line: int, entry: Any, diagnostics: Diagnostics) -> Term | None:
    before = len(diagnostics.errors)
    values = schema.check_mapping(entry, TERM_FIELDS, Where(path, line, diagnostics), "term")
    if values is None or len(diagnostics.errors) > before:
        return None
    slug = values.pop("id") or slugify(values["term"])
    if not slug:
        diagnostics.error(path, line, "cannot make a slug from the term "
                          f"'{excerpt(values['term'])}'",
                          "add 'id:' with a slug such as 'nagorno-karabakh'")
        return None
    links = tuple(TermLink(**link) for link in values.pop("links"))
    report_lead_alt(values["image"], path, diagnostics)  # the site then stops at its check
    return Term(slug=slug, path=path, line=line, links=links, **values)


def _check_unique(terms: list[Term], diagnostics: Diagnostics) -> None:
    """A name (term or alias) or a slug may belong to one term only."""
    names: dict[str, Term] = {}
    slugs: dict[str, Term] = {}
    for term in terms:
        earlier = names.get(term.term.casefold())
        if earlier is not None and earlier.term.casefold() == term.term.casefold():
            # The same term twice: its slug clashes too, and another 'id:' would not help.
            diagnostics.error(term.path, term.line, f"the term '{excerpt(term.term)}' is already "
                              f"defined on line {earlier.line}",
                              "merge the two entries into one, or remove this one")
            continue
        first = slugs.setdefault(term.slug, term)
        if first is not term:
            diagnostics.error(term.path, term.line, f"the slug '{excerpt(term.slug)}' of "
                              f"'{excerpt(term.term)}' is also the slug of "
                              f"'{excerpt(first.term)}' (line {first.line})",
                              "give one of them another 'id:'")
        _check_names(term, names, diagnostics)


def _check_names(term: Term, names: dict[str, Term], diagnostics: Diagnostics) -> None:
    """Each of ``term``'s names once, whatever its case: in the term itself
    (an alias that repeats the term or another alias) and among the terms
    before it (``names``, which takes this term's)."""
    own: set[str] = set()
    for name in term.names:
        key = name.casefold()
        if key in own:
            repeated = "the term" if key == term.term.casefold() else "another alias"
            diagnostics.error(term.path, term.line, f"the alias '{excerpt(name)}' repeats "
                              f"{repeated} of '{excerpt(term.term)}'", "remove it")
            continue
        own.add(key)
        owner = names.setdefault(key, term)
        if owner is not term:
            diagnostics.error(term.path, term.line, f"'{excerpt(name)}' is defined twice: "
                              f"by '{excerpt(owner.term)}' (line {owner.line}) and by "
                              f"'{excerpt(term.term)}'")
