"""Plain frozen data passed between stages: ``Site``/``Article``/``Source``,
``Annotation``/``Anchor``, ``Term``/``Glossary``, ``Story``, ``MergedPage``."""
