"""Golden files: the exact output of the basic and trust fixture sites.

Any change to the HTML or Markdown the build writes shows up here as a diff.
After an intended change, run ``make golden`` and review the diff in git.
Pictures are compared by format, size and mode. Theme CSS is left out (its fingerprint in URLs is masked) so restyling does
not churn every golden page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import copy_site, read_tree, run_cli

GOLDEN = Path(__file__).parent / "golden" / "basic"
FINGERPRINT = re.compile(rb"\?v=[0-9a-f]{10}")
# The search index is Pagefind's binary output, named by content hashes; it is
# checked in test_search.py, and its lines are left out of the manifest here.
SEARCH_INDEX = re.compile(rb"^pagefind/.*\n", re.M)


def comparable(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: described(path, data) if path.endswith(RASTERS) else
            FINGERPRINT.sub(b"?v=FINGERPRINT", SEARCH_INDEX.sub(b"", data))
            for path, data in tree.items() if not path.startswith(("static/", "pagefind/"))}


RASTERS = (".png", ".jpg", ".webp")


def described(path: str, data: bytes) -> bytes:
    """A picture file as its format, size and mode: its bytes depend on the
    encoders of the Pillow release installed (test_pictures.py checks that two
    builds give the same bytes)."""
    image = Image.open(io.BytesIO(data))
    return f"{image.format} {image.width}x{image.height} {image.mode}\n".encode()


def test_basic_site_matches_golden_files(basic_site):
    check_golden(basic_site, GOLDEN)


def test_trust_site_matches_golden_files(tmp_path):
    """The trust pages: corrections log and its feed, notices, ratings; plain
    pages (About, Contact) with the site menu and a glossary link."""
    check_golden(copy_site("trust", tmp_path), GOLDEN.parent / "trust")


def test_revised_site_matches_golden_files(tmp_path):
    """A report revised twice: the history page (diffs, notes marked, a retired
    note), the article's "Updated" line and notes on earlier versions."""
    check_golden(copy_site("revised", tmp_path), GOLDEN.parent / "revised")


def test_pictures_site_matches_golden_files(tmp_path):
    """Lead image, figures with captions and credits, an inline picture, a story's
    SVG lead, sharing crops and cards (issue 22)."""
    check_golden(copy_site("pictures", tmp_path), GOLDEN.parent / "pictures")


def check_golden(site: Path, golden: Path) -> None:
    assert run_cli("build", "--config", site / "site.yml").exit_code == 0
    actual = comparable(read_tree(site / "_site"))
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for path, data in actual.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_bytes(data)
        pytest.skip("golden files rewritten")
    expected = read_tree(golden)
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path].decode() == expected[path].decode(), path
