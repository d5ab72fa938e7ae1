"""The sharing card and the PNG writer that draws it in bands (issue 22; its
cost, issue 18): what Pillow reads back from the bytes is what was drawn."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from briefing.pictures.card import (
    HEIGHT,
    RULE_TOP,
    TITLE_TOP,
    WIDTH,
    CardStyle,
    _font,
    draw_card,
)
from briefing.pictures.png import finish, packed_rows, start

FONT = Path(__file__).parents[1] / "themes/default/card/DejaVuSans-Bold.ttf"
STYLE = CardStyle("#faf9f6", "#1a1a1a", "#7a1f1f", FONT.read_bytes())


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # decoding checks every chunk's CRC and the image data's length
    return image


def test_the_writer_gives_back_the_indices_and_palette_it_was_given() -> None:
    top = Image.new("L", (5, 2), 0)
    top.putpixel((4, 1), 15)
    rest = Image.new("L", (5, 3), 7)
    palette = bytes(range(48))
    image = _opened(finish(start(top), [packed_rows(rest)], (5, 5), palette))
    assert image.mode == "P" and image.size == (5, 5)
    assert image.getpalette()[:48] == list(palette)
    assert [image.getpixel((x, y)) for y in range(5) for x in range(5)] == \
        [0] * 9 + [15] + [7] * 15


def test_a_card_is_the_theme_s_colours_and_the_title_drawn_in_its_band() -> None:
    card = _opened(draw_card("Ceasefire holds", "The Briefing", STYLE))
    assert card.size == (WIDTH, HEIGHT)
    colours = {colour for _, colour in card.convert("RGB").getcolors(4096) or []}
    assert {(0xfa, 0xf9, 0xf6), (0x1a, 0x1a, 0x1a), (0x7a, 0x1f, 0x1f)} <= colours
    assert len(colours) <= 16
    band = Image.new("L", (WIDTH, RULE_TOP - TITLE_TOP), 0)  # the title, drawn by Pillow
    ImageDraw.Draw(band).text((80, 0), "Ceasefire holds", font=_font(STYLE.font, 72),
                              fill=255)
    title = card.crop((0, TITLE_TOP, WIDTH, RULE_TOP)).convert("L")
    drawn = band.point(lambda c: 255 if c > 128 else 0).getbbox()
    shown = title.point(lambda c: 255 if c < 128 else 0).getbbox()  # dark ink on paper
    assert drawn == shown


def test_cards_of_one_site_share_all_but_the_title_rows() -> None:
    one = _opened(draw_card("First report", "The Briefing", STYLE)).convert("RGB")
    two = _opened(draw_card("Second report, longer", "The Briefing", STYLE)).convert("RGB")
    differ = ImageChops.difference(one, two).getbbox()
    assert differ is not None and TITLE_TOP <= differ[1] and differ[3] <= RULE_TOP
    other = _opened(draw_card("First report", "Another Site", STYLE)).convert("RGB")
    assert ImageChops.difference(one, other).getbbox()[1] < TITLE_TOP  # its own top


def test_a_card_is_the_same_bytes_every_time() -> None:
    assert draw_card("Same", "Site", STYLE) == draw_card("Same", "Site", STYLE)


def test_a_title_too_long_for_the_card_ends_in_an_ellipsis() -> None:
    card = _opened(draw_card("word " * 200, "Site", STYLE)).convert("L")
    below = card.crop((0, RULE_TOP - 20, WIDTH, RULE_TOP))  # no letters run into the rule
    assert below.getextrema()[0] > 200


def test_the_title_band_holds_every_pixel_drawn_not_only_the_rows_down_to_the_last_letter(
        ) -> None:
    """The card packs the title's rows down to its last letter and paper below:
    its indices are those of the whole band drawn and mapped, descenders included."""
    from briefing.pictures.card import INK, _fit

    title = "Typography: quays, jetty and gyp"  # descenders on the last line
    size, lines = _fit(title, STYLE)
    band = Image.new("L", (WIDTH, RULE_TOP - TITLE_TOP), 0)
    for number, line in enumerate(lines):
        ImageDraw.Draw(band).text((80, number * round(size * 1.2)), line,
                                  font=_font(STYLE.font, size), fill=255)
    card = _opened(draw_card(title, "Site", STYLE))
    shown = card.crop((0, TITLE_TOP, WIDTH, RULE_TOP))
    assert shown.tobytes() == band.point(INK).tobytes()
