"""The merge stage: each article and its notes into a merged Markdown page, by a
chain of rules (``chain.py``), one module per rule (``glossary.py`` links terms,
``annotations.py`` places notes), sharing ``context.py``."""
