"""Site configuration: the typed form of site.yml."""

from briefing.config.site import Publisher, SiteConfig, load_config

__all__ = ["Publisher", "SiteConfig", "load_config"]
