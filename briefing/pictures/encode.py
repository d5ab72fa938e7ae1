"""Making a variant's bytes from its source, the same bytes every time.

Every encoder runs with fixed settings and is given no metadata but the colour
profile: EXIF (a camera's GPS position, its serial number, the time), XMP,
comments and text chunks never reach the output, and no encoder adds a time
of its own. EXIF orientation is applied to the pixels first.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from briefing.pictures.variants import Variant

if TYPE_CHECKING:
    from PIL import Image

ENCODER_SETTINGS = {  # part of every variant's key (render/pictures.py)
    "webp": {"quality": 80, "method": 4},
    # No comment: Pillow writes the source's own COM segment (a camera's, an
    # editor's note) into the JPEG it saves unless told to write an empty one.
    "jpeg": {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0",
             "comment": b""},
    "png": {"optimize": True},
}
PIL_FORMAT = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}


def encode(source: bytes, variant: Variant) -> bytes:
    """``variant`` of the picture whose bytes are ``source``."""
    from PIL import Image, ImageOps  # see pictures/__init__.py

    with Image.open(io.BytesIO(source)) as opened:
        opened.seek(0)  # an animated GIF or WebP: its first frame
        # A CMYK picture's profile describes CMYK: its pixels become RGB below.
        icc = opened.info.get("icc_profile") if opened.mode != "CMYK" else None
        image = ImageOps.exif_transpose(opened)
        image = _mode(image, variant.format)
        if variant.box is not None:
            image = image.crop(variant.box)
        if image.size != (variant.width, variant.height):
            image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        options = dict(ENCODER_SETTINGS[variant.format])
        if icc:
            options["icc_profile"] = icc
        image.save(out, PIL_FORMAT[variant.format], **options)
        return out.getvalue()


def _mode(image: Image.Image, fmt: str) -> Image.Image:
    """Pixels the encoder takes: JPEG has no transparency; palettes become RGB(A)."""
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if fmt == "jpeg" or not transparent:
        return image.convert("RGB") if image.mode != "RGB" else image
    return image.convert("RGBA") if image.mode != "RGBA" else image
