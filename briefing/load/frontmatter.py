"""Splitting a Markdown file into YAML front matter and body."""

from __future__ import annotations

from dataclasses import dataclass

_FENCE = "---"


@dataclass(frozen=True)
class FrontMatterSplit:
    yaml_text: str
    yaml_line: int  # line of the file on which the YAML starts (1-based)
    body: str
    body_line: int


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def split_front_matter(text: str, needs: str = "title: and date:") -> FrontMatterSplit:
    """Separate ``---``-fenced YAML from the Markdown after it (``needs``: the keys
    the error names when there is none)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _FENCE:
        raise FrontMatterError(1, "the file must start with YAML front matter between "
                               f"two '---' lines ({needs} at least)")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (_FENCE, "..."):
            return FrontMatterSplit(
                yaml_text="".join(lines[1:index]), yaml_line=2,
                body="".join(lines[index + 1:]), body_line=index + 2)
    raise FrontMatterError(1, "front matter is not closed: add a '---' line after "
                           "the last front matter key")
