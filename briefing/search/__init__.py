"""Client-side search with Pagefind: the checks, the ``/search/`` page and the
indexer run over a finished site."""
