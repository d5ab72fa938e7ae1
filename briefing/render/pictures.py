"""Pictures as pages show them, and the picture files a build writes.

:class:`Pictures` is what templates and the article pages ask: a picture's
``<img>`` values (``srcset`` of WebP and the original's format, ``width`` and
``height``), the image a shared link shows (a 16:9 crop of the lead image
around its focus, or the generated card) and ``NewsArticle.image``. All of it
comes from the probed sizes (pictures/variants.py), so article jobs never
decode a picture. :func:`picture_files` makes the files, each kept in the
output while its key (the source's digest, the variant, the encoder's
settings) is the same: an unchanged picture is never encoded again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import PIL
from markupsafe import escape

from briefing.core.hashing import digest, key
from briefing.core.outputs import KeptFile, OutputFile
from briefing.core.parallel import ordered_map
from briefing.core.urls import Urls
from briefing.core.yamlio import load_yaml
from briefing.model.picture import ImageRef, Picture
from briefing.model.site import Site
from briefing.pictures.card import CardStyle, draw_card
from briefing.pictures.encode import ENCODER_SETTINGS, encode
from briefing.pictures.variants import (
    Variant,
    card_path,
    crops,
    formats,
    responsive,
    svg_copy,
)
from briefing.render.theme import Theme

SIZES = "(min-width: 42rem) 40rem, 100vw"  # the text column: see style.css --measure
COLUMN = 640  # the text column's width in CSS pixels (40rem)
SMALL = 320  # the widest picture a term's popover shows


def sizes(width: int) -> str:
    """``sizes`` of a picture whose largest file is ``width`` wide: the text
    column, or its own width when narrower (a small chart is never stretched)."""
    if width >= COLUMN:
        return SIZES
    return f"(min-width: {width + 32}px) {width}px, 100vw"
Reuse = Callable[[str, str, Callable[[], OutputFile]], "OutputFile | KeptFile"]
Kept = Callable[[str, str], "KeptFile | None"]  # the last build's file, if its key is the same


@dataclass(frozen=True)
class PictureView:
    """What ``_picture.html`` needs to show one picture."""

    alt: str
    caption: str | None
    credit: str | None
    src: str  # the largest file in the original's format (or the SVG)
    width: int
    height: int
    srcset: str
    webp_srcset: str | None  # for <source type="image/webp">; None: none needed
    sizes: str = SIZES
    svg: bool = False


@dataclass(frozen=True)
class ShareImage:
    """The image of a shared link (og:image, twitter:image)."""

    url: str
    width: int
    height: int
    alt: str
    mime: str


@dataclass(frozen=True)
class Pictures:
    """The render stage's picture helpers, for one build's URLs and card style."""

    urls: Urls
    site_title: str
    card_key: str  # the card style's key (colours, font bytes, Pillow's version)
    style: CardStyle | None = field(default=None, compare=False, repr=False)

    def view(self, ref: ImageRef, pictures: Iterable[Picture]) -> PictureView | None:
        picture = _named(ref.src, pictures)
        if picture is None:
            return None
        if picture.kind == "svg":
            url = self.urls.url(_main_file(picture))
            return PictureView(ref.alt, ref.caption, ref.credit, url, picture.width,
                               picture.height, "", None, svg=True)
        sets = {fmt: responsive(picture, fmt) for fmt in formats(picture)}
        fallback = sets[formats(picture)[-1]]
        largest = fallback[-1]
        return PictureView(ref.alt, ref.caption, ref.credit, self.urls.url(largest.path),
                           largest.width, largest.height, self._srcset(fallback),
                           self._srcset(sets["webp"]) if len(sets) > 1 else None,
                           sizes(largest.width))

    def address(self, src: str, pictures: Iterable[Picture]) -> str | None:
        """The absolute URL of the file a reader of the Markdown page gets for the
        image written ``src``: the one an ``<img>`` falls back to
        (render/published_markdown.py)."""
        picture = _named(src, pictures)
        return None if picture is None else self.urls.absolute(_main_file(picture))

    def _srcset(self, variants: tuple[Variant, ...]) -> str:
        return ", ".join(f"{self.urls.url(v.path)} {v.width}w" for v in variants)

    def lead(self, owner: Any) -> PictureView | None:
        """The lead image of an article, story or term, as its page shows it."""
        return self.view(owner.image, owner.pictures) if owner.image else None

    def small(self, owner: Any) -> PictureView | None:
        """A term's picture for its popover, only if it is small (a portrait, an
        icon): a popover is a glance, not a page."""
        view = self.lead(owner)
        return view if view is not None and view.width <= SMALL else None

    def share(self, owner: Any, slug: str, title: str) -> ShareImage:
        """og:image: the lead image's 16:9 crop, or the page's generated card."""
        lead = _raster_lead(owner)
        if lead is None:
            return self.card(slug, title)
        crop = crops(lead, owner.image.focus)[0]
        return ShareImage(self.urls.absolute(crop.path), crop.width, crop.height,
                          owner.image.alt, crop.mime)

    def card_path(self, slug: str, title: str) -> str:
        return card_path(slug, key(title, self.site_title, self.card_key))

    def card(self, slug: str, title: str) -> ShareImage:
        path = self.card_path(slug, title)
        return ShareImage(self.urls.absolute(path), 1200, 675, f"{title} ({self.site_title})",
                          "image/png")

    def jsonld(self, owner: Any, slug: str, title: str) -> list[dict[str, Any]]:
        """``image`` of a NewsArticle: the lead's 16:9, 4:3 and 1:1 crops, or the
        SVG lead and the card, or the card."""
        lead = _raster_lead(owner)
        if lead is not None:
            return [self._object(self.urls.absolute(v.path), v.width, v.height, owner.image)
                    for v in crops(lead, owner.image.focus)]
        found: list[dict[str, Any]] = []
        picture = next((p for p in owner.pictures if owner.image and p.src == owner.image.src),
                       None)
        if picture is not None:  # an SVG
            found.append(self._object(self.urls.absolute(svg_copy(picture).path),
                                      picture.width, picture.height, owner.image))
        card = self.card(slug, title)
        return [*found, self._object(card.url, card.width, card.height, None)]

    @staticmethod
    def _object(url: str, width: int, height: int, ref: ImageRef | None) -> dict[str, Any]:
        data: dict[str, Any] = {"@type": "ImageObject", "url": url, "contentUrl": url,
                                "width": width, "height": height}
        if ref is not None and ref.caption:
            data["caption"] = ref.caption
        if ref is not None and ref.credit:
            data["creditText"] = ref.credit
        return data


def _named(src: str, pictures: Iterable[Picture]) -> Picture | None:
    """The picture content names ``src``, if it has one."""
    return next((p for p in pictures if p.src == src), None)


def _main_file(picture: Picture) -> str:
    """The file of ``picture`` a plain ``<img src>`` shows: the SVG itself, or the
    largest variant in the original's format."""
    if picture.kind == "svg":
        return svg_copy(picture).path
    return responsive(picture, formats(picture)[-1])[-1].path


