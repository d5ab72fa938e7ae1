"""``briefing serve``: build the site, serve it locally and reload browsers on change.

The preview is a client of :func:`briefing.build.api.build`, like the CLI: it builds
into a private temporary directory (so ``_site/`` never holds drafts or the
reload script), serves that directory under the site's base path the way GitHub
Pages does, and rebuilds when a source file changes. Only ``cli.py`` imports
this package.
"""

from briefing.preview.console import Console
from briefing.preview.server import PortInUse, PreviewOptions, serve_preview

__all__ = ["Console", "PortInUse", "PreviewOptions", "serve_preview"]
