"""The sharing card of a page without a picture of its own: its title and the
site's name in the theme's colours, so a shared link never shows a bare text
card. Drawn with the theme's own font file (shipped under its own licence),
FreeType's basic layout and a fixed PNG writer (png.py): the same bytes every
time.

A cold build draws one card per article (ten thousand at 10,000 articles), so
a card is drawn as cheaply as it can be: in three bands of palette indices,
of which only the title's differs from card to card (the site's name above
it and the rule below are drawn and compressed once per site), the letters'
edges mapped to the theme's colours by a lookup table rather than quantized,
and only the title's rows down to its last letter mapped and packed (the
paper below them is the same bytes on every card).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.pictures.png import Started, finish, packed_rows, start

if TYPE_CHECKING:
    from PIL import ImageFont

WIDTH, HEIGHT = 1200, 675  # 16:9, as og:image and NewsArticle.image want
MARGIN = 80
TITLE_SIZES = (72, 60, 50, 42)  # the largest at which the title fits is used
TITLE_TOP = MARGIN + 90
TITLE_BOTTOM = 675 - MARGIN - 30  # above the accent rule
RULE_TOP = HEIGHT - MARGIN - 6
INK_STEPS, ACCENT_STEPS = 12, 4  # palette: paper to ink in 12 steps, then to accent in 4
# Coverage of a pixel by a letter (0-255) to its palette index.
INK = [round(coverage * (INK_STEPS - 1) / 255) for coverage in range(256)]
ACCENT = [INK_STEPS - 1 + step if step else 0
          for step in (round(coverage * ACCENT_STEPS / 255) for coverage in range(256))]
ACCENT_FULL = INK_STEPS - 1 + ACCENT_STEPS


@dataclass(frozen=True)
class CardStyle:
    """The theme's card: colours (#rrggbb) and the font's bytes."""

    paper: str
    ink: str
    accent: str
    font: bytes


def draw_card(title: str, site_title: str, style: CardStyle) -> bytes:
    """A 1200 × 675 PNG of ``title`` under ``site_title``."""
    from PIL import Image, ImageDraw  # see pictures/__init__.py

    band = Image.new("L", (WIDTH, RULE_TOP - TITLE_TOP), 0)
    draw = ImageDraw.Draw(band)
    size, lines = _fit(title, style)
    font = _font(style.font, size)
    for number, line in enumerate(lines):
        draw.text((MARGIN, number * round(size * 1.2)), line, font=font, fill=255)
    inked = (band.getbbox() or (0, 0, 0, 0))[3]  # the rows below the last letter are paper
    title_rows = packed_rows(band.crop((0, 0, WIDTH, inked)).point(INK), owned=True)
    return finish(_top(style, site_title), [title_rows, _paper(band.height - inked), _bottom()],
                  (WIDTH, HEIGHT), _palette(style))


def _paper(rows: int) -> bytes:
    """``rows`` rows of paper (index 0), packed: the title band below its last
    letter, most of the band for a short title, needs no drawing or mapping."""
    return (b"\0" * (1 + (WIDTH + 1) // 2)) * rows


@lru_cache(maxsize=4)
def _top(style: CardStyle, site_title: str) -> Started:
    """The accent bar and the site's name: the same on every card of a site."""
    from PIL import Image, ImageDraw

    band = Image.new("L", (WIDTH, TITLE_TOP), 0)
    ImageDraw.Draw(band).text((MARGIN, MARGIN), site_title, font=_font(style.font, 34),
                              fill=255)
    band = band.point(ACCENT)
    ImageDraw.Draw(band).rectangle((0, 0, WIDTH, 16), fill=ACCENT_FULL)
    return start(band)


@lru_cache(maxsize=1)
def _bottom() -> bytes:
    """The accent rule under the title, and the margin."""
    from PIL import Image, ImageDraw

    band = Image.new("L", (WIDTH, HEIGHT - RULE_TOP), 0)
    ImageDraw.Draw(band).rectangle((MARGIN, 0, MARGIN + 120, 6), fill=ACCENT_FULL)
    return packed_rows(band)


@lru_cache(maxsize=4)
def _palette(style: CardStyle) -> bytes:
    from PIL import ImageColor

    paper, ink, accent = (ImageColor.getrgb(c) for c in (style.paper, style.ink, style.accent))
    steps = [_mix(paper, ink, i / (INK_STEPS - 1)) for i in range(INK_STEPS)]
    steps += [_mix(paper, accent, i / ACCENT_STEPS) for i in range(1, ACCENT_STEPS + 1)]
    return bytes(value for colour in steps for value in colour)


def _mix(a: tuple[int, ...], b: tuple[int, ...], share: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * share) for x, y in zip(a[:3], b[:3], strict=True))


@lru_cache(maxsize=16)
def _font(data: bytes, size: int) -> ImageFont.FreeTypeFont:
    """The theme's font at ``size``, opened once per process (a card asks for
    up to five sizes, and a build draws thousands of cards)."""
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


def _fit(title: str, style: CardStyle) -> tuple[int, list[str]]:
    """The largest size at which ``title`` fits above the accent rule; else the
    smallest, its last line ending in an ellipsis."""
    for size in TITLE_SIZES:
        lines = _wrap(title, _font(style.font, size))
        if len(lines) <= _room(size):
            return size, lines
    lines = _wrap(title, _font(style.font, TITLE_SIZES[-1]))[:_room(TITLE_SIZES[-1])]
    lines[-1] = lines[-1].rstrip(" ,;:") + "…"
    return TITLE_SIZES[-1], lines


def _room(size: int) -> int:
    """How many lines of ``size`` fit between the site's name and the accent rule."""
    return (TITLE_BOTTOM - TITLE_TOP) // round(size * 1.2)


def _wrap(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= WIDTH - 2 * MARGIN:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]
