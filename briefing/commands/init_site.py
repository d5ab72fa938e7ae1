"""``briefing init DIR``: a new briefing that builds as it is.

Writes site.yml, one article with one editorial note, a glossary term and a
story that use each other, an About page and the desk's policies to be written
(init_pages.py), a GitHub Pages workflow, a requirements.txt for it and a
.gitignore. Refuses a folder that is not empty, so it never overwrites
anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from briefing.commands.init_pages import SITE_YML_POLICIES, page_files
from briefing.core.errors import UsageError

ARTICLE_SLUG = "council-approves-harbour-bridge"
STORY_SLUG = "harbour-bridge"
DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass(frozen=True)
class InitOptions:
    title: str = "My Briefing"
    base_url: str = DEFAULT_BASE_URL
    today: dt.date = dt.date(2025, 1, 1)


def _yaml_value(value: str) -> str:
    """A YAML scalar for ``value``, quoted only when it must be."""
    import yaml  # not at import: the CLI imports this module for DEFAULT_BASE_URL

    text = yaml.safe_dump(value, allow_unicode=True, width=1000)
    return text.removesuffix("\n...\n").rstrip("\n")


SITE_YML = """\
# Settings of this briefing; docs/content-format.md in briefing's repository
# lists every key.
title: {title}
description: Wire reports, annotated by our editors.
# The address the site is published at. The GitHub Pages workflow
# (.github/workflows/pages.yml) builds with the Pages address instead; for any
# other host, put that host's address here (see docs/deploy.md).
base_url: {base_url}
language: en
timezone: UTC
publisher:
  name: {publisher}
{policies}# search: false      # turn off the search page and search box
# cname: news.example.org   # a custom domain for GitHub Pages (writes CNAME)
"""

ARTICLE = """\
---
# An example article written by `briefing init`: replace it with your own.
title: City council approves a bridge across the harbour
dek: The vote ends a decade of debate; building is to start next spring.
date: {date}
source:
  name: Example wire service
authors: [Desk editor]
tags: [Transport, City council]
story: {story}
---

The city council voted 31 to 9 on Tuesday to approve a bridge across the
harbour, ending a decade of debate over how to link the two halves of the city.

Building is to start next spring and take four years, the council said. The
bridge will carry trams, bicycles and people on foot, but no private cars.

The Harbour Authority, which owns the quays on both sides, has agreed to give
up two berths for the bridge's piers. Opponents said the council had
underestimated the cost, which it puts at 240 million euros.

## What happens next

Builders have until the end of the year to bid for the contract.
"""

ANNOTATIONS = """\
# Editorial notes on the example article; docs/content-format.md describes the format.
article: {article}
annotations:
  - id: cost-estimate
    quote: which it puts at 240 million euros
    kind: context
    title: Where the figure comes from
    body: |
      The estimate is the council's own, from the planning report it published
      before the vote. It does not include the cost of moving the two berths.
    author: Briefing desk
    date: {date}
"""

GLOSSARY = """\
# The briefing's glossary: each term is linked where articles first mention it.
terms:
  - term: Harbour Authority
    definition: |
      The public body that owns and runs the city's port: its quays, its
      berths and the water of the harbour.
    links:
      - title: Port authority (Wikipedia)
        url: https://en.wikipedia.org/wiki/Port_authority
"""

STORY = """\
# A story groups the articles about one event (their front matter says story: {story}).
title: The harbour bridge
date: {date}
status: developing
summary: |
  The city council has approved a bridge across the harbour for trams,
  bicycles and people on foot. Building is to start next spring.
key_points:
  - The council voted 31 to 9 in favour.
  - The council puts the cost at 240 million euros.
