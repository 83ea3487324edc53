"""The mocks' apps as fast tests make them: many per session, each stopped when its test ends."""

from contextlib import contextmanager

import mock_chronopay
from mockkit.serving import BackgroundServer

from .templates import share_compiled_templates


@contextmanager
def gateway_apps(config_for):
    """Yields make(**settings): a gateway app on config_for(**settings), its templates compiled once
    per session; every app's dispatcher (if a test started it) is stopped on leaving."""
    made = []

    def make(**settings):
        app = share_compiled_templates(mock_chronopay.create_app(config_for(**settings)))
        made.append(app)
        return app

    try:
        yield make
    finally:
        for app in made:
            app.extensions["dispatcher"].stop()


@contextmanager
def serving(name: str):
    """Yields serve(app, **options): the WSGI app on a free loopback port (a real threaded server, TLS
    with certfile/keyfile) -> its BackgroundServer; every server is stopped on leaving."""
    servers = []

    def serve(app, **options):
        server = BackgroundServer(app, "127.0.0.1", 0, name=name, **options).start()
        servers.append(server)
        return server

    try:
        yield serve
    finally:
        for server in servers:
            server.stop()
