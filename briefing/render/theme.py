"""Finding the theme and preparing its Jinja2 environment.

A theme is a folder with ``templates/`` and ``static/``. A site overrides any
theme template by putting one with the same name in ``templates/`` beside
site.yml, the way Hugo and Zola layer layouts. A theme other than the default
one shipped with briefing is laid over it in turn, as a MkDocs ``custom_dir``
is over its theme: a template or static file it does not have is the default
theme's, so a theme may hold only what it changes (its stylesheet, its
``base.html``) and still gets every page, and the pages a new version of
briefing adds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from briefing.config.places import themes
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics, UsageError
from briefing.core.user_cache import user_cache_dir
from briefing.core.package import BUILTIN_THEME_DIRS, DEFAULT_THEME
from briefing.core.symlinks import SiteFolders
from briefing.core.urls import Urls
from briefing.render.filters import FILTERS


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    in_site: bool = False  # the site's own themes/NAME, not one shipped with briefing
    base: Path | None = None  # the default theme, under any other: what it lacks is taken from

    @property
    def templates_dir(self) -> Path:
        return self.path / "templates"

    @property
    def static_dir(self) -> Path:
        return self.path / "static"

    @property
    def folders(self) -> tuple[Path, ...]:
        """Its folder and, under it, the default theme's: what pages are made from."""
        return (self.path, self.base) if self.base is not None else (self.path,)


def find_theme(config: SiteConfig) -> Theme:
    """The site's own themes/NAME first, then the themes shipped with briefing;
    any but the shipped default theme is laid over that one."""
    candidates = [config.root / "themes" / config.theme]
    candidates += [d / config.theme for d in BUILTIN_THEME_DIRS]
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            default = _shipped_default()
            return Theme(config.theme, candidate, in_site=candidate is candidates[0],
                         base=default if default != candidate else None)
    available = themes(config.root)  # site.yml's check (config/places.py) told it first
    raise UsageError(f"{config.config_path.name}: theme '{config.theme}' not found "
                     f"(available: {', '.join(available) or 'none'})")


def _shipped_default() -> Path | None:
    return next((d / DEFAULT_THEME for d in BUILTIN_THEME_DIRS
                 if (d / DEFAULT_THEME / "templates").is_dir()), None)


# Folders a version-control tool keeps its history in: never published (a site
# kept in a repository of its own may have one inside static/).
VERSION_CONTROL = frozenset({".git", ".hg", ".svn"})


def static_files(config: SiteConfig, theme: Theme) -> list[tuple[str, Path]]:
    """(site-relative path, file) for every asset of the default theme under the
    site's theme, then the theme's, then every file of the site's static/ (so
    the later win), in a stable order; but a version-control folder's
    (:data:`VERSION_CONTROL`).

    Files of the site (its static/, its templates/, its own theme) are read only
    where they really are inside it: a symbolic link out of the site stops the
    build here, before anything is read or published (see symlinks.py). The
    templates are checked here too, since Jinja opens them by name later.
    """
    folders = SiteFolders.of(config.root, config.content_dir)
    diagnostics = Diagnostics(root=config.root)
    theme_static: list[Path] = []
    if theme.in_site:  # themes/NAME itself first: one error if it is the link out
        if folders.allows(theme.path, diagnostics):
            theme_static = folders.files_under(theme.static_dir, diagnostics)
            folders.files_under(theme.templates_dir, diagnostics)
    else:
        theme_static = sorted(p for p in theme.static_dir.rglob("*") if p.is_file())
    site_static = [path for path in folders.files_under(config.static_dir, diagnostics)
                   if not VERSION_CONTROL.intersection(path.relative_to(config.static_dir).parts)]
    folders.files_under(config.templates_dir, diagnostics)
    diagnostics.raise_if_errors()
    base = theme.base / "static" if theme.base is not None else None
    base_static = sorted(p for p in base.rglob("*") if p.is_file()) if base else []
    return [(f"static/{p.relative_to(base).as_posix()}", p) for p in base_static if base] \
        + [(f"static/{p.relative_to(theme.static_dir).as_posix()}", p) for p in theme_static] \
        + [(p.relative_to(config.static_dir).as_posix(), p) for p in site_static]


def template_environment(config: SiteConfig, theme: Theme, urls: Urls,
                         assets: dict[str, bytes],
                         bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """Autoescaping, strict environment with the ``url()`` family of helpers.

    ``bytecode_cache`` keeps compiled templates between builds (see
    :func:`user_bytecode_cache`).
    """
    loaders = [jinja2.FileSystemLoader(str(folder / "templates")) for folder in theme.folders]
    if config.templates_dir.is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(str(config.templates_dir)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, bytecode_cache=bytecode_cache)
    fingerprints = {path: hashlib.sha256(data).hexdigest()[:10]
                    for path, data in assets.items()}

    def asset(path: str) -> str:
        """URL of a static file with a content hash, so browsers never keep a stale copy."""
        if path not in fingerprints:
            raise KeyError(f"asset('{path}'): no such static file in the theme")
        return f"{urls.url(path)}?v={fingerprints[path]}"

    env.globals.update(url=urls.url, absolute_url=urls.absolute, asset=asset)
    env.filters.update(FILTERS)
    return env


def user_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept in the user's own cache folder.

    Compiled templates are code, loaded without further checks, so they are
    never kept in the project (where anyone who can commit could plant them),
    only where the user's own files are. Jinja keys each by the template's
    name and checks its source hash.
    """
    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def compile_templates(env: jinja2.Environment) -> None:
    """Load every template now, once, so processes forked afterwards share them."""
    for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml"))):
        try:
            env.get_template(name)
        except (jinja2.TemplateError, UnicodeDecodeError):
            pass  # reported with its place when a page uses it


def attributes_read(env: jinja2.Environment, attributes: frozenset[str]
                    ) -> dict[str, frozenset[str]]:
    """Which of ``attributes`` each template reads, by template name; templates
    reading none are left out.

    Conservative, since a page kept from the last build on a wrong answer
    would be stale: a template reads an attribute when it names it in any
    expression, ``x.attribute``, ``x['attribute']`` or as a string a filter
    reads by (``map(attribute='body')``, ``attr('body')``, ``sort``,
    ``groupby``, ``selectattr``), and a template that cannot be parsed counts
    as reading them all. A file that is not UTF-8 text (a picture or an
    editor's file left in ``templates/``) is no template: no page can use it.
    """
    found: dict[str, frozenset[str]] = {}
    for name in env.list_templates():
        try:
            source = env.loader.get_source(env, name)[0] if env.loader else ""
            tree = env.parse(source)
        except UnicodeDecodeError:
            continue
        except jinja2.TemplateError:
            found[name] = attributes
            continue
        read = {node.attr if isinstance(node, jinja2.nodes.Getattr) else
                node.value if isinstance(node, jinja2.nodes.Const) else
                getattr(node.arg, "value", None)
                for node in tree.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem,
                                           jinja2.nodes.Const))}
        if read & attributes:
            found[name] = frozenset(read & attributes)
    return found
