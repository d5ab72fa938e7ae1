"""Loading ``content/articles/*.md`` into :class:`Article` objects."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefing.config.site import SiteConfig
from briefing.core import schema
from briefing.core.dates import localise
from briefing.core.errors import Diagnostics
from briefing.core.files import read_text
from briefing.core.schema import Field, Invalid, Where
from briefing.core.slug import slugify
from briefing.core.yamlio import YamlMap, YamlSyntaxError, load_yaml
from briefing.load.frontmatter import (
    FrontMatterError,
    FrontMatterSplit,
    split_front_matter,
)
from briefing.load.revisions import check_order, revisions, revisions_field
from briefing.model.picture import ImageRef
from briefing.model.site import Article, Source
from briefing.text.images import (
    body_alt_missing,
    body_images,
    image_ref_any_alt,
    report_lead_alt,
)
from briefing.core.controls import CONTROL, control_name
from briefing.text.nesting import warn_too_deep

SOURCE_FIELDS = (Field("name", schema.text), Field("url", schema.url))

ARTICLE_FIELDS = (
    Field("title", schema.text, required=True),
    Field("date", schema.date_or_datetime, required=True),
    Field("dek", schema.text),
    Field("source", schema.mapping(SOURCE_FIELDS, "source")),
    Field("authors", schema.text_list, default=()),
    Field("tags", schema.text_list, default=()),
    Field("story", schema.slug),
    Field("original", schema.text),
    Field("draft", schema.boolean, default=False),
    Field("slug", schema.slug),
    Field("revisions", revisions_field, default=()),
    Field("image", image_ref_any_alt),  # alt checked with the body's images
)


def load_article(path: Path, config: SiteConfig, diagnostics: Diagnostics) -> Article | None:
    """Parse one article file; every problem found goes to ``diagnostics``, and
    an article with one is None."""
    article = read_article(path, config, diagnostics)
    return None if article is None or lacks_alt(article) else article


def read_article(path: Path, config: SiteConfig, diagnostics: Diagnostics) -> Article | None:
    """One article file as read, every problem found going to ``diagnostics``.
    An article whose pictures lack alt text (reported here) is still returned,
    so that the build checks its picture files in the same run (one picture's
    missing alt must not hide another's missing file); :func:`lacks_alt` then
    keeps it from being built."""
    read = read_front_matter(path, diagnostics)
    if read is None:
        return None
    split, data = read
    where = Where(path, split.yaml_line, diagnostics)
    before = len(diagnostics.errors)
    values = schema.check_mapping(data if data is not None else YamlMap(),
                                  ARTICLE_FIELDS, where, "front matter")
    slug = _slug(path, values, data, diagnostics)
    if values is None or slug is None or len(diagnostics.errors) > before:
        return None
    if nul_in_body(path, split.body, split.body_line, diagnostics):
        return None
    article = replace(_article(path, slug, values, split.body, split.body_line, config),
                      image=values["image"], images=body_images(split.body, split.body_line))
    if not check_order(path, article.revisions, diagnostics):
        return None
    _report_missing_alt(article.path, article.image, article.images, diagnostics)
    warn_too_deep(split.body, path, split.body_line, diagnostics)
    if isinstance(data, YamlMap):  # value lines, for checks made after loading (story:, original:)
        article = replace(article, lines=MappingProxyType(dict(data.value_lines)))
    return article


def lacks_alt(article: Article) -> bool:
    """Whether a picture of ``article`` has no alt text: an error, reported when
    the article was read, so the article is not built."""
    return (article.image is not None and not article.image.alt) or \
        any(not image.alt for image in article.images)


def _report_missing_alt(path: Path, lead: ImageRef | None, body: tuple[ImageRef, ...],
                        diagnostics: Diagnostics) -> None:
    """An error for the lead image and each body image without alt text, at its line."""
    report_lead_alt(lead, path, diagnostics)
    for image in body:
        if not image.alt:
            diagnostics.error(path, image.line, *body_alt_missing(image))


def unloaded_pictures(path: Path, diagnostics: Diagnostics
                      ) -> tuple[ImageRef | None, tuple[ImageRef, ...]]:
    """The pictures an article file that failed to load names, as far as its
    front matter can be read, with their missing alt text told (its loading
    stopped before it told it): the caller checks their files, so that a bad
    date does not hide a misspelt picture until the next build. Its other
    problems were told when it was read, and are not told again."""
    read = read_front_matter(path, Diagnostics())
    if read is None:
        return None, ()
    split, data = read
    lead = None
    if isinstance(data, YamlMap) and data.get("image") is not None:
        try:
            lead = image_ref_any_alt(data["image"], Where(path, split.yaml_line, Diagnostics()))
        except Invalid:  # told when it was read
            lead = None
    body = body_images(split.body, split.body_line)
    _report_missing_alt(path, lead, body, diagnostics)
    return lead, body


def read_front_matter(path: Path, diagnostics: Diagnostics, needs: str = "title: and date:"
                      ) -> tuple[FrontMatterSplit, Any] | None:
    """A Markdown file's front matter split from its body, and its YAML (with
    lines); None when the file cannot be read or split, or the YAML is broken.
    Problems go to ``diagnostics`` at their lines. (Articles and plain pages.)"""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    try:
        split = split_front_matter(text, needs)
        data, problems = load_yaml(split.yaml_text, line_offset=split.yaml_line - 1)
    except FrontMatterError as exc:
        diagnostics.error(path, exc.line, str(exc))
        return None
    except YamlSyntaxError as exc:
        diagnostics.error(path, exc.problem.line, f"front matter: {exc.problem.message}",
                          _unclosed_hint(split))
        return None
    for problem in problems:
        diagnostics.error(path, problem.line, problem.message)
    return split, data


def _unclosed_hint(split: FrontMatterSplit) -> str | None:
    """A likely cause of broken front matter: its closing '---' left out, so a
    '---' in the text (a rule) closed it and the paragraphs before it were read
    as YAML. Front matter has no blank line; the text always does."""
    lines = split.yaml_text.split("\n")
    blank = next((number for number, line in enumerate(lines) if not line.strip()), None)
    if blank is None or blank == len(lines) - 1:
        return None
    closing = split.yaml_line + len(lines) - 1
    return (f"is the front matter's closing '---' missing? The '---' on line {closing} "
            f"closed it; add one before line {split.yaml_line + blank}")


def nul_in_body(path: Path, body: str, body_line: int, diagnostics: Diagnostics) -> bool:
    """A control character in the Markdown is an error at its line: markdown-it
    would quietly show U+FFFD for a NUL, and pass the others (a BEL, U+0007)
    into the HTML, where they are errors; in text they usually mean a damaged
    file or a paste from a terminal. Tabs, line ends and form feeds are text."""
    found = CONTROL.search(body)
    if found is None:
        return False
    position = found.start()
    line = body_line + body.count("\n", 0, position)
    column = position - (body.rfind("\n", 0, position) + 1) + 1
    diagnostics.error(path, line, f"{control_name(found.group())} at column {column}: "
                      "Markdown cannot show it "
                      "(the file may be damaged); delete it")
    return True



def _slug(path: Path, values: dict[str, Any] | None, data: Any,
          diagnostics: Diagnostics) -> str | None:
    if values and values.get("slug"):
        return values["slug"]
    if schema.SLUG_RE.match(path.stem):
        return path.stem
    suggestion = slugify(path.stem) or "article"
    diagnostics.error(path, 1, f"the file name '{path.name}' is not a usable slug",
                      f"rename it to '{suggestion}.md' or add 'slug: {suggestion}' "
                      "to the front matter")
    return None


def _article(path: Path, slug: str, values: dict[str, Any], body: str, body_line: int,
             config: SiteConfig) -> Article:
    date, has_time = localise(values["date"], config.timezone)
    source = values["source"]
    return Article(
        slug=slug, title=values["title"], date=date, has_time=has_time, body=body,
        path=path, body_line=body_line, dek=values["dek"],
        source=Source(**source) if source else None, authors=values["authors"],
        tags=values["tags"], story=values["story"], draft=values["draft"],
        original=values["original"], revisions=revisions(values["revisions"], config.timezone))
