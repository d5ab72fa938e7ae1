"""The load stage: ``site.yml`` and ``content/`` into a checked ``Site``
(articles with their front matter, notes, glossary, stories)."""
