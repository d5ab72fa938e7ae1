"""The incremental engine: stamps of what a build read (sizes and times, and
the digests of the inputs' bytes for when times lie), the build store on disk
and what each build changed in it, the declared queries (``queries.py``: what
an edit rebuilds), the per-article jobs and the plan that reuses the last
build."""
