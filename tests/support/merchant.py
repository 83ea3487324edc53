"""A merchant's site on loopback: its callback endpoint answers what a test asks and keeps every hit."""

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from mockkit.serving import BackgroundServer


@dataclass
class Hit:
    at: float  # time.monotonic()
    wall: float  # time.time(), the clock the outbox schedules by
    method: str
    path: str
    body: str
    answered: int

    @property
    def fields(self) -> list[tuple[str, str]]:
        """The form fields in the order they were sent."""
        return parse_qsl(self.body, keep_blank_values=True)

    @property
    def form(self) -> dict[str, str]:
        return dict(self.fields)


@dataclass
class Merchant:
    """A merchant's callback endpoint: answers the queued status codes, then `otherwise`; keeps every hit.

    A queued 3xx answer redirects to /moved (which then answers like any other address).
    """

    answers: list[int] = field(default_factory=list)
    otherwise: int = 200  # the answer once the queued ones are used up
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: BackgroundServer | None = None

    def start(self, port: int = 0) -> "Merchant":
        """Serve on `port` (0: a free one)."""
        self.server = BackgroundServer(self, "127.0.0.1", port, name="merchant").start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def reset(self) -> None:
        with self.lock:
            self.answers.clear()
            self.hits.clear()
            self.otherwise = 200

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode("utf-8")
        with self.lock:
            status = self.answers.pop(0) if self.answers else self.otherwise
            hit = Hit(time.monotonic(), time.time(), environ["REQUEST_METHOD"], environ["PATH_INFO"], body, status)
            self.hits.append(hit)
        headers = [("Content-Type", "text/plain")]
        if 300 <= status < 400:
            headers.append(("Location", "/moved"))
        start_response(f"{status} {'OK' if status == 200 else 'Not OK'}", headers)
        return [b"OK\n" if status == 200 else b"try again\n"]

    @property
    def url(self) -> str:
        return self.server.url

    def delivered(self) -> list[Hit]:
        """The callbacks (POSTs) it answered with 200."""
        with self.lock:
            return [hit for hit in self.hits if hit.answered == 200 and hit.method == "POST"]

    def all_hits(self) -> list[Hit]:
        with self.lock:
            return list(self.hits)
