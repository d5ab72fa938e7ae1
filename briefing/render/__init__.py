"""The render stage: merged pages and the theme into output files. The render
context (``context.py``), article pages (``article.py``), the page parser with
the features' render rules (``markdown.py``), the glossary's side
(``terms.py``), JSON-LD (``jsonld/``), the theme and its filters."""