"""

REQUIREMENTS = """\
# What the GitHub Pages workflow installs to build this briefing. Name where
# briefing comes from, for example its Git repository and a tag:
#   briefing @ git+https://github.com/OWNER/briefing@v0.1.0
{requirement}"""

GITIGNORE = """\
_site/
.venv/
__pycache__/
"""

# The same steps as the workflow of briefing's own repository, installing
# briefing from requirements.txt instead of with make.
PAGES_WORKFLOW = """\
# Builds the briefing and publishes it with GitHub Pages on every push to main.
# In the repository's Settings > Pages, set Source to "GitHub Actions".
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer push waits instead of cancelling a deploy.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Configure Pages
        id: pages
        uses: actions/configure-pages@v5
      - name: Install briefing
        run: |
          if ! grep -Eq '^[^#[:space:]]' requirements.txt; then
            echo "::error file=requirements.txt::say where to install briefing from"
            exit 1
          fi
          python -m pip install -r requirements.txt
      # The build cache (.briefing-cache/) and the last deploy's _site/ are restored,
      # so a push that changes one article rebuilds that article's pages only. The
      # key names the runner's system, briefing's version and a hash of what else
      # makes the build (requirements.txt, the theme and template overrides): when
      # one changes, the cache starts clean. docs/deploy.md in briefing's repository
      # explains it.
      - name: Find briefing's version
        id: briefing
        run: echo "version=$(python -c 'import importlib.metadata as m; print(m.version("briefing"))')" >> "$GITHUB_OUTPUT"
      - name: Restore the build cache (saved again after a successful build)
        uses: actions/cache@v4
        with:
          path: |
            .briefing-cache
            _site
          key: briefing-${{ runner.os }}-${{ steps.briefing.outputs.version }}-${{ hashFiles('requirements.txt', 'themes/**', 'templates/**') }}-${{ github.sha }}
          restore-keys: |
            briefing-${{ runner.os }}-${{ steps.briefing.outputs.version }}-${{ hashFiles('requirements.txt', 'themes/**', 'templates/**') }}-
      - name: Build
        run: briefing build
        env:
          BRIEFING_BASE_URL: ${{ steps.pages.outputs.base_url }}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""


def installed_requirement() -> str | None:
    """``briefing @ git+URL@COMMIT`` when this briefing was installed from Git, else None.

    The name ``briefing`` alone on a package index is another project, so
    nothing is guessed: without a Git origin the line is left for the user.
    """
    try:
        from importlib import metadata  # slow to import; only `briefing init` needs it

        text = metadata.distribution("briefing").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    data = json.loads(text)
    vcs = data.get("vcs_info") or {}
    if vcs.get("vcs") != "git" or not data.get("url"):
        return None
    commit = vcs.get("commit_id")
    return f"briefing @ git+{data['url']}" + (f"@{commit}" if commit else "")


def skeleton(options: InitOptions, requirement: str | None) -> dict[str, str]:
    """Relative path → text of every file ``init`` writes."""
    date = options.today.isoformat()
    return {
        "site.yml": SITE_YML.format(title=_yaml_value(options.title),
                                    base_url=_yaml_value(options.base_url),
                                    publisher=_yaml_value(f"{options.title} desk"),
                                    policies=SITE_YML_POLICIES),
        f"content/articles/{ARTICLE_SLUG}.md": ARTICLE.format(date=date, story=STORY_SLUG),
        f"content/annotations/{ARTICLE_SLUG}.yml": ANNOTATIONS.format(article=ARTICLE_SLUG,
                                                                      date=date),
        "content/glossary.yml": GLOSSARY,
        f"content/stories/{STORY_SLUG}.yml": STORY.format(story=STORY_SLUG, date=date),
        **page_files(),  # About and the policies, to be written (init_pages.py)
        ".github/workflows/pages.yml": PAGES_WORKFLOW,
        "requirements.txt": REQUIREMENTS.format(
            requirement=f"{requirement}\n" if requirement else ""),
        ".gitignore": GITIGNORE,
    }


def check_options(options: InitOptions) -> None:
    """Refuse a title or base URL that would make site.yml fail its first build,
    by the rules the build applies, before anything is written."""
    from briefing.config.site import base_url_override  # YAML: only when writing
    from briefing.core.schema import Invalid

    if not options.title.strip():
        raise UsageError("--title: must not be empty; give the briefing's name, e.g. "
                         "--title \"Harbour Weekly\"")
    if any(char in options.title for char in "\n\r\t") or not options.title.isprintable():
        raise UsageError("--title: must be one line of text, with no control characters; "
                         "e.g. --title \"Harbour Weekly\"")
    try:
        base_url_override(options.base_url)
    except Invalid as exc:
        raise UsageError(f"--base-url: {exc}") from None


def init_site(folder: Path, options: InitOptions) -> list[Path]:
    """Write a new briefing into ``folder`` (created if missing; must be empty)."""
    check_options(options)
    if folder.is_symlink() and not folder.exists():
        raise UsageError(f"{folder}: a symbolic link to {os.readlink(folder)}, which does not "
                         "exist; make that folder first, or choose another place")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    for parent in folder.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise UsageError(f"{folder}: {parent} is a file, not a folder; choose another "
                             "place for the new briefing")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder}: not empty; briefing init only writes into a new or "
                         "empty folder, so it never overwrites anything")
    written = []
    for relative, text in skeleton(options, installed_requirement()).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
