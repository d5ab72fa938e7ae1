"""The build benchmark of issue 8: a generated corpus, briefing and Hugo timed side by side.

``python -m benchmarks.run`` (``make bench``) runs it; ``benchmarks.corpus``
generates the corpus and is importable on its own (the tests use it).
"""
