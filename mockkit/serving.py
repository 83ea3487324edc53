"""Serving a WSGI app on a real socket with cheroot, a production-grade threaded server with TLS.

The same server runs the mocks for `make serve`, `python -m mock_*` and the test session; port 0
binds a free port, read back from `port` once started.
"""

import threading

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter


class BackgroundServer:
    def __init__(
        self,
        app,
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
        self.server = wsgi.Server((host, port), app, numthreads=threads, server_name=name)
        # Short reads from a vanished client must not hold a worker thread for long.
        self.server.timeout = 10
        if certfile:
            self.server.ssl_adapter = BuiltinSSLAdapter(certfile, keyfile)
        self._thread: threading.Thread | None = None

    def start(self) -> "BackgroundServer":
        self.server.prepare()  # binds now: the port is known and connections queue from here on
        self._thread = threading.Thread(
            target=self.server.serve, name=f"{self.server.server_name}-server", daemon=True
        )
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
