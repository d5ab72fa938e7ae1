"""Pictures: lead images, figures, responsive variants, sharing images (issue 22).

The fixture site (tests/fixtures/pictures) has an article with a lead photo
stored sideways with an EXIF orientation and a GPS position, a small PNG chart
with transparency, an SVG map in static/ shown inline and as a figure, an
article without a picture (its sharing card is generated) and a story whose
lead image is the SVG.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import extruct
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from tests.conftest import build_site, copy_site, read_tree, run_cli

BASE = "https://example.github.io/repo/"
ARTICLE = "articles/summit-photo/index.html"
PHOTO = "content/articles/photos/summit.jpg"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("pictures", tmp_path, search=False)


@pytest.fixture
def built(site: Path) -> Path:
    return build_site(site)


def rasters(out: Path) -> list[Path]:
    return sorted(p for p in (out / "pictures").rglob("*") if p.suffix in (".jpg", ".png", ".webp"))


def test_exif_is_stripped_gps_first_and_orientation_applied(built: Path) -> None:
    source = Image.open(built.parent / PHOTO)
    assert source.getexif().get_ifd(0x8825)  # the fixture's photo has a GPS position
    assert source.size == (400, 600)  # stored sideways, EXIF orientation 6
    photos = [p for p in rasters(built) if p.name.startswith("summit-")]
    assert len(photos) == 7  # 480 and 600 wide in WebP and JPEG, three crops
    for path in rasters(built):
        data = path.read_bytes()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), path.name
        assert "exif" not in image.info and "xmp" not in image.info, path.name
        assert b"FixtureCam" not in data and b"Exif" not in data, path.name
    assert Image.open(built / "pictures" / "summit-309e45fa5190-600.jpg").size == (600, 400)


def test_a_jpeg_comment_never_reaches_the_site(site: Path) -> None:
    """Pillow writes the source's COM segment into the JPEG it saves unless
    told not to: an editor's or a camera's comment was in every variant."""
    photo = site / PHOTO
    image = Image.open(photo)
    image.save(photo, "JPEG", comment=b"EditorsPrivateNote", exif=image.info.get("exif", b""))
    out = build_site(site)
    jpegs = [p for p in rasters(out) if p.suffix == ".jpg" and p.name.startswith("summit-")]
    assert jpegs and not any(b"EditorsPrivateNote" in p.read_bytes() for p in jpegs)
    assert all("comment" not in Image.open(p).info for p in jpegs)


def test_a_picture_wider_than_the_widest_variant_lists_each_width_once() -> None:
    """A 2400-pixel picture listed 1600w twice in its srcset, which HTML forbids."""
    from briefing.model.picture import Picture
    from briefing.pictures.variants import WIDTHS, widths
    wide = Picture(src="x.jpg", path="x.jpg", digest="d", kind="jpeg", width=2400,
                   height=1200)
    assert widths(wide) == WIDTHS
    assert widths(Picture(src="x.jpg", path="x.jpg", digest="d", kind="jpeg", width=700,
                          height=300)) == (480, 700)


def test_variants_are_never_upscaled_and_every_img_has_its_size(built: Path) -> None:
    names = {p.name for p in rasters(built)}
    assert {"chart-f1deeb31b9b6-320.png", "chart-f1deeb31b9b6-320.webp"} <= names
    assert not any(n.startswith("chart-") and "-480." in n for n in names)
    html = (built / ARTICLE).read_text().split('<div class="term-definitions"')[0]
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 4  # lead, chart, inline map, map figure (the popovers' come after)
    for tag in images:
        assert re.search(r' width="\d+"', tag) and re.search(r' height="\d+"', tag), tag
    lead, *later = images
    assert 'fetchpriority="high"' in lead and "loading=" not in lead
    assert all('loading="lazy"' in tag for tag in later)
    assert 'srcset="/repo/pictures/summit-309e45fa5190-480.jpg 480w, ' in lead
    assert '<source type="image/webp" srcset="/repo/pictures/summit-309e45fa5190-480.webp' \
        in html
    assert 'sizes="(min-width: 352px) 320px, 100vw"' in html  # the chart is never stretched


def test_figures_have_captions_and_credits_and_inline_images_stay_inline(built: Path) -> None:
    html = (built / ARTICLE).read_text().split('<div class="term-definitions"')[0]
    figures = re.findall(r"<figure class=\"([^\"]+)\">(.*?)</figure>", html, re.S)
    assert [kind for kind, _ in figures] == ["figure lead-image", "figure", "figure"]
    lead, chart, map_figure = (body for _, body in figures)
    assert ('<span class="figure-caption">The delegations at the start of the talks.</span> '
            '<span class="figure-credit">Photo: Picture Desk</span>') in lead
    assert ('<span class="figure-caption">Hours of talks per round</span> '
            '<span class="figure-credit">Chart: Picture Desk</span>') in chart
    assert "<figcaption><span class=\"figure-caption\">The planned route." in map_figure
    assert "figure-credit" not in map_figure
    assert re.search(r"<p>The route is shown below <img src=\"/repo/pictures/route-[0-9a-f]{12}"
                     r"\.svg\" alt=\"a small route icon\" width=\"300\" height=\"200\"", html)
    story = (built / "stories/summit/index.html").read_text()
    assert '<figure class="figure lead-image">' in story and "Map: Picture Desk" in story


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'viewBox="0 0 10 10">{}</svg>')


@pytest.mark.parametrize(("body", "said"), [
    ('<a href="#r"><set attributeName="href" to="javascript:alert(1)"/><rect id="r"/></a>',
     "changes a link"),
    ('<animate attributeName="xlink:href" values="https://evil.example/"/>', "changes a link"),
    ('<style>@\\69mport "https://evil.example/x.css";</style>', "a CSS escape"),
    ('<style>rect{fill:u\\rl(https://evil.example/x)}</style>', "a CSS escape"),
    ('<rect style="background-image:image-set(&quot;https://evil.example/x&quot; 1x)"/>',
     "image-set() or src()"),
    ('<rect fill="url(https://evil.example/x#p)"/>', "loads 'https://evil.example/x#p'"),
    ('<rect cursor="url(https://evil.example/c.cur), auto"/>', "loads 'https://evil.example"),
    ('<a href="#x"><rect filter="java&#10;script:x"/></a>', "a script address"),
])
def test_an_svg_that_could_load_or_run_anything_is_refused(body: str, said: str) -> None:
    """Found by a review: each of these passed the check and was published."""
    from briefing.pictures.svg import SvgProblem, check_svg
    with pytest.raises(SvgProblem, match=re.escape(said)):
        check_svg(SVG.format(body).encode())


def test_an_svg_s_own_references_and_declaration_still_pass() -> None:
    from briefing.pictures.svg import SvgProblem, check_svg
    fine = SVG.format('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" '
                      'style="stroke:url( #g )"/><use xlink:href="#g"/>'
                      '<style>rect{fill:red}</style>')
    assert check_svg(b'<?xml version="1.0" encoding="UTF-8"?>\n' + fine.encode()) == (10, 10)
    with pytest.raises(SvgProblem, match="processing instruction"):
        check_svg(b'<?xml-stylesheet href="https://evil.example/x.css"?>' + fine.encode())


def test_svg_is_published_as_is_and_static_pictures_only_as_variants(built: Path) -> None:
    svg = next((built / "pictures").glob("route-*.svg"))
    assert svg.read_bytes() == (built.parent / "static/maps/route.svg").read_bytes()
    assert not (built / "maps").exists()  # the original in static/ is not copied


def test_sharing_tags_as_extruct_reads_them(built: Path) -> None:
    html = (built / ARTICLE).read_text()
    data = extruct.extract(html, base_url=BASE + "articles/summit-photo/",
                           syntaxes=["opengraph", "json-ld"], uniform=True)
    og = data["opengraph"][0]
    assert og["og:image"] == BASE + "pictures/summit-309e45fa5190-16x9-50-40-600.jpg"
    assert (og["og:image:width"], og["og:image:height"]) == ("600", "338")
    assert og["og:image:alt"] == "Two delegations at a long table under striped lights"
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert f'name="twitter:image" content="{og["og:image"]}"' in html
    article = next(d for d in data["json-ld"] if d["@type"] == "NewsArticle")
    ratios = [(image["width"], image["height"]) for image in article["image"]]
    assert ratios == [(600, 338), (533, 400), (400, 400)]  # 16:9, 4:3, 1:1 around the focus
    assert article["image"][0]["creditText"] == "Photo: Picture Desk"
    for image in article["image"]:
        path = built / image["url"].removeprefix(BASE)
        assert Image.open(path).size == (image["width"], image["height"])


def test_a_page_without_a_picture_gets_a_generated_card(built: Path) -> None:
    html = (built / "articles/plain-report/index.html").read_text()
    og = extruct.extract(html, base_url=BASE, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert re.fullmatch(BASE + r"pictures/cards/plain-report-[0-9a-f]{12}\.png", og["og:image"])
    card = Image.open(built / og["og:image"].removeprefix(BASE))
    assert card.size == (1200, 675) and card.format == "PNG"
    colours = {colour for _, colour in card.convert("RGB").getcolors(4096) or []}
    assert (0xfb, 0xfa, 0xf7) in colours and (0x9b, 0x1c, 0x1c) in colours  # theme colours
    article = next(d for d in extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])
                   ["json-ld"] if d["@type"] == "NewsArticle")
    assert article["image"][0]["url"] == og["og:image"]
    front = (built / "index.html").read_text()  # listing pages: the site's card
    assert re.search(r'property="og:image" content="' + BASE + r'pictures/cards/site-', front)
    story = (built / "stories/summit/index.html").read_text()  # an SVG lead: a card
    assert re.search(r'property="og:image" content="' + BASE + r'pictures/cards/story-summit-',
                     story)


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    first = read_tree(build_site(site, "--no-cache"))
    shutil.rmtree(site / "_site")
    assert read_tree(build_site(site, "--no-cache")) == first


def test_variants_are_reused_while_the_source_is_unchanged(site: Path, monkeypatch) -> None:
    from briefing.render import pictures

    made: list[str] = []
    real = pictures.encode
    monkeypatch.setattr(pictures, "encode", lambda data, variant: made.append(variant.path)
                        or real(data, variant))
    out = build_site(site)
    assert len(made) == 9  # 7 of the photo, 2 of the chart
    before = {p: p.stat().st_mtime_ns for p in rasters(out)}
    article = site / "content/articles/summit-photo.md"
    article.write_text(article.read_text().replace("ended late", "ended at midnight"))
    made.clear()
    build_site(site)
    assert made == []
    assert {p: p.stat().st_mtime_ns for p in rasters(out)} == before


def test_an_edited_picture_rebuilds_its_page_and_equals_a_clean_build(site: Path,
                                                                       tmp_path: Path) -> None:
    build_site(site)
    old = (site / "_site" / ARTICLE).read_text()
    photo = site / PHOTO
    image = Image.open(photo).convert("RGB").transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image.save(photo, "JPEG", quality=70)  # no EXIF now: 400 × 600, upright
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    incremental = read_tree(build_site(site))
    assert incremental[ARTICLE].decode() != old
    assert 'width="400" height="600"' in incremental[ARTICLE].decode()
    clean = copy_site("pictures", tmp_path / "clean")
    shutil.copy(site / "site.yml", clean / "site.yml")
    shutil.copy(photo, clean / PHOTO)
    assert incremental == read_tree(build_site(clean))


# Bad input: an error at path:line, exit 1, no traceback, the last _site intact.

def tiny_png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` (20,000² is 400 megapixels) with
    no pixel data: Pillow must refuse it from its header alone."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def truncated_jpeg(site: Path) -> bytes:
    data = (site / PHOTO).read_bytes()
    return data[: len(data) // 2]


BAD = {
    "missing file": (lambda site: None, "src: photos/summit.jpg", "src: photos/sumit.jpg",
                     r"summit-photo\.md:10: the image 'photos/sumit\.jpg' was not found "
                     r"beside summit-photo\.md or in static/.*did you mean 'photos/summit\.jpg'"),
    "truncated": (lambda site: (site / PHOTO).write_bytes(truncated_jpeg(site)), "", "",
                  r"summit-photo\.md:10: the image 'photos/summit\.jpg' "
                  r"\(content/articles/photos/summit\.jpg\): a damaged or truncated picture"),
    "not a picture": (lambda site: (site / "content/articles/chart.png").write_text("hello"),
                      "", "", r"summit-photo\.md:19: the image 'chart\.png' .*not a "
                      r"picture Pillow can read"),
    "enormous": (lambda site: (site / "content/articles/chart.png").write_bytes(
        tiny_png_header(20_000, 20_000)), "", "",
        r"summit-photo\.md:19: .*chart\.png.*too large to process \(more than 40 megapixels\)"),
    "svg script": (lambda site: (site / "static/maps/route.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)'
        "</script></svg>"), "", "", r"summit-photo\.md:21: .*unsafe or unreadable SVG: "
        r"it contains a <script> element"),
    "svg external": (lambda site: (site / "static/maps/route.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 10 10"><image x:href="https://tracker.example/a.png"/></svg>'), "", "",
        r"refers to 'https://tracker\.example/a\.png': an SVG picture may refer only to its own"),
    "svg handler": (lambda site: (site / "static/maps/route.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"/>'),
        "", "", r"an event handler attribute 'onload'"),
    "no alt": (lambda site: None, "  alt: Two delegations at a long table under striped lights\n",
               "", r"summit-photo\.md:10: .*the image 'photos/summit\.jpg' needs alt text: "
               r"a description of what the picture shows, for readers who cannot see"),
    "blank alt": (lambda site: None, "  alt: Two delegations at a long table under striped "
                  "lights\n", '  alt: "  "\n', r"^content/articles/summit-photo\.md:10: "
                  r"'image': the image 'photos/summit\.jpg' needs alt text: [^\n]*; write it "
                  r"in 'alt:'\nFailed: 1 error"),  # once: not also "must not be empty"
    "empty body alt": (lambda site: None, "![Bar chart: four rounds of talks, the third shorter "
                       "than the second]", "![]", r"summit-photo\.md:19: the image "
                       r"'chart\.png' needs alt text.*!\[What it shows\]\(chart\.png\)"),
    "url": (lambda site: None, "src: photos/summit.jpg", "src: https://cdn.example/x.jpg",
            r"summit-photo\.md:10: the image 'https://cdn\.example/x\.jpg' is not a file "
            r"of the site"),
    "unknown key": (lambda site: None, "  credit:", "  credits:",
                    r"summit-photo\.md:13: unknown key 'credits' in image.*did you mean "
                    r"'credit'"),
    "bad focus": (lambda site: None, "focus: [0.5, 0.4]", "focus: [50, 40]",
                  r"summit-photo\.md:14: .*expected the point crops keep as \[x, y\]"),
    "outside": (lambda site: None, "src: photos/summit.jpg", "src: ../../site.yml",
                r"the image '\.\./\.\./site\.yml' leads out of its folder"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_pictures_are_clear_errors_and_leave_the_site_intact(site: Path, case: str) -> None:
    out = build_site(site)
    before = read_tree(out)
    damage, old, new, expected = BAD[case]
    damage(site)
    article = site / "content/articles/summit-photo.md"
    if old:
        assert old in article.read_text()
        article.write_text(article.read_text().replace(old, new, 1))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert read_tree(out) == before


def test_every_picture_error_of_an_article_is_told_in_one_run(site: Path) -> None:
    """A picture without alt text does not hide the other pictures' errors (nor
    its own missing file): the editor fixes them all after one build."""
    told = broken_pictures(site, lambda text: text.replace(
        "![Bar chart: four rounds of talks, the third shorter than the second](chart.png",
        "![](chart.png"), r"summit-photo\.md:18: the image 'chart\.png' needs alt text")
    assert all(count >= 1 for count in told.values()), told


# What broken_pictures breaks in summit-photo.md, and the errors that says.
LEAD_AND_MAP_ERRORS = (
    r"summit-photo\.md:10: 'image': the image 'photos/sumit\.jpg' needs alt text",
    r"summit-photo\.md:10: the image 'photos/sumit\.jpg' was not found.*did you mean "
    r"'photos/summit\.jpg'",
    r"summit-photo\.md:22: the image 'maps/roots\.svg' was not found.*did you mean "
    r"'maps/route\.svg'")


def broken_pictures(site: Path, more: Callable[[str], str], *expected: str) -> dict[str, int]:
    """Build ``site`` with summit-photo.md's lead image lacking its alt text and
    misspelt, its map misspelt, and ``more`` done to it: four errors, the
    output untouched; how often each expected error was told."""
    out = build_site(site)
    before = read_tree(out)
    article = site / "content/articles/summit-photo.md"
    text = article.read_text().replace("  src: photos/summit.jpg\n  alt: Two delegations at a "
                                       "long table under striped lights\n",
                                       "  src: photos/sumit.jpg\n")
    article.write_text(more(text.replace("](maps/route.svg", "](maps/roots.svg")))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "4 errors" in result.stderr, result.stderr
    assert read_tree(out) == before
    return {pattern: len(re.findall(pattern, result.stderr))
            for pattern in (*LEAD_AND_MAP_ERRORS, *expected)}


def test_an_article_with_another_error_has_its_pictures_checked_too(site: Path) -> None:
    """A bad date stops the article, not the check of its pictures: the missing
    alt text and the misspelt files are told in the same run, once each."""
    told = broken_pictures(site, lambda text: re.sub(
        r"^date: .*$", "date: 2025-13-45", text, count=1, flags=re.MULTILINE),
        r"summit-photo\.md:\d+: .*date")
    assert all(count == 1 for count in told.values()), told


@pytest.mark.parametrize("file, line", [("stories/summit.yml", 5), ("glossary.yml", 5)])
def test_a_story_or_term_picture_without_alt_text_has_its_file_checked_too(
        site: Path, file: str, line: int) -> None:
    """The lead picture of a story or a glossary term without alt text: both
    errors, the alt text and the misspelt file, in one run."""
    out = build_site(site)
    before = read_tree(out)
    path = site / "content" / file
    text = path.read_text()
    assert "maps/route.svg\n" in text
    text = re.sub(r"\n +alt: Schematic map of the route[^\n]*", "", text, count=1)
    path.write_text(text.replace("maps/route.svg\n", "maps/roots.svg\n", 1))
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    name = re.escape(Path(file).name)
    for expected in (rf"{name}:{line}: 'image': the image '/?maps/roots\.svg' needs alt text",
                     rf"{name}:{line}: the image '/?maps/roots\.svg' was not found.*did you "
                     r"mean '/?maps/route\.svg'"):
        assert re.search(expected, result.stderr), result.stderr
    assert read_tree(out) == before


def test_the_example_briefing_shows_its_map(tmp_path: Path) -> None:
    from tests.conftest import REPO

    out = tmp_path / "_site"
    assert run_cli("build", "--config", REPO / "site.yml", "--out", out).exit_code == 0
    svg = next((out / "pictures").glob("south-caucasus-corridor-*.svg")).read_text()
    for label in ("ARMENIA", "AZERBAIJAN", "Nakhchivan", "Syunik", "Planned transit route",
                  "Schematic, not to scale"):
        assert label in svg
    story = (out / "stories/white-house-declaration/index.html").read_text()
    report = (out / "articles/historic-peace-agreement-trump-summit/index.html").read_text()
    for page in (story, report):
        assert re.search(r'<figure class="figure( lead-image)?">\n<img src="/briefing/pictures/'
                         r'south-caucasus-corridor-[0-9a-f]{12}\.svg" alt="Schematic map:', page)
        assert '<span class="figure-credit">Map: The Caucasus Briefing desk</span>' in page
    assert '<figure class="figure lead-image">' in story
    # the sharing card of the story page, its lead being an SVG
    assert re.search(r'og:image" content="https://[^"]+/pictures/cards/story-white-house', story)


def test_feeds_show_pictures_at_absolute_urls(built: Path) -> None:
    entry = json.loads((built / "feed.json").read_text())["items"]
    html = next(item["content_html"] for item in entry if item["url"].endswith("summit-photo/"))
    assert ('<figure><img src="https://example.github.io/repo/pictures/chart-f1deeb31b9b6-320.png"'
            ' alt="Bar chart: four rounds of talks, the third shorter than the second" '
            'width="320" height="200"><figcaption>Hours of talks per round · Chart: Picture '
            'Desk</figcaption></figure>') in html
    assert re.search(r'<img src="https://example\.github\.io/repo/pictures/route-[0-9a-f]{12}'
                     r'\.svg" alt="a small route icon" width="300" height="200">', html)
    for src in re.findall(r'src="([^"]+)"', html):
        assert (built / src.removeprefix(BASE)).is_file(), src


def test_a_json_feed_item_shows_its_lead_picture_as_the_page_shares_it(built: Path) -> None:
    """JSON Feed's ``image``: the lead's 16:9 crop, the og:image of the page;
    none for a report without a raster lead (a generated card is only its title)."""
    items = json.loads((built / "feed.json").read_text())["items"]
    html = (built / ARTICLE).read_text()
    og = extruct.extract(html, base_url=BASE + "articles/summit-photo/",
                         syntaxes=["opengraph"], uniform=True)["opengraph"][0]["og:image"]
    images = {item["url"].removeprefix(BASE): item.get("image") for item in items}
    assert images["articles/summit-photo/"] == og
    assert (built / og.removeprefix(BASE)).is_file()
    leads = {url for url, image in images.items() if image}
    assert leads == {"articles/summit-photo/"}, images


def test_a_term_shows_its_picture_on_its_page_and_in_its_popover_only_if_small(site: Path
                                                                                ) -> None:
    out = build_site(site)
    term = (out / "glossary/declaration/index.html").read_text()
    assert '<figure class="figure term-image">\n<img src="/repo/pictures/route-' in term
    article = (out / ARTICLE).read_text()
    popover = article.split('id="term-definition-declaration"')[1].split("</div>")[0]
    assert '<figure class="figure term-popover-image">' in popover  # 300 px wide: small
    big = site / "static/maps/route.svg"
    big.write_text(big.read_text().replace('viewBox="0 0 300 200"', 'viewBox="0 0 900 600"'))
    out = build_site(site)
    popover = (out / ARTICLE).read_text().split('id="term-definition-declaration"')[1]
    assert "term-popover-image" not in popover.split("</div>")[0]  # too big for a glance
    assert 'class="figure term-image">\n<img src="/repo/pictures/route-' in \
        (out / "glossary/declaration/index.html").read_text()


def test_the_colour_profile_is_kept_and_nothing_else(tmp_path: Path) -> None:
    from PIL import ImageCms

    from briefing.pictures.encode import encode
    from briefing.pictures.variants import Variant

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (40.0, 10.0, 30.0)}
    exif[0x9286] = "a comment"
    source = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(source, "JPEG", icc_profile=profile,
                                                    exif=exif.tobytes())
    for fmt in ("jpeg", "webp", "png"):
        made = Image.open(io.BytesIO(encode(source.getvalue(), Variant("x", 32, 24, fmt))))
        assert made.info.get("icc_profile") == profile, fmt
        assert not made.getexif() and "exif" not in made.info, fmt
        assert made.size == (32, 24)


@given(caption=st.text(min_size=1).filter(lambda t: " | " not in t and t.strip()),
       credit=st.text(min_size=1).filter(lambda t: " | " not in t and t.strip()))
def test_a_title_splits_into_caption_and_credit_at_the_last_bar(caption: str,
                                                                credit: str) -> None:
    from briefing.text.images import split_title

    assert split_title(f"{caption} | {credit}") == (caption.strip(), credit.strip())
    assert split_title(caption) == (caption.strip(), None)


def test_crops_keep_the_focus_inside_the_picture() -> None:
    from briefing.model.picture import Picture
    from briefing.pictures.variants import crop_box

    wide = Picture("x", "x.jpg", "0" * 64, "jpeg", 3000, 1000)
    assert crop_box(wide, (1, 1), (0.5, 0.5)) == (1000, 0, 2000, 1000)
    assert crop_box(wide, (1, 1), (0.0, 0.5)) == (0, 0, 1000, 1000)  # clamped at the edge
    assert crop_box(wide, (1, 1), (0.9, 0.5)) == (2000, 0, 3000, 1000)
    assert crop_box(wide, (16, 9), (0.2, 0.5)) == (0, 0, 1778, 1000)
    tall = Picture("x", "x.jpg", "0" * 64, "jpeg", 900, 1600)
    assert crop_box(tall, (4, 3), (0.5, 0.1)) == (0, 0, 900, 675)


def test_a_cmyk_photo_becomes_rgb_without_its_cmyk_profile() -> None:
    from briefing.pictures.encode import encode
    from briefing.pictures.variants import Variant

    source = io.BytesIO()
    Image.new("CMYK", (40, 30), (0, 80, 160, 20)).save(source, "JPEG", icc_profile=b"not rgb")
    for fmt in ("jpeg", "webp"):
        made = Image.open(io.BytesIO(encode(source.getvalue(), Variant("x", 40, 30, fmt))))
        assert made.mode == "RGB" and "icc_profile" not in made.info, fmt


def test_a_build_imports_pillow_only_to_make_a_picture():
    """Every build loads the pictures modules, but an edit seldom makes a
    picture: Pillow's modules (25 ms of an edit's imports) wait until one is
    decoded, drawn or encoded."""
    import subprocess
    import sys
    script = ("import sys, briefing.commands.main, briefing.build.narrow, "
              "briefing.build.pipeline; "
              "print(sorted(m for m in sys.modules if m.startswith('PIL.')))")
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "['PIL._version']"
