"""The HTTP server browser tests serve a built site with (benchmarks/serving.py):
the benchmark's search timings use the same one."""

from benchmarks.serving import serve

__all__ = ["serve"]
