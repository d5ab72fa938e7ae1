"""The rating scale of site.yml (``ratings:``): the ratings a desk's fact-checks
use, in order, each with the definition readers find on ``/methodology/ratings/``.

A name YAML reads as true or false (``False``, ``No``) is taken as the text it
was written as: a scale may well have a rating called False. Names are
compared without regard to case when the scale is checked (``False`` and
``false`` are one rating written twice), and two names may not give the same
anchor on the ratings page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.core import schema
from briefing.core.errors import excerpt
from briefing.core.schema import Field, Invalid, Where
from briefing.core.slug import slugify
from briefing.core.yamlio import YamlList, YamlMap

RATINGS_PATH = "methodology/ratings/"  # the ratings page, site-relative
RATING_FIELDS = (Field("name", schema.text, required=True),
                 Field("definition", schema.text, required=True))


@dataclass(frozen=True)
class Rating:
    """One rating of the scale: its name as fact-checks write it, and what it means."""

    name: str
    definition: str
    line: int = 0  # its line in site.yml

    @property
    def slug(self) -> str:
        """The rating's anchor on the ratings page (``#mostly-false``)."""
        return rating_slug(self.name)


def rating_slug(name: str) -> str:
    """The anchor of a rating named ``name`` (a name with no ASCII letter or digit,
    which would have none, is refused by the scale's check)."""
    return slugify(name)


def rating_scale(value: Any, where: Where) -> tuple[Rating, ...]:
    """Check ``ratings:``; each problem is an error at its own line."""
    if not isinstance(value, list):
        raise Invalid(f"expected a list of ratings, each '- {{name: ..., definition: ...}}', "
                      f"got {schema.describe(value)}")
    if not value:
        raise Invalid("the scale is empty: list its ratings, or leave 'ratings' out")
    scale: list[Rating] = []
    for index, entry in enumerate(value):
        line = value.line_of(index) if isinstance(value, YamlList) else where.line
        rating = _rating(entry, Where(where.path, line, where.diagnostics), index)
        if rating is not None and _fits(rating, scale, where):
            scale.append(rating)
    return tuple(scale)


def _rating(entry: Any, where: Where, index: int) -> Rating | None:
    if not isinstance(entry, dict):
        where.diagnostics.error(where.path, where.line, f"'ratings': item {index + 1}: "
                                "expected a mapping with the keys name, definition, got "
                                f"{schema.describe(entry)}")
        return None
    if isinstance(entry, YamlMap) and "name" in entry:
        entry["name"] = entry.written("name")  # name: False is the rating False
    line = entry.line if isinstance(entry, YamlMap) else where.line
    before = len(where.diagnostics.errors)
    values = schema.check_mapping(entry, RATING_FIELDS, Where(where.path, line,
                                                              where.diagnostics), "a rating")
    if values is None or len(where.diagnostics.errors) > before:
        return None
    name_line = entry.value_line("name") if isinstance(entry, YamlMap) else line
    if not rating_slug(values["name"]):
        where.diagnostics.error(where.path, name_line, f"rating '{excerpt(values['name'])}' "
                                "needs a letter or a digit (A-Z, 0-9), for its anchor on the ratings page")
        return None
    return Rating(values["name"], values["definition"], name_line)


def _fits(rating: Rating, scale: list[Rating], where: Where) -> bool:
    """False, with an error at its line, when ``rating`` repeats one before it."""
    for earlier in scale:
        if earlier.name.casefold() == rating.name.casefold():
            where.diagnostics.error(where.path, rating.line, f"rating '{excerpt(rating.name)}' "
                                    f"is already in the scale (line {earlier.line}); names "
                                    "are compared without regard to case")
            return False
        if earlier.slug == rating.slug:
            where.diagnostics.error(where.path, rating.line, f"rating '{excerpt(rating.name)}' "
                                    f"would have the same anchor, #{rating.slug}, as "
                                    f"'{excerpt(earlier.name)}' (line {earlier.line})",
                                    "make the names differ in their letters or digits")
            return False
    return True