def lead_image_url(owner: Any, urls: Urls) -> str | None:
    """The address of the lead picture's 16:9 crop, the one og:image shows: a
    feed item's ``image`` (JSON Feed). None without a raster lead: a
    generated card says no more than the item's title beside it."""
    lead = _raster_lead(owner)
    return urls.absolute(crops(lead, owner.image.focus)[0].path) if lead is not None else None


def _raster_lead(owner: Any) -> Picture | None:
    if owner.image is None:
        return None
    picture = next((p for p in owner.pictures if p.src == owner.image.src), None)
    return picture if picture is not None and picture.kind != "svg" else None


def plain_show(pictures: Iterable[Picture], urls: Urls) -> Callable[[ImageRef, bool], str | None]:
    """How a body's images are shown where the theme is not (feed entries): the
    largest file of each with its size, alt text, caption and credit, no srcset."""
    helper = Pictures(urls, "", "")
    held = tuple(pictures)

    def show(ref: ImageRef, figure: bool) -> str | None:
        view = helper.view(ref, held)
        if view is None:
            return None
        img = (f'<img src="{escape(view.src)}" alt="{escape(view.alt)}" width="{view.width}" '
               f'height="{view.height}">')
        if not figure:
            return img
        caption = " · ".join(escape(part) for part in (view.caption, view.credit) if part)
        return f"<figure>{img}" + (f"<figcaption>{caption}</figcaption>" if caption else "") + \
            "</figure>"
    return show


def card_style(theme: Theme) -> CardStyle:
    """The theme's card (``card/card.yml`` and its font), else the default theme's."""
    folder = next(folder / "card" for folder in theme.folders
                  if (folder / "card" / "card.yml").is_file())
    data, _ = load_yaml((folder / "card.yml").read_text(encoding="utf-8"))
    return CardStyle(str(data["paper"]), str(data["ink"]), str(data["accent"]),
                     (folder / str(data["font"])).read_bytes())


def pictures_for(site: Site, urls: Urls, theme: Theme) -> Pictures:
    style = card_style(theme)
    return Pictures(urls, site.config.title,
                    key(style.paper, style.ink, style.accent, digest(style.font), PIL.__version__),
                    style)


