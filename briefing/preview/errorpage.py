"""The page browsers see while the site has errors.

An editor who breaks an article's front matter is looking at the browser, not
the terminal, so the preview shows the same ``path:line: message`` lines there
until a build succeeds again. The page is self-contained (inline style) because
while the build is broken nothing else of the site should be trusted.
"""

from __future__ import annotations

from html import escape

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { color: #a40000; font-size: 1.6rem; }
li { font-family: ui-monospace, monospace; white-space: pre-wrap; margin: .4rem 0; }
@media (prefers-color-scheme: dark) { body { color: #eee; background: #161616; }
  h1 { color: #ff7b7b; } }
"""


def error_page(lines: list[str], snippet: bytes) -> bytes:
    """A complete HTML page listing ``lines`` (escaped), with the reload ``snippet``."""
    count = len(lines)
    items = "\n".join(f"<li>{escape(line)}</li>" for line in lines)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · briefing serve</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>The site did not build: {count} error{"s" * (count != 1)}</h1>
<ol class="build-errors">
{items}
</ol>
<p>Fix the file and save it; this page reloads by itself.</p>
"""
    return page.encode("utf-8") + snippet + b"\n</body>\n</html>\n"
