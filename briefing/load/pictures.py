"""The files behind the images content names: found, checked and probed.

Runs after the articles and stories are loaded (their own files' bytes are
what their cached loads are keyed by; a picture's are not), so an edited
picture is noticed even when the article naming it is unchanged: its digest
goes into the article (``Article.pictures``) and so into its keys. Each
file's probe is remembered by the file's key, itself remembered by the
file's size and time (as RememberedFiles does for content files), so an
unchanged picture is neither read nor decoded again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from briefing.config.layout import PICTURE_SUFFIXES
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.core.remembered import PICTURE
from briefing.core.suggest import closest
from briefing.model.picture import ImageRef, Picture
from briefing.pictures.probe import PictureProblem, Probed, probe

if TYPE_CHECKING:
    from briefing.load.site_files import RememberedFiles

SUFFIXES = PICTURE_SUFFIXES
T = TypeVar("T")


def with_pictures(owner: T, path: Path, lead: ImageRef | None, body: tuple[ImageRef, ...],
                  config: SiteConfig, files: RememberedFiles) -> T:
    """``owner`` (an Article or a Story, from ``path``) with the pictures its
    lead image and body images name; problems are errors at the line naming
    each. A body image on another server is left as it is, with a warning."""
    if lead is None and not body:
        return owner
    found = pictures_named(path, lead, body, config, files)
    return replace(owner, pictures=tuple(found[src] for src in sorted(found)))  # type: ignore[type-var]


def pictures_named(path: Path, lead: ImageRef | None, body: tuple[ImageRef, ...],
                   config: SiteConfig, files: RememberedFiles) -> dict[str, Picture]:
    """The pictures ``path`` names, found and probed, by source; problems are
    errors (a remote body image a warning) at the line naming each. Also for
    an article with errors of its own, whose pictures are checked all the
    same: its editor fixes everything after one build."""
    found: dict[str, Picture] = {}
    for ref in (lead, *body) if lead is not None else body:
        if ref is not lead and _remote(ref.src):
            files.diagnostics.warning(path, ref.line, f"the image '{ref.src}' is on another "
                                      "server: shown as it is, without width and height "
                                      "(the page jumps when it loads) or smaller variants, "
                                      "and each reader's visit is told to that server",
                                      f"save it beside {path.name} or in static/")
            continue
        if ref.src not in found:
            picture = _picture(ref, path, config, files)
            if picture is not None:
                found[ref.src] = picture
    return found


def _picture(ref: ImageRef, owner: Path, config: SiteConfig,
             files: RememberedFiles) -> Picture | None:
    diagnostics = files.diagnostics
    file = _find(ref, owner, config, diagnostics)
    if file is None or not files.allows(file):
        return None
    try:
        key = files.key(file, "picture")
    except OSError as exc:
        diagnostics.error(owner, ref.line, f"the image '{ref.src}' cannot be read: "
                          f"{exc.strerror or exc}")
        return None
    probed = files.remember(PICTURE, key, lambda: _probe(file))
    if isinstance(probed, str):
        diagnostics.error(owner, ref.line, f"the image '{ref.src}' "
                          f"({diagnostics.display(file)}): {probed}")
        return None
    return Picture(ref.src, file.relative_to(config.root).as_posix(), probed.digest,
                   probed.kind, probed.width, probed.height, probed.alpha)


def _probe(file: Path) -> Probed | str:
    try:
        return probe(file.read_bytes(), file.suffix)
    except PictureProblem as exc:
        return str(exc)


def _find(ref: ImageRef, owner: Path, config: SiteConfig,
          diagnostics: Diagnostics) -> Path | None:
    """The file ``ref.src`` names: beside ``owner``, else in static/ (a leading
    ``/`` means static/ only); None, with an error, if there is none."""
    src = ref.src
    if _remote(src):
        diagnostics.error(owner, ref.line, f"the image '{src}' is not a file of the site: "
                          "pictures are files, so that their size is known and their "
                          "variants made", f"save it beside {owner.name} or in static/")
        return None
    relative = PurePosixPath(src.lstrip("/"))
    if ".." in relative.parts or not relative.parts:
        diagnostics.error(owner, ref.line, f"the image '{src}' leads out of its folder",
                          "name a file beside the content file or in static/")
        return None
    static = config.root / config.static_dir
    folders = [static] if src.startswith("/") else [owner.parent, static]
    for folder in folders:
        candidate = folder / relative
        if candidate.is_file():
            if candidate.suffix.lower() not in SUFFIXES:
                diagnostics.error(owner, ref.line, f"'{src}' is not a picture file",
                                  "pictures are JPEG, PNG, WebP, GIF or SVG files")
                return None
            return candidate
    diagnostics.error(owner, ref.line, f"the image '{src}' was not found beside "
                      f"{owner.name} or in static/", _suggest(src, folders))
    return None


def _remote(src: str) -> bool:
    return "://" in src or src.startswith(("//", "data:", "mailto:"))


def _suggest(src: str, folders: list[Path]) -> str | None:
    names = [p.relative_to(folder).as_posix() for folder in folders if folder.is_dir()
             for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES]
    match = closest(src.lstrip("/"), names, cutoff=0.5)
    return f"did you mean '{match}'?" if match else None