def install_pictures(env: jinja2.Environment, pictures: Pictures) -> None:
    """Template globals: ``lead_picture(owner)``, ``share_image(owner, slug, title)``
    and ``site_card`` (the sharing image of pages without one of their own)."""
    env.globals.update(pictures=pictures, lead_picture=pictures.lead,
                       small_picture=pictures.small,
                       share_image=pictures.share,
                       site_card=pictures.card("site", pictures.site_title))


def installed(env: jinja2.Environment) -> Pictures:
    """The :class:`Pictures` of the render context whose environment is ``env``."""
    found = env.globals["pictures"]
    assert isinstance(found, Pictures)
    return found


Make = tuple[str, Callable[[], bytes]]  # a file's key and how to make its bytes


def picture_files(site: Site, pictures: Pictures, reuse: Reuse, kept: Kept | None = None,
                  workers: int | None = None) -> Iterator[OutputFile | KeptFile]:
    """Every picture file the site's pages show: responsive variants, sharing
    crops, copies of SVGs and generated cards, each kept while its key is the
    same (``reuse``: the build cache's, which remembers each file's key and
    digest). Paths are content-hashed, so pages that share a picture share
    its files."""
    wanted: dict[str, Make] = {}
    style = pictures.style
    assert style is not None
    owners = [(a, a.slug, a.title) for a in site.articles]
    owners += [(s, f"story-{s.slug}", s.title) for s in site.stories.values()]
    root = site.config.root
    for owner, slug, title in owners:
        for picture in owner.pictures:
            for variant in _variants(picture):
                wanted.setdefault(variant.path, _variant_make(root, picture, variant))
        lead = _raster_lead(owner)
        if lead is not None:
            for variant in crops(lead, owner.image.focus):
                wanted.setdefault(variant.path, _variant_make(root, lead, variant))
        else:
            _add_card(wanted, pictures, style, slug, title)
    for term in site.glossary.terms:
        for picture in term.pictures:
            for variant in _variants(picture):
                wanted.setdefault(variant.path, _variant_make(root, picture, variant))
    _add_card(wanted, pictures, style, "site", site.config.title)
    return _made(sorted(wanted.items()), reuse, kept, workers)


def _made(wanted: list[tuple[str, Make]], reuse: Reuse, kept: Kept | None,
          workers: int | None) -> Iterator[OutputFile | KeptFile]:
    """Each file kept or made: those to make on every core (a first build of ten
    thousand articles draws ten thousand cards), then handed to ``reuse`` to be
    recorded as made. One by one, as they come: ten thousand cards held at
    once were 120 MB more in the process that forks the article jobs' workers."""
    todo = [index for index, (path, made) in enumerate(wanted)
            if kept is None or kept(path, made[0]) is None]
    data = ordered_map(lambda index: wanted[index][1][1](), todo, workers)
    waiting = set(todo)
    for index, (path, made) in enumerate(wanted):
        if index in waiting:
            file = OutputFile(path, next(data))
            yield reuse(path, made[0], lambda file=file: file)
        else:
            yield kept(path, made[0])  # type: ignore[misc]


def _variants(picture: Picture) -> list[Variant]:
    if picture.kind == "svg":
        return [svg_copy(picture)]
    return [v for fmt in formats(picture) for v in responsive(picture, fmt)]


def _variant_make(root: Path, picture: Picture, variant: Variant) -> Make:
    settings = ENCODER_SETTINGS.get(variant.format)
    if variant.format == "svg":
        return key("svg", picture.digest), lambda: (root / picture.path).read_bytes()
    return (key(picture.digest, variant, settings, PIL.__version__),
            lambda: encode((root / picture.path).read_bytes(), variant))


def _add_card(wanted: dict[str, Make], pictures: Pictures, style: CardStyle, slug: str,
              title: str) -> None:
    path = pictures.card_path(slug, title)
    wanted.setdefault(path, (key("card", title, pictures.site_title, pictures.card_key),
                             lambda: draw_card(title, pictures.site_title, style)))


def without_pictures(assets: dict[str, bytes], shown: frozenset[str]) -> dict[str, bytes]:
    """The site's static files less those content shows as pictures (``shown``:
    see shown_pictures): those are published only as their variants (a photo's
    original would carry its EXIF, GPS position included, to every reader)."""
    return {path: data for path, data in assets.items() if path not in shown}


def shown_pictures(site: Site) -> frozenset[str]:
    """The static files (by output path) that content shows as pictures."""
    static = (site.config.root / site.config.static_dir).relative_to(site.config.root)
    prefix = f"{static.as_posix()}/"
    owners = (*site.articles, *site.stories.values(), *site.glossary.terms)
    return frozenset(p.path.removeprefix(prefix) for owner in owners
                     for p in owner.pictures if p.path.startswith(prefix))
