"""Pictures as content names them, and the files behind them as probed.

An :class:`ImageRef` is what an editor wrote (front matter ``image:`` or a
Markdown image in the body); a :class:`Picture` is the file it names, with
the hash of its bytes and its size, found after loading (load/pictures.py).
Both are plain frozen data, so an article that holds them is fingerprinted
with them: an edited image changes the article's keys and rebuilds its page.
"""

from __future__ import annotations

from dataclasses import dataclass

RASTER_KINDS = ("jpeg", "png", "webp", "gif")
KINDS = (*RASTER_KINDS, "svg")


@dataclass(frozen=True)
class ImageRef:
    """One image as content names it."""

    src: str  # as written: relative to the content file's folder, or to static/
    alt: str
    line: int  # where it is named, for errors
    caption: str | None = None
    credit: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)  # the point crops keep, 0..1 from the top left


@dataclass(frozen=True)
class Picture:
    """The file behind an :class:`ImageRef`, probed: what pages need to show it
    (its size, for ``width``/``height`` and the variants' sizes) without
    reading it again."""

    src: str  # as written in content
    path: str  # the file, relative to the site's root (posix)
    digest: str  # a hash of the file's bytes: variants are named and cached by it
    kind: str  # one of KINDS
    width: int  # after EXIF orientation; an SVG's from its width/height or viewBox
    height: int
    alpha: bool = False  # has transparency: crops stay PNG

    @property
    def stem(self) -> str:
        """The file's name without folder or suffix, for readable output names."""
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name


@dataclass(frozen=True)
class Shown:
    """An image as a page shows it: what was written and the file behind it."""

    ref: ImageRef
    picture: Picture
