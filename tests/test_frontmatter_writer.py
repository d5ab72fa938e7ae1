"""The one front-matter writer (text/frontmatter.py): what it writes reads back
through the article loader as the values it was given, in the editor's order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.load.articles import load_article
from briefing.load.frontmatter import split_front_matter
from briefing.model.site import Source
from briefing.text.frontmatter import KEYS, front_matter_block, front_matter_yaml

HOSTILE = ["Talks: resume", "'quoted' \"twice\"", "# not a comment", "- not a list",
           "Ереван и Баку 🙂", "yes", "2024-05-01", "a" * 900, "tab\there", "null"]


def config(root: Path) -> SiteConfig:
    return SiteConfig(root=root, config_path=root / "site.yml", title="T",
                      base_url="https://example.org/")


def written(root: Path, values: dict, placeholders: dict | None = None) -> Path:
    path = root / "content" / "articles" / "talks.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter_block(values, placeholders) + "\nBody.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text", HOSTILE)
def test_every_key_round_trips_through_the_loader(tmp_path, text):
    values = {"title": text, "dek": text, "date": dt.date(2024, 5, 1),
              "source": {"name": text, "url": "https://example.org/x"},
              "authors": [text], "tags": ["talks"], "story": "summit", "draft": True,
              "original": "wire/report.txt"}
    diagnostics = Diagnostics()
    article = load_article(written(tmp_path, values), config(tmp_path), diagnostics)
    assert article is not None, diagnostics.items
    assert (article.title, article.dek, article.authors, article.tags) == \
        (text, text, (text,), ("talks",))
    assert article.source == Source(text, "https://example.org/x")
    assert (article.story, article.draft, article.original) == \
        ("summit", True, "wire/report.txt")
    assert article.date.date() == dt.date(2024, 5, 1) and not article.has_time
    assert article.body.strip() == "Body."


@settings(max_examples=50)
@given(st.dictionaries(st.sampled_from(KEYS), st.text(max_size=20) | st.none()))
def test_keys_come_in_the_editors_order_and_none_is_left_out(values):
    data = yaml.safe_load(front_matter_yaml(values)) or {}
    present = [key for key in KEYS if values.get(key) is not None]
    assert list(data) == present
    assert data == {key: values[key] for key in present}


def test_placeholders_are_comments_in_their_place():
    text = front_matter_yaml({"title": "T", "date": dt.date(2024, 5, 1), "tags": []},
                             {"dek": "One sentence", "source": "{name: Agency}"})
    assert text == ("title: T\n# dek: One sentence\ndate: 2024-05-01\n"
                    "# source: {name: Agency}\ntags: []\n")
    assert front_matter_yaml({"title": "T"}, {"title": "unused"}) == "title: T\n"


def test_a_block_is_fenced_and_splits_back():
    block = front_matter_block({"title": "T", "url": "https://example.org/a/"})
    split = split_front_matter(block + "\nBody\n")
    assert split.yaml_text == "title: T\nurl: https://example.org/a/\n"
    assert split.body == "\nBody\n"


def test_an_unknown_key_is_refused():
    with pytest.raises(ValueError, match="titel"):
        front_matter_yaml({"titel": "T"})


def test_a_next_line_character_survives_the_round_trip():
    """PyYAML writes U+0085 in single quotes as a bare line break, read back as a
    space; the writer double-quotes such text (found by the property above)."""
    for text in ("\x85", "a\x85b"):
        assert yaml.safe_load(front_matter_yaml({"title": text})) == {"title": text}
