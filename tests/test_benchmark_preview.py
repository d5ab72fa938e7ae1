"""The benchmark's preview row (benchmarks/preview.py) on a three-article corpus: an edit is
seen over HTTP, and however the measurement ends, the server's whole process group is gone
and the article is as it was. What it measures is no test of speed: no time is checked."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import preview
from benchmarks.corpus import CorpusSpec, generate
from benchmarks.preview import PreviewFailed, PreviewSite, measure_preview
from benchmarks.run import clean_env

BRIEFING = Path(sys.executable).parent / "briefing"


@pytest.fixture
def servers(monkeypatch) -> Iterator[list[preview.PreviewServer]]:
    """Every server the measurement starts, to look at after it ended (and stopped
    here too, should the code under test have failed to)."""
    started: list[preview.PreviewServer] = []

    class Recorded(preview.PreviewServer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(preview, "PreviewServer", Recorded)
    monkeypatch.setattr(preview, "SETTLE_SECONDS", 0.0)
    yield started
    for server in started:
        if not _gone(server):
            server.stop()


def _site(tmp_path: Path, watched: int = 0) -> tuple[PreviewSite, str]:
    corpus = generate(CorpusSpec(articles=3, search=False), tmp_path / "site")
    edited = corpus.article_path(corpus.slugs[0])
    return PreviewSite(BRIEFING, corpus.config_path, edited,
                       corpus.article_url_path(corpus.slugs[watched]),
                       tmp_path / "serve"), edited.read_text(encoding="utf-8")


def _gone(server: preview.PreviewServer) -> bool:
    try:
        os.killpg(server.process.pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_an_edit_is_timed_until_the_served_page_has_it(tmp_path, servers):
    site, original = _site(tmp_path)
    ready, samples = measure_preview(site, clean_env(), run=1, edits=2)
    assert ready > 0 and len(samples) == 2
    assert all(s.seconds > 0 and s.tree_rss_mb >= s.max_rss_mb > 0 for s in samples)
    assert site.article.read_text(encoding="utf-8") == original
    [server] = servers
    assert server.process.returncode is not None and _gone(server)
    assert "Stopped." in server.out.read_text()  # stopped politely, not killed


def test_a_page_that_never_shows_the_edit_fails_and_still_stops_the_server(
        tmp_path, servers, monkeypatch):
    monkeypatch.setattr(preview, "EDIT_TIMEOUT", 2.0)
    site, original = _site(tmp_path, watched=1)  # another article's page: never has the word
    with pytest.raises(PreviewFailed, match="did not show the edit"):
        measure_preview(site, clean_env(), run=1, edits=1)
    [server] = servers
    assert _gone(server)
    assert site.article.read_text(encoding="utf-8") == original
