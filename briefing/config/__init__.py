"""Site settings: site.yml read and checked (``site.py``), hosting options
(``hosting.py``), and finding site.yml without parsing it (``sitefile.py``)."""
