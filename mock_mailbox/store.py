"""Reading the Maildir: what arrived, for whom, decoded, in the order it was delivered.

Stdlib `email` with policy.default does the decoding (RFC 2047 headers, quoted-printable and
base64 bodies, any charset Python knows). A mail capture must show whatever arrived, so a part
that cannot be decoded is shown as best it can be, never raised to the page.
"""

import mailbox
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from pathlib import Path

from .htmltext import html_to_text
from .maildir import ENVELOPE_TO, RETURN_PATH, open_maildir

# Keys as Maildir writers make them ("1764093000.M123456P42Q7.host"): letters, digits and a few
# marks, never a slash or a leading dot; anything else is refused before the Maildir is asked.
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._,=+\\-]{0,254}", re.ASCII)
# The Maildir name starts with the delivery time; Python's writer adds microseconds and a counter.
_KEY_TIME = re.compile(r"(\d+)(?:\.M(\d+)P\d+Q(\d+))?", re.ASCII)
_PARSER = BytesParser(policy=policy.default)
POLL_INTERVAL = 0.05


@dataclass(frozen=True)
class Received:
    """One delivered message, decoded. `from_` because `from` is a Python keyword."""

    key: str
    envelope_from: str
    envelope_to: tuple[str, ...]  # who the SMTP client delivered to, BCC recipients included
    from_: str
    to: str
    cc: str
    subject: str
    date: datetime | None  # the Date header, aware; None when missing or unreadable
    delivered_at: datetime  # when our server stored it
    message_id: str
    text: str  # the text/plain part; derived from the HTML part when there is no text part
    html: str | None
    attachments: tuple[str, ...]  # file names
    headers: tuple[tuple[str, str], ...]  # as received, in order, our trace headers first

    @property
    def recipients(self) -> tuple[str, ...]:
        """The envelope recipients; for a message without our trace header, the header addresses."""
        if self.envelope_to:
            return self.envelope_to
        return tuple(address for _name, address in getaddresses([self.to, self.cc]) if address)

    def is_for(self, address: str) -> bool:
        wanted = _normal_address(address)
        return any(_normal_address(recipient) == wanted for recipient in self.recipients)


class Inbox:
    """The messages of one Maildir. Cheap to create; safe to use from several threads."""

    def __init__(self, maildir: Path):
        self.maildir = Path(maildir)

    def messages(self, to: str | None = None) -> list[Received]:
        """Every message (or those delivered to `to`), oldest first."""
        box = self._box()
        found = []
        for key in sorted(box.keys(), key=_delivery_order):
            message = self._read(box, key)
            if message is not None and (to is None or message.is_for(to)):
                found.append(message)
        return found

    def get(self, key: str) -> Received | None:
        """The message stored under `key`; None for an unknown or malformed key."""
        if not is_valid_key(key):
            return None
        return self._read(self._box(), key)

    def raw(self, key: str) -> bytes | None:
        """The stored file's bytes, trace headers included."""
        if not is_valid_key(key):
            return None
        try:
            return self._box().get_bytes(key)
        except (KeyError, FileNotFoundError):
            return None

    def count(self, to: str | None = None) -> int:
        if to is None:
            return len(self._box().keys())
        return len(self.messages(to))

    def clear(self) -> int:
        """Delete every message; returns how many there were."""
        box = self._box()
        keys = box.keys()
        for key in keys:
            box.discard(key)
        return len(keys)

    def wait_for(self, to: str | None = None, *, count: int = 1, timeout: float = 10.0) -> list[Received]:
        """Poll until at least `count` messages (for `to`) are there; TimeoutError after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages(to)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                who = f" for {to}" if to else ""
                raise TimeoutError(f"{len(found)} of {count} messages{who} in {self.maildir} after {timeout} s")
            time.sleep(POLL_INTERVAL)

    def _box(self) -> mailbox.Maildir:
        # A fresh Maildir object per call: its table of contents is not meant for several threads.
        return open_maildir(self.maildir)

    def _read(self, box: mailbox.Maildir, key: str) -> Received | None:
        try:
            data = box.get_bytes(key)
        except (KeyError, FileNotFoundError):  # unknown, or deleted since the listing
            return None
        return parse(key, data)


def is_valid_key(key: str) -> bool:
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def parse(key: str, data: bytes) -> Received:
    message = _PARSER.parsebytes(data)
    text, html = _bodies(message)
    return Received(
        key=key,
        envelope_from=parseaddr(_header(message, RETURN_PATH))[1],
        envelope_to=_envelope_recipients(message),
        from_=_header(message, "From"),
        to=_header(message, "To"),
        cc=_header(message, "Cc"),
        subject=_header(message, "Subject"),
        date=_date(message),
        delivered_at=delivery_time(key),
        message_id=_header(message, "Message-ID"),
        text=text,
        html=html,
        attachments=tuple(_attachment_names(message)),
        headers=tuple((name, _readable(value)) for name, value in message.raw_items()),
    )


def delivery_time(key: str) -> datetime:
    seconds, microseconds, _counter = _delivery_order(key)[:3]
    return datetime.fromtimestamp(seconds + microseconds / 1e6, UTC)


def _delivery_order(key: str) -> tuple[int, int, int, str]:
    match = _KEY_TIME.match(key)
    if not match:
        return (0, 0, 0, key)
    seconds, micro, counter = match.groups()
    return (int(seconds), int(micro or 0), int(counter or 0), key)


def _normal_address(address: str) -> str:
    # "Иван <IVAN@example.com>" and "ivan@example.com" are the same mailbox for a test.
    return (parseaddr(address)[1] or address).strip().casefold()


def _header(message: EmailMessage, name: str) -> str:
    """The decoded header (the first, topmost one), or its raw text if it cannot be parsed."""
    try:
        value = message.get(name)
        return "" if value is None else str(value).strip()
    except Exception:  # policy.default can stumble on malformed headers; show them as they came
        for raw_name, raw_value in message.raw_items():
            if raw_name.lower() == name.lower():
                return _readable(raw_value).strip()
        return ""


def _readable(raw: str) -> str:
    # Raw header text keeps 8-bit bytes as surrogates; UTF-8 is what SMTPUTF8 senders use.
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _envelope_recipients(message: EmailMessage) -> tuple[str, ...]:
    value = _header(message, ENVELOPE_TO)
    return tuple(address for _name, address in getaddresses([value]) if address) if value else ()


def _date(message: EmailMessage) -> datetime | None:
    try:
        header = message.get("Date")
        moment = getattr(header, "datetime", None)
    except Exception:  # an unreadable Date is no date
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _bodies(message: EmailMessage) -> tuple[str, str | None]:
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    text = _text_of(text_part) if text_part is not None else ""
    html = _text_of(html_part) if html_part is not None else None
    if not text and html:
        text = html_to_text(html)
    return text, html


def _text_of(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except Exception:  # an unknown charset or a broken encoding: decode what is there
        payload = part.get_payload(decode=True) or b""
        if isinstance(payload, str):
            return payload
        return payload.decode("utf-8", "replace")


def _attachment_names(message: EmailMessage) -> list[str]:
    names = []
    for part in message.iter_attachments() if message.is_multipart() else ():
        try:
            names.append(part.get_filename() or part.get_content_type())
        except Exception:  # a garbled filename parameter still is an attachment
            names.append("attachment")
    return names
