"""site.yml: defaults, checks and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config.site import load_config
from briefing.core.errors import Diagnostics, UsageError
from tests.conftest import copy_site, run_cli


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply(tmp_path):
    config = load_config(write_config(tmp_path, "title: T\nbase_url: https://e.org/x\n"),
                         Diagnostics())
    assert config.language == "en"
    assert config.theme == "default"
    assert config.content_dir == Path("content")
    assert config.output_dir == Path("_site")
    assert config.base_url == "https://e.org/x/"  # a trailing slash is added
    assert config.base_path == "/x/"
    assert config.root == tmp_path.resolve()


def test_base_url_override_replaces_and_may_stand_in_for_the_key(tmp_path):
    path = write_config(tmp_path, "title: T\n")
    config = load_config(path, Diagnostics(), base_url="https://u.github.io/repo")
    assert config.base_url == "https://u.github.io/repo/"
    with pytest.raises(UsageError, match="--base-url"):
        load_config(path, Diagnostics(), base_url="ftp://nope")


def test_unknown_key_suggests_the_closest(tmp_path):
    diagnostics = Diagnostics()
    config = load_config(write_config(
        tmp_path, "title: T\nbase_url: https://e.org/\ndescripton: x\n"), diagnostics)
    assert config is None
    [error] = diagnostics.errors
    assert error.format() == ("site.yml:3: unknown key 'descripton' in site.yml "
                              "(did you mean 'description'?)")


@pytest.mark.parametrize("text, expected", [
    ("title: T\n", "site.yml:1: site.yml is missing the required key 'base_url'"),
    ("title: T\nbase_url: /relative/\n", "site.yml:2: 'base_url': '/relative/' is not an "
     "absolute http(s) URL"),
    ("title: T\nbase_url: https://e.org/\nlanguage: English!\n", "site.yml:3: 'language': "
     "'English!' is not a BCP 47 language tag such as 'en' or 'en-GB'"),
    ("title: T\nbase_url: https://e.org/\ntimezone: Mars/Olympus\n", "site.yml:3: "
     "'timezone': unknown time zone 'Mars/Olympus'; use an IANA name such as "
     "'Europe/London' or 'UTC'"),
    ("title: T\nbase_url: https://e.org/\npublisher: Desk\n", "site.yml:3: 'publisher': "
     "expected a mapping with the keys name, url, corrections_policy, fact_checking_policy, "
     "ethics_policy, ownership_funding, masthead, got str 'Desk'"),
    ("title: [unclosed\nbase_url: x\n", "site.yml:2: invalid YAML: did not find expected "
     "',' or ']' (while parsing a flow sequence that starts on line 1)"),
    ("title: A\ntitle: B\nbase_url: https://e.org/\n",
     "site.yml:2: key 'title' appears twice in the same mapping (first on line 1)"),
])
def test_bad_values_are_reported_with_their_line(tmp_path, text, expected):
    diagnostics = Diagnostics()
    assert load_config(write_config(tmp_path, text), diagnostics) is None
    assert [d.format() for d in diagnostics.errors] == [expected]


def test_missing_config_is_a_usage_error(tmp_path):
    result = run_cli("build", "--config", tmp_path / "nope.yml")
    assert result.exit_code == 2
    assert "nope.yml: no such file" in result.stderr


def test_site_key_errors_are_all_reported_at_once(tmp_path):
    site = copy_site("errors/site-keys", tmp_path)
    result = run_cli("build", "--config", site / "site.yml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "site.yml:1: unknown key 'titel' in site.yml (did you mean 'title'?)" in lines
    assert "site.yml:4: unknown key 'languag' in site.yml (did you mean 'language'?)" in lines
    assert "site.yml:3: 'base_url': '/not/absolute/' is not an absolute http(s) URL" in lines
    # 'titel' is told once, as a misspelling, not again as 'title' missing.
    assert not any("missing the required key 'title'" in line for line in lines)
    assert lines[-1] == "Failed: 3 errors; nothing was written."
