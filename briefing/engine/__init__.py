"""The incremental engine: stamps of what a build read, the signed cache on
disk and its change log, the declared queries (``queries.py``: what an edit
rebuilds), the per-article jobs and the plan that reuses the last build."""
