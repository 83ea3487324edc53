"""The SMTP side: aiosmtpd on loopback, every accepted message delivered into a Maildir.

aiosmtpd's Controller cannot start on port 0 (its self-test connects to port 0) and cannot be
restarted once stopped (it closes its loop), so SmtpCapture runs aiosmtpd's SMTP protocol on its
own event loop thread instead: the socket is bound here first, which makes port 0 pick a free port
and lets a restart bind the same port again, and start() returns only after an SMTP greeting came
back through that socket.
"""

import asyncio
import logging
import smtplib
import socket
import threading
import weakref
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

from .maildir import ENVELOPE_TO, RETURN_PATH, open_maildir

log = logging.getLogger(__name__)

# The name in the greeting; given so aiosmtpd does not ask DNS for our FQDN (slow in sandboxes).
SERVER_NAME = "mailbox.localhost"
START_TIMEOUT = 10.0
# The wildcard address, only ever compared with (a server bound to it is reached on loopback).
ANY_IPV4 = "0.0.0.0"  # noqa: S104  # nosec B104


def delivered_bytes(envelope: Envelope) -> bytes:
    """The message as stored: our trace headers, then the data exactly as received, LF line ends."""
    recipients = ",\n ".join(envelope.rcpt_tos)
    trace = f"{RETURN_PATH}: <{envelope.mail_from or ''}>\n{ENVELOPE_TO}: {recipients}\n"
    data = envelope.original_content or b""
    # Maildir files on Unix use LF; SMTP's CRLF would be kept as stray CRs by other readers.
    return trace.encode("utf-8") + data.replace(b"\r\n", b"\n")


def _has_control_chars(address: str) -> bool:
    return any(ord(char) < 32 or ord(char) == 127 for char in address)


class MaildirHandler:
    """aiosmtpd handler: each message becomes one file in the Maildir, written atomically."""

    def __init__(self, maildir: Path):
        self.maildir = Path(maildir)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        addresses = [envelope.mail_from or "", *envelope.rcpt_tos]
        if any(_has_control_chars(address) for address in addresses):
            # They would be written into a header line; refuse rather than let one split it.
            return "553 5.1.3 Control characters in an envelope address"
        # Opened per message: a Maildir removed while we run is simply created again.
        key = open_maildir(self.maildir).add(delivered_bytes(envelope))
        log.info("stored message %s for %s", key, ", ".join(envelope.rcpt_tos))
        return f"250 2.0.0 Ok: stored as {key}"


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP given explicitly: asyncio turns Nagle off only for sockets that say so, and with
    # Nagle on, every multi-line SMTP reply (EHLO) waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # A restart rebinds the port while the last connections still sit in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen()
    except BaseException:
        sock.close()
        raise
    return sock


def _connectable(host: str) -> str:
    """Where to reach a server bound to `host`: the loopback address for a wildcard bind."""
    return {"": "127.0.0.1", ANY_IPV4: "127.0.0.1", "::": "::1"}.get(host, host)


class SmtpCapture:
    """A restartable SMTP server writing into `maildir`; `port` stays the same across restarts."""

    def __init__(self, maildir: Path, host: str = "127.0.0.1", port: int = 0):
        self.maildir = Path(maildir)
        self.host = host
        self.port = port
        self.handler = MaildirHandler(self.maildir)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def address(self) -> str:
        """host:port, as the senders' --smtp settings take it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def start(self) -> "SmtpCapture":
        if self.running:
            raise RuntimeError(f"the SMTP server on {self.address} is already running")
        open_maildir(self.maildir)  # readers find an empty box, not a missing one
        sock = _listening_socket(self.host, self.port)  # binds now: the real port is known
        self.port = sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"smtp-{self.port}", daemon=True)
        self._thread.start()
        try:
            future = asyncio.run_coroutine_threadsafe(self._serve(sock), self._loop)
            future.result(START_TIMEOUT)
            self._probe()
        except BaseException:
            self.stop()
            sock.close()
            raise
        return self

    def stop(self) -> None:
        """Close the listener and drop open sessions; messages already stored stay in the Maildir."""
        if not self.running:
            return
        assert self._loop is not None and self._thread is not None  # nosec B101 # for the type checker: running is checked above
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(START_TIMEOUT)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(START_TIMEOUT)
            self._loop.close()
            self._loop = self._thread = self._server = None

    def _new_session(self) -> SMTP:
        session = SMTP(self.handler, hostname=SERVER_NAME, enable_SMTPUTF8=True, loop=self._loop)
        self._sessions.add(session)
        return session

    async def _serve(self, sock: socket.socket) -> None:
        self._server = await asyncio.get_running_loop().create_server(self._new_session, sock=sock)

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        # An idle client would keep wait_closed() waiting forever on Python 3.12+; cut it off.
        for session in list(self._sessions):
            if session.transport is not None:
                session.transport.abort()
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    def _probe(self) -> None:
        """A real SMTP exchange through the socket: the greeting and a NOOP answered."""
        with smtplib.SMTP(_connectable(self.host), self.port, timeout=START_TIMEOUT) as client:
            code, _reply = client.noop()
            if code != 250:
                raise RuntimeError(f"the SMTP server on {self.address} answered NOOP with {code}")

    def __enter__(self) -> "SmtpCapture":
        return self.start() if not self.running else self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<SmtpCapture {self.address} {state} maildir={str(self.maildir)!r}>"


def start_smtp(maildir: Path, host: str = "127.0.0.1", port: int = 0) -> SmtpCapture:
    """An SMTP server on `host`:`port` (0: a free port) that already answers when this returns."""
    return SmtpCapture(maildir, host, port).start()
