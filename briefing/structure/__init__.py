"""The typed model of a briefing's content, produced by the load stage."""

from briefing.structure.model import Article, Site, Source

__all__ = ["Article", "Site", "Source"]
