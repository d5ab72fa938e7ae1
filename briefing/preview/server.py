"""Running the preview: bind the port, build, serve, and rebuild on change.

One thread does everything: the tornado event loop serves requests and, every
``POLL_SECONDS`` and at once when the system tells of a change (notify.py),
polls the watched files; the changes one poll finds run one
build on the loop itself, at once, then browsers are told to reload before
anything else is done (saving the build cache waits until then). Building on
the loop means no request ever sees the output directory half swapped, and no
locks are needed. The search index is the exception: Pagefind runs in its own
process after the pages are served, and the same poll puts its index in place
when it is done (see build/index_later.py). The build goes into the preview's own
folder in ``.briefing-cache/``, kept for the next start (see rebuild.py);
however the server stops (Ctrl-C, SIGTERM, an error), Pagefind is stopped
first and nothing is left in the temporary folder.
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import socket
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.netutil import bind_sockets
from tornado.routing import Rule

from briefing.build.api import BuildOptions, read_config
from briefing.core.errors import Diagnostics, UsageError
from briefing.preview import livereload_adapter, notes_api
from briefing.preview.console import Console
from briefing.preview.editor_page import EDITOR_OFF, Editor, listens_only_locally
from briefing.preview.handlers import SiteHandler
from briefing.preview.hosts import AllowedHost, WrongHostHandler, allowed_names
from briefing.preview.notify import Notifier
from briefing.preview.rebuild import (
    Rebuilder,
    SiteView,
    Target,
    preview_origin,
    preview_output_dir,
)
from briefing.preview.steps import PollStep
from briefing.preview.watch import Watcher

POLL_SECONDS = 0.1


@dataclass(frozen=True)
class PreviewOptions:
    config_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False
    drafts: bool = True


class PortInUse(UsageError):
    """Another program already listens on the requested port."""


def bind(host: str, port: int) -> list[socket.socket]:
    """Listen on host:port before building, so a busy port fails at once and clearly."""
    try:
        return bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {host} is already in use; stop the other "
                            f"server or choose another port, e.g. --port {port + 1}") from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve_preview(options: PreviewOptions, console: Console = Console()) -> None:
    """Serve until interrupted; returns normally on Ctrl-C or SIGTERM."""
    config = read_config(BuildOptions(options.config_path), Diagnostics())
    sockets = bind(options.host, options.port)
    previous = _terminate_like_ctrl_c()
    try:
        origin = preview_origin(options.host, options.port)
        output = preview_output_dir(config, options.host, options.port, options.drafts)
        _check_writable(output.parent)
        rebuilder = Rebuilder(Target(config.config_path, output, origin, options.drafts),
                              config, console)
        watcher: Watcher | None = None
        try:
            watcher = Watcher(rebuilder.watch_roots(),  # before building: no edit is missed
                              notifier=Notifier.start())
            rebuilder.rebuild()
            rebuilder.finish()
            asyncio.run(_serve(rebuilder, watcher, sockets, options))
        finally:
            rebuilder.close()  # stops Pagefind if it is at work
            if watcher is not None:
                watcher.close()
    except KeyboardInterrupt:
        pass
    finally:
        for sock in sockets:
            sock.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    console.info("Stopped.")


def _check_writable(folder: Path) -> None:
    """The preview builds into the site's cache folder: say so if it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".briefing-serve-{os.getpid()}.probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write the preview into {folder}: "
                         f"{exc.strerror or exc}; make it writable") from None


def _terminate_like_ctrl_c() -> signal.Handlers | Callable[..., object] | int | None:
    """Let SIGTERM during the first build clean up too; returns the handler it replaced."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        return None


async def _serve(rebuilder: Rebuilder, watcher: Watcher, sockets: list[socket.socket],
                 options: PreviewOptions) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
            pass
    editor = Editor(lambda: rebuilder.config) if listens_only_locally(sockets) else None
    server = HTTPServer(application(lambda: rebuilder.view, options.host, options.port, editor))
    server.add_sockets(sockets)
    io_loop = IOLoop.current()
    step = PollStep(rebuilder, watcher, io_loop.call_later, io_loop.remove_timeout)
    rebuilder.trust_output()  # as the first build left it: no check forked now
    step.start()
    poller = PeriodicCallback(step, POLL_SECONDS * 1000)
    poller.start()
    told = watcher.fileno()  # the system tells of changes: poll at once
    if told is not None:
        IOLoop.current().add_handler(told, lambda fd, events: step(), IOLoop.READ)
    url = preview_origin(options.host, options.port) + rebuilder.view.base_path
    drafts = "drafts shown" if options.drafts else "drafts hidden"
    rebuilder.console.info(f"Serving {url} ({drafts}); watching for changes, Ctrl-C to stop")
    if editor is None:
        rebuilder.console.info(EDITOR_OFF.format(host=options.host))
    if options.open_browser:
        webbrowser.open(url)
    try:
        await stop.wait()
    finally:
        poller.stop()
        if told is not None:
            IOLoop.current().remove_handler(told)
        server.stop()
        step.flush()  # the last build's work, if it is not saved yet


def application(view: Callable[[], SiteView], host: str, port: int,
                editor: Editor | None = None) -> web.Application:
    """Reload routes and the editor's (they live outside the base path) first, then
    the site for everything else; all of them only for the host names the preview
    serves (hosts.py), any other ``Host`` gets a 403. Without an editor (editor mode
    off) the editor's endpoints answer 403 and pages carry no token."""
    handler_args: dict[str, object] = {"view": view, "snippet": livereload_adapter.SNIPPET}
    editing = notes_api.routes(editor) if editor is not None else notes_api.refusing_routes()
    if editor is not None:
        handler_args["extra"] = editor.snippet
    site = (r".*", SiteHandler, handler_args)
    routes = Rule(AllowedHost(allowed_names(host)),
                  [*livereload_adapter.routes(), *editing, site])
    # The terminal shows rebuilds, not one line per request (tornado logs 404s as warnings).
    return web.Application([routes], log_function=lambda handler: None,
                           default_handler_class=WrongHostHandler,
                           default_handler_args={"origin": preview_origin(host, port)})
