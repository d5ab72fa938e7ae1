"""Options several commands share, so each is spelled and explained once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from briefing.commands.output import user_errors
from briefing.core.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])
BASE_URL_VARIABLE = "BRIEFING_BASE_URL"  # set by the GitHub Pages workflow `briefing init` writes

config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=True),
    help="Path to site.yml (default: ./site.yml).")


def base_url_option(help: str) -> Callable[[F], F]:
    """``--base-url``, also read from ``$BRIEFING_BASE_URL``, checked as it is read."""
    return click.option("--base-url", envvar=BASE_URL_VARIABLE, callback=_checked_base_url,
                        help=help)


def _checked_base_url(ctx: click.Context, param: click.Parameter,
                      value: str | None) -> str | None:
    """``value`` once it passes site.yml's rules for base_url; a usage error
    otherwise, naming where the value came from: a bad one from the
    environment (a CI workflow's, say) blamed on ``--base-url``, which nobody
    typed, sent the editor looking at the wrong place."""
    if value is None:
        return None
    from briefing.config.site import base_url_override  # YAML: only when it is given
    from briefing.core.schema import Invalid

    try:
        base_url_override(value)
    except Invalid as exc:
        if ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT:
            message = (f"${BASE_URL_VARIABLE}: {exc} (the environment variable gives the "
                       "base URL: correct it or unset it, or give --base-url)")
        else:
            message = f"--base-url: {exc}"
        with user_errors():
            raise UsageError(message) from None
    return value
