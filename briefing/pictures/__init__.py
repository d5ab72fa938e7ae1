"""Pictures: lead images and figures, their responsive variants and sharing cards.

``refs`` finds the images content names, ``probe`` and ``svg`` check the files
(Pillow for rasters, a strict reader for SVG), ``variants`` says which files a
picture becomes (pure, so the article jobs and the build agree on names and
sizes without decoding anything), ``encode`` makes those files, ``card`` draws
the sharing card of a page without a picture, and ``render_rule`` turns a
Markdown image alone in its paragraph into a figure.

Pillow is imported by the functions that decode, draw or encode, not as these
modules load: every build loads them (the load stage probes pictures, the
article pages name their cards), but a build after an edit seldom makes a
picture, and Pillow's modules took 25 ms of an edit's 0.25 s of imports.
"""
