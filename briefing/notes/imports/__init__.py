"""``briefing import-notes``: notes made in other annotation tools, brought into YAML.

documents.py reads a W3C Web Annotation document or a Hypothesis export into
plain :class:`~briefing.notes.imports.documents.ForeignNote` values; placing.py
finds each one's passage in its article; run.py writes the ones it can place
with briefing/notes/desk.py (the same checks as the preview's editor) and
reports the ones it cannot, with the closest passage.
"""
