"""Writing editorial notes into ``content/annotations/`` from outside a text editor.

The preview's editor (briefing/preview/notes_api.py) and ``briefing
import-notes`` know where a note goes in an article's text; this package finds
the article's text the way the build anchors in it, chooses a quote that anchors
back there (annotations/quote_choice.py), edits the annotation file keeping its
formatting (annotations/notefile.py), checks the result with the build's own
loader, and writes it. It knows nothing of HTTP or the command line.
"""
