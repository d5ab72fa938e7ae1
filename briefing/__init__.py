"""briefing: a static-site generator for annotated news briefings."""

from briefing.core.method_cache import install

install()  # before any of briefing's dataclasses is defined: see core/method_cache.py

__version__ = "0.1.0"
