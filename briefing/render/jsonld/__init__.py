"""Structured data (JSON-LD) for the pages, in one place.

Every schema.org object a page embeds is built here, one kind per module:
``NewsArticle`` and ``BreadcrumbList`` (:mod:`.news`), the publisher and
authors (:mod:`.parties`), ``ClaimReview`` (:mod:`.review`), ``DefinedTerm`` and
``DefinedTermSet`` (:mod:`.terms`), the W3C Web Annotation ``AnnotationPage``
written beside each article (:mod:`.web_annotation`), and :mod:`.script`, which
escapes any of them for a ``<script>`` block. They live in render, not in the
features, because only the render and listing stages use them; the features
supply the views (notes, terms) and know nothing of output formats.
"""
