"""Serving a WSGI app on a real socket with cheroot, a production-grade threaded server with TLS.

The same server runs the mocks for `make serve`, `python -m mock_*` and the test session. Port 0
binds a free port. `bind()` first and `start(app)` later lets two apps that must know each
other's address (the cabinet and the gateway) be wired before either serves a request.
"""

import threading

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter

# cheroot's default listen backlog is 5: a burst of simultaneous connections (a gateway repeating a
# callback, parallel browsers) then has some of them reset. Let the kernel queue them instead.
LISTEN_BACKLOG = 128


def _not_ready(_environ, start_response):
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting\n"]


class BackgroundServer:
    def __init__(
        self,
        app=None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        certfile: str | None = None,
        keyfile: str | None = None,
        threads: int = 16,
        name: str = "mock",
    ):
        self.host = host
        self.scheme = "https" if certfile else "http"
        self.server = wsgi.Server(
            (host, port), app or _not_ready, numthreads=threads, server_name=name, request_queue_size=LISTEN_BACKLOG
        )
        # A client that vanished mid-request must not hold a worker thread for long.
        self.server.timeout = 10
        # How often the accept loop looks up from waiting: it is also how long stop() takes.
        self.server.expiration_interval = 0.05
        if certfile:
            self.server.ssl_adapter = BuiltinSSLAdapter(certfile, keyfile)
        self._bound = False
        self._thread: threading.Thread | None = None

    def bind(self) -> "BackgroundServer":
        """Take the port now: it is known from here on and connections queue until `start`."""
        if not self._bound:
            self.server.prepare()
            self._bound = True
        return self

    def start(self, app=None) -> "BackgroundServer":
        if app is not None:
            self.server.wsgi_app = app
        self.bind()
        self._thread = threading.Thread(target=self.server.serve, name=f"{self.server.server_name}-server", daemon=True)
        self._thread.start()
        return self

    @property
    def port(self) -> int:
        return self.server.bind_addr[1]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}/"

    def stop(self) -> None:
        self.server.stop()
        if self._thread:
            self._thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *_exc):
        self.stop()
