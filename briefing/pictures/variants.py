"""Which files a picture becomes, decided from its probed size alone.

Pure: the article jobs (which write ``srcset``, ``width`` and ``height``) and
the build (which makes the files) call the same functions and agree on every
name and size without decoding anything. Names carry the hash of the source's
bytes, so an edited picture gets new files and an unchanged one keeps its own
(cached in the output like any page: see render/pictures.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.slug import slugify
from briefing.model.picture import Picture

FOLDER = "pictures"  # where a build writes pictures (config/layout.BUILT_IN_PATHS)
WIDTHS = (480, 960, 1600)  # responsive widths; never wider than the source
SHARE_WIDTH = 1200  # og:image and NewsArticle.image
RATIOS = ((16, 9), (4, 3), (1, 1))  # Google's Article guidelines: 16:9, 4:3 and 1:1
FALLBACK = {"jpeg": "jpeg", "png": "png", "gif": "png", "webp": "webp"}
SUFFIX = {"jpeg": "jpg", "png": "png", "webp": "webp", "svg": "svg"}
MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class Variant:
    """One file made from a picture: a width of it, or a crop around its focus."""

    path: str  # site-relative
    width: int
    height: int
    format: str  # a key of SUFFIX
    box: tuple[int, int, int, int] | None = None  # crop of the upright source (l, t, r, b)

    @property
    def mime(self) -> str:
        return MIME[self.format]


def _name(picture: Picture) -> str:
    return f"{FOLDER}/{slugify(picture.stem) or 'picture'}-{picture.digest[:12]}"


def widths(picture: Picture) -> tuple[int, ...]:
    """The responsive widths: those of WIDTHS narrower than the source, then the
    source's own width (at most the widest): never upscaled."""
    below = [w for w in WIDTHS if w < picture.width]
    return tuple(dict.fromkeys((*below, min(picture.width, WIDTHS[-1]))))  # 1600 once


def responsive(picture: Picture, fmt: str) -> tuple[Variant, ...]:
    """The picture at each of :func:`widths`, in ``fmt`` (webp, or its FALLBACK)."""
    return tuple(Variant(f"{_name(picture)}-{w}.{SUFFIX[fmt]}", w,
                         max(1, round(picture.height * w / picture.width)), fmt)
                 for w in widths(picture))


def formats(picture: Picture) -> tuple[str, ...]:
    """WebP first (for ``<source>``), then the original's format for ``<img>``;
    just WebP when the original is WebP; nothing for an SVG."""
    if picture.kind == "svg":
        return ()
    fallback = FALLBACK[picture.kind]
    return ("webp",) if fallback == "webp" else ("webp", fallback)


def svg_copy(picture: Picture) -> Variant:
    """An SVG is published as it is (checked by svg.py), under its hashed name."""
    return Variant(f"{_name(picture)}.svg", picture.width, picture.height, "svg")


def crop_box(picture: Picture, ratio: tuple[int, int],
             focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of ``ratio`` inside the picture, centred on ``focus`` as
    far as the edges allow."""
    rw, rh = ratio
    if picture.width * rh > picture.height * rw:  # wider than the ratio: full height
        w, h = max(1, round(picture.height * rw / rh)), picture.height
    else:
        w, h = picture.width, max(1, round(picture.width * rh / rw))
    left = min(max(0, round(focus[0] * picture.width - w / 2)), picture.width - w)
    top = min(max(0, round(focus[1] * picture.height - h / 2)), picture.height - h)
    return left, top, left + w, top + h


def crops(picture: Picture, focus: tuple[float, float]) -> tuple[Variant, ...]:
    """16:9, 4:3 and 1:1 crops around ``focus``, 1200 wide or the crop's own width
    if less; JPEG, or PNG for a picture with transparency. None for an SVG."""
    if picture.kind == "svg":
        return ()
    fmt = "png" if picture.alpha else "jpeg"
    where = f"{round(focus[0] * 100)}-{round(focus[1] * 100)}"
    made = []
    for rw, rh in RATIOS:
        box = crop_box(picture, (rw, rh), focus)
        width = min(SHARE_WIDTH, box[2] - box[0])
        made.append(Variant(f"{_name(picture)}-{rw}x{rh}-{where}-{width}.{SUFFIX[fmt]}",
                            width, max(1, round(width * rh / rw)), fmt, box))
    return tuple(made)


def card_path(slug: str, key: str) -> str:
    """Where the generated sharing card of a page without a picture goes."""
    return f"{FOLDER}/cards/{slug}-{key[:12]}.png"
