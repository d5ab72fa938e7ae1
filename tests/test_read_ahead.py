"""Reading the site's files ahead on every core (load/ahead.py; issue 18's cold
build): a cold build's load stage finds each article, annotation and story file
already read, by worker processes, and loads exactly the site, and says
exactly the warnings and errors, that reading them one by one gives."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing.build.api import BuildOptions
from briefing.build.pipeline import load
from briefing.core.errors import ContentErrors, Diagnostics
from briefing.core.parallel import MIN_ITEMS, available_cores, can_fork
from briefing.core.remembered import ARTICLE
from briefing.engine.incremental import BuildCache
from briefing.load.ahead import Ahead, read_ahead
from briefing.load.site_files import RememberedFiles
from tests.conftest import copy_site

COPIES = MIN_ITEMS + 4  # enough files of each kind for the read to go to workers
forks = pytest.mark.skipif(available_cores() < 2 or not can_fork(),
                           reason="reading ahead needs two cores and fork")


def _many(tmp_path: Path) -> Path:
    """The stories fixture with COPIES more reports, their notes and stories."""
    site = copy_site("stories", tmp_path / "site", search=False)
    content = site / "content"
    article = (content / "articles/summit-a.md").read_text(encoding="utf-8")
    notes = (content / "annotations/summit-a.yml").read_text(encoding="utf-8")
    story = (content / "stories/summit-talks.yml").read_text(encoding="utf-8")
    for n in range(COPIES):
        (content / f"articles/copy-{n}.md").write_text(
            article.replace("story: summit-talks", f"story: talks-{n}"), encoding="utf-8")
        (content / f"annotations/copy-{n}.yml").write_text(
            re.sub(r"id: (\S+)", rf"id: \1-{n}", notes.replace("article: summit-a",
                                                              f"article: copy-{n}")),
            encoding="utf-8")
        (content / f"stories/talks-{n}.yml").write_text(story, encoding="utf-8")
    return site


def _loaded(site: Path, ahead: bool):
    """The site and what loading it said: read ahead (through a build's memo) or
    one file after another (no memo)."""
    options = BuildOptions(site / "site.yml", jobs=2)
    try:
        loaded = load(options, cache=BuildCache() if ahead else None)
    except ContentErrors as errors:
        return None, sorted(map(str, errors.diagnostics))
    return loaded.site, sorted(map(str, loaded.diagnostics.items))


@forks
def test_a_site_read_ahead_is_the_site_read_file_by_file(tmp_path: Path) -> None:
    site = _many(tmp_path)
    assert _loaded(site, ahead=True) == _loaded(site, ahead=False)


@forks
def test_warnings_and_errors_of_files_read_ahead_are_said_once_at_their_lines(
        tmp_path: Path) -> None:
    site = _many(tmp_path)
    content = site / "content"
    broken = content / "annotations/copy-3.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: context",
                                                                 "kind: contxt"),
                      encoding="utf-8")
    odd = content / "articles/copy-5.md"
    odd.write_text(odd.read_text(encoding="utf-8").replace("---\n\n", "colour: red\n---\n\n", 1),
                   encoding="utf-8")
    ahead, one_by_one = _loaded(site, ahead=True), _loaded(site, ahead=False)
    assert ahead == one_by_one
    said = "\n".join(ahead[1])
    assert said.count("copy-3.yml") == 1 and said.count("copy-5.md") == 1


@forks
def test_the_files_are_read_by_workers_and_their_values_handed_to_the_memo(
        tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    paths = [folder / f"{n}.md" for n in range(COPIES)]
    for path in paths:
        path.write_text(path.name, encoding="utf-8")
    cache = BuildCache()
    files = RememberedFiles(cache.remember, Diagnostics(), "settings", knows=cache.knows,
                            jobs=2)

    def read(into: Diagnostics, path: Path) -> tuple[str, int]:
        into.warning(path, 1, "read")
        return path.read_text(encoding="utf-8"), os.getpid()

    read_ahead(files, [Ahead(ARTICLE, path, lambda into, path=path: read(into, path))
                       for path in paths])
    for path in paths:
        (text, pid), said = cache.remember(ARTICLE, files.key(path, ""), _never)
        assert text == path.name and pid != os.getpid()
        assert [item.line for item in said] == [1]


def test_a_load_without_a_memo_reads_nothing_ahead(tmp_path: Path) -> None:
    """``briefing check`` loads without a build's memo: nothing to hand values to."""
    files = RememberedFiles(lambda kind, key, compute: compute(), Diagnostics(), "")
    read_ahead(files, [Ahead(ARTICLE, tmp_path / "a.md", _never)] * COPIES)


def _never(*args: object) -> object:
    raise AssertionError("read again")
