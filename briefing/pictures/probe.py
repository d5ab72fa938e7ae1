"""What a picture file is: its kind and size, checked before anything is made of it.

Pillow reads a raster's header first, so an enormous picture (20,000 × 20,000
is 400 million pixels, over a gigabyte decoded) is refused from its header,
in bounded memory; one within bounds is then decoded whole, which is the only
way to find a truncated or corrupt file before the build promises to publish
it. An SVG is checked by svg.py.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from briefing.core.hashing import digest
from briefing.pictures.svg import SvgProblem, check_svg

MAX_PIXELS = 40_000_000  # 40 megapixels: a full-frame camera's photo, about 160 MB decoded
PILLOW_KINDS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpeg"}


class PictureProblem(ValueError):
    """Why a file cannot be a picture, said for an editor."""


@dataclass(frozen=True)
class Probed:
    digest: str
    kind: str
    width: int
    height: int
    alpha: bool = False


def probe(data: bytes, suffix: str) -> Probed:
    """Kind and size of a picture file's bytes; raises :class:`PictureProblem`."""
    if suffix.lower() == ".svg":
        try:
            width, height = check_svg(data)
        except SvgProblem as exc:
            raise PictureProblem(f"unsafe or unreadable SVG: {exc}") from None
        return Probed(digest(data), "svg", width, height)
    return _raster(data)


def _raster(data: bytes) -> Probed:
    from PIL import Image, ImageOps, UnidentifiedImageError  # see pictures/__init__.py

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise PictureProblem("not a picture Pillow can read (JPEG, PNG, WebP, GIF or SVG "
                             "expected)") from None
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise PictureProblem(_too_large("")) from None
    except (OSError, ValueError) as exc:
        raise PictureProblem(f"not a readable picture ({exc})") from None
    kind = PILLOW_KINDS.get(image.format or "")
    if kind is None:
        raise PictureProblem(f"a {image.format} file: use JPEG, PNG, WebP, GIF or SVG")
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise PictureProblem(_too_large(f"{image.width} × {image.height} pixels: "))
    try:
        image.load()  # a truncated or corrupt file fails here, not while publishing
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as exc:
        raise PictureProblem(f"a damaged or truncated picture ({exc})") from None
    alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    return Probed(digest(data), kind, upright.width, upright.height, alpha)


def _too_large(size: str) -> str:
    return (f"{size}too large to process (more than {MAX_PIXELS // 1_000_000} megapixels); "
            "scale it down to 4,000 pixels wide or so")
