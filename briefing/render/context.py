"""The render context: what every page is rendered with (site, URLs, Jinja
environment, the build's memo and reuse hooks), and the one way a template is
rendered, with template problems reported at their file and line."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2

from briefing.core.errors import BriefingError
from briefing.core.hashing import Fingerprints
from briefing.core.later import Later, RememberLater, compute_later
from briefing.core.outputs import KeptFile, OutputFile
from briefing.core.remembered import Remember, compute_now
from briefing.core.urls import Urls
from briefing.model.site import Site
from briefing.render.markdown import Rendered, render_or_replay
from briefing.text.splice import OneParse
from briefing.render.metadata import (
    default_meta,
)

Progress = Callable[[int, int], None]


# reuse(path, fingerprint, render): the last build's file at ``path`` if it had the
# same fingerprint (a KeptFile), else render().
ReusePage = Callable[[str, str, Callable[[], OutputFile]], "OutputFile | KeptFile"]


class TemplateProblem(BriefingError):
    """A theme or site template failed; names the template and line."""


@dataclass(frozen=True)
class RenderContext:
    site: Site
    urls: Urls
    env: jinja2.Environment
    remember: Remember = compute_now  # values an earlier build computed (engine/incremental.py)
    later: RememberLater = compute_later  # the same, read only if a page is rendered (later.py)
    # Keeps a page the last build wrote when its key is the same (engine/incremental.py);
    # site_key fingerprints what every page reads besides its values (templates, config).
    reuse: ReusePage | None = None
    site_key: str = ""
    fingerprints: Fingerprints = field(default_factory=Fingerprints)  # one per build
    # Note bodies the article jobs rendered (in worker processes), by text: story
    # pages show the same notes and need not render them again.
    prerendered: Mapping[str, Rendered] = field(default_factory=dict)
    # The part of the search index each article's page is in, by slug (the build's
    # search package decides; an article page names it in its markup).
    search_shards: Mapping[str, str] = field(default_factory=dict)
    # Told, as each page given ``definitions`` is rendered, its path and the terms
    # whose definitions it carries, in order (build/definitions.py patches them).
    shows_terms: Callable[[str, tuple[str, ...]], None] | None = None

    def key(self, *parts: object) -> str:
        """hashing.key(), for ``remember`` and ``reuse``: shared objects are hashed once."""
        return self.fingerprints.key(*parts)

    def markdown(self, text: str, env: dict[str, Any] | None = None,
                 parse: OneParse | None = None) -> str:
        """HTML of Markdown; ``env`` holds what the features' render rules read
        (a page's term links, its notes), given by the features' contexts;
        ``parse``: the text's tokens as merging parsed them, if it has them
        (text/splice.py), made HTML instead of parsing the text again."""
        return render_or_replay(text, env or {}, self.prerendered.get(text), parse)

    def page(self, template: str, path: str, **values: Any) -> OutputFile | KeptFile:
        """Render one HTML page whose site-relative URL is ``path`` (or keep the last
        build's, when nothing the page shows has changed). A value may be a
        :class:`~briefing.core.later.Later`: its key counts, and it is read
        only if the page is rendered."""
        url_path = path.removesuffix("index.html")
        values.setdefault("canonical", self.urls.absolute(url_path))
        values.setdefault("meta", default_meta(template))  # <head> metadata (render/metadata.py)

        def render() -> OutputFile:
            shown = {name: value.get() if isinstance(value, Later) else value
                     for name, value in values.items()}
            html = self.render(template, site=self.site.config, url_path=url_path, **shown)
            if self.shows_terms is not None and "definitions" in shown:
                self.shows_terms(path, tuple(view.slug for view in shown["definitions"]))
            return OutputFile(path, html.encode("utf-8"))

        if self.reuse is None:
            return render()
        # The values' repr is their content (dataclasses, strings, Markup); anything
        # without one (an object's address) just makes the page render every time.
        return self.reuse(path, self.key(self.site_key, template, values), render)


    def render(self, template: str, **values: Any) -> str:
        """A template's output; any template problem is reported with file and line."""
        try:
            return self.env.get_template(template).render(**values)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: "
                                  f"template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(f"template '{exc.name}' not found in templates/ "
                                  "or the theme") from None
        except UnicodeDecodeError as exc:  # a template file in another encoding
            raise TemplateProblem(f"{_file_read(exc) or template}: not UTF-8 text (byte "
                                  f"{exc.start + 1} is not); save the template as UTF-8"
                                  ) from None
        except Exception as exc:  # noqa: BLE001 - any template bug, reported with its place
            raise TemplateProblem(f"{_template_location(exc) or template}: "
                                  f"template error: {exc}") from None


def _file_read(exc: BaseException) -> str | None:
    """The file Jinja's loader was reading when ``exc`` was raised (its frame's
    ``filename``), if any."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_locals.get("filename")
        if tb.tb_frame.f_code.co_name == "get_source" and isinstance(name, str):
            found = name
        tb = tb.tb_next
    return found


def _template_location(exc: BaseException) -> str | None:
    """file:line of the innermost template frame of an exception raised while rendering."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith((".html", ".xml", ".txt"))]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None
