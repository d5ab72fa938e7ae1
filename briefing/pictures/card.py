"""The sharing card of a page without a picture of its own: its title and the
site's name in the theme's colours, so a shared link never shows a bare text
card. Drawn with the theme's own font file (shipped under its own licence),
FreeType's basic layout and a fixed PNG encoder: the same bytes every time.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675  # 16:9, as og:image and NewsArticle.image want
MARGIN = 80
TITLE_SIZES = (72, 60, 50, 42)  # the largest at which the title fits is used
TITLE_TOP = MARGIN + 90
TITLE_BOTTOM = 675 - MARGIN - 30  # above the accent rule


@dataclass(frozen=True)
class CardStyle:
    """The theme's card: colours (#rrggbb) and the font's bytes."""

    paper: str
    ink: str
    accent: str
    font: bytes


def draw_card(title: str, site_title: str, style: CardStyle) -> bytes:
    """A 1200 × 675 PNG of ``title`` under ``site_title``."""
    image = Image.new("RGB", (WIDTH, HEIGHT), style.paper)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=style.accent)
    name_font = _font(style, 34)
    draw.text((MARGIN, MARGIN), site_title, font=name_font, fill=style.accent)
    size, lines = _fit(draw, title, style)
    font = _font(style, size)
    y = TITLE_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=style.ink)
        y += round(size * 1.2)
    draw.rectangle((MARGIN, HEIGHT - MARGIN - 6, MARGIN + 120, HEIGHT - MARGIN), fill=style.accent)
    out = io.BytesIO()
    # A fixed palette (the theme's three colours and the steps between paper and
    # ink or accent, for the edges of the letters), so the theme's colours stay
    # exact, and zlib's run-length strategy, which suits a card's flat colour:
    # encoding was half a card's cost with the default strategy (a first build
    # draws one card per article), for files a few per cent smaller.
    image.quantize(palette=_palette(style), dither=Image.Dither.NONE
                   ).save(out, "PNG", compress_level=6, compress_type=zlib.Z_RLE)
    return out.getvalue()


def _palette(style: CardStyle) -> Image.Image:
    paper, ink, accent = (ImageColor.getrgb(c) for c in (style.paper, style.ink, style.accent))
    steps = [_mix(paper, ink, i / 11) for i in range(12)]
    steps += [_mix(paper, accent, i / 4) for i in range(1, 5)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in steps for value in colour])
    return palette


def _mix(a: tuple[int, ...], b: tuple[int, ...], share: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * share) for x, y in zip(a[:3], b[:3], strict=True))


def _font(style: CardStyle, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(style.font), size,
                              layout_engine=ImageFont.Layout.BASIC)


def _fit(draw: ImageDraw.ImageDraw, title: str, style: CardStyle) -> tuple[int, list[str]]:
    """The largest size at which ``title`` fits above the accent rule; else the
    smallest, its last line ending in an ellipsis."""
    for size in TITLE_SIZES:
        lines = _wrap(draw, title, _font(style, size))
        if len(lines) <= _room(size):
            return size, lines
    lines = _wrap(draw, title, _font(style, TITLE_SIZES[-1]))[:_room(TITLE_SIZES[-1])]
    lines[-1] = lines[-1].rstrip(" ,;:") + "…"
    return TITLE_SIZES[-1], lines


def _room(size: int) -> int:
    """How many lines of ``size`` fit between the site's name and the accent rule."""
    return (TITLE_BOTTOM - TITLE_TOP) // round(size * 1.2)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= WIDTH - 2 * MARGIN:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]
