"""The edits the rebuild measurements make: each changes real bytes, and each run differs.

Every edit writes a line that names its revision (``revision`` counts from 1),
replacing the line an earlier revision wrote, so the corpus stays valid and
keeps its size however many runs there are. The preview's edits
(``edit_for_preview``) name a word instead, one no page has yet, and the
preview measurement puts the article back as it was when it is done.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from benchmarks.corpus import Corpus

ARTICLE_LINE = "This report was updated by the desk (revision {n})."
NOTE_LINE = "Updated by the desk in revision {n}."
TERM_LINE = "Definition revised by the desk in revision {n}."
PREVIEW_LINE = "The desk read this report again in the preview ({word})."


def _replace_or_add(text: str, line: str, pattern: str, anchor: str, indent: str) -> str:
    """``line`` in place of the earlier revision's, or right after ``anchor`` the first time."""
    earlier = re.compile(rf"^{indent}{pattern}\n", re.MULTILINE)
    if earlier.search(text):
        return earlier.sub(lambda _: f"{indent}{line}\n", text, count=1)
    position = text.index(anchor) + len(anchor)
    return text[:position] + f"{indent}{line}\n" + text[position:]


def edit_article(corpus: Corpus, revision: int) -> Path:
    """Change the text of the newest article (the one on the front page)."""
    return _with_revision_line(corpus.article_path(corpus.slugs[0]), revision)


def edit_story_article(corpus: Corpus, revision: int) -> Path:
    """Change the text of the newest report a story holds, other than the newest
    article (edit_article's): its story page, which compares the reports' texts,
    is made again too."""
    for slug in corpus.slugs[1:]:
        path = corpus.article_path(slug)
        if re.search(r"^story: ", path.read_text(encoding="utf-8"), re.MULTILINE):
            return _with_revision_line(path, revision)
    raise ValueError("no story holds a report of this corpus")


def _with_revision_line(path: Path, revision: int) -> Path:
    """``path`` with the desk's revision line at its end, in place of an earlier one."""
    text = path.read_text(encoding="utf-8")
    line = ARTICLE_LINE.format(n=revision)
    earlier = re.compile(r"\n\nThis report was updated by the desk \(revision \d+\)\.\n$")
    text = earlier.sub("\n", text) if earlier.search(text) else text
    path.write_text(text.rstrip("\n") + f"\n\n{line}\n", encoding="utf-8")
    return path


def edit_for_preview(path: Path, original: str, word: str) -> None:
    """The article's ``original`` text with one sentence naming ``word`` at its end
    (the preview's edits each replace the one before; the caller restores ``original``)."""
    line = PREVIEW_LINE.format(word=word)
    path.write_text(original.rstrip("\n") + f"\n\n{line}\n", encoding="utf-8")


def edit_annotation(corpus: Corpus, revision: int) -> Path:
    """Change the body of the first note on the newest article."""
    path = corpus.annotation_path(corpus.slugs[0])
    text = path.read_text(encoding="utf-8")
    path.write_text(_replace_or_add(text, NOTE_LINE.format(n=revision),
                                    r"Updated by the desk in revision \d+\.", "    body: |\n",
                                    " " * 6), encoding="utf-8")
    return path


def edit_glossary(corpus: Corpus, term: str, revision: int) -> Path:
    """Change the definition of ``term``."""
    path = corpus.glossary_path
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - term: \"{term}\"\n")
    anchor = text.index("    definition: |\n", start) + len("    definition: |\n")
    head, tail = text[:anchor], text[anchor:]
    tail = re.sub(r"\A {6}Definition revised by the desk in revision \d+\.\n", "", tail)
    path.write_text(head + " " * 6 + TERM_LINE.format(n=revision) + "\n" + tail,
                    encoding="utf-8")
    return path


def term_to_edit(corpus: Corpus) -> tuple[str, int]:
    """A place name used by a median number of articles, and that number."""
    places = sorted((pages, name) for name, pages in corpus.term_pages.items()
                    if any(t.name == name and t.kind == "place" for t in corpus.terms))
    pages, name = places[len(places) // 2]
    return name, pages


def publish_article(corpus: Corpus, revision: int) -> Path:
    """A new article, the newest: the newest article's text under a title and
    slug of its own (the most common change a newsroom makes). The caller
    removes it after its build, so the corpus keeps its size."""
    source = corpus.article_path(corpus.slugs[0])
    path = source.with_name(f"published-by-the-desk-{revision}.md")
    text = re.sub(r"^title: .*$", f'title: "Published by the desk in revision {revision}"',
                  source.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return path


def check_out_afresh(corpus: Corpus, revision: int) -> Path:
    """What a deploy's fresh checkout does to the site: every input file (site.yml,
    its search twin, the content) gets a new modification time, a minute ago (a
    runner installs briefing between checkout and build), its bytes untouched;
    then the newest article is edited, as the push being deployed did. The
    output keeps its times, as actions/cache restores them."""
    when = time.time() - 60
    for path in [corpus.config_path, corpus.search_config_path,
                 *corpus.content.rglob("*")]:
        if path.is_file():
            os.utime(path, (when, when))
    return edit_article(corpus, revision)
