"""The whole embedded stack: mail capture, the ChronoPay gateway and the cabinet, wired to each other.

    with Stack(StackOptions(data_dir=tmp)) as stack:
        stack.cabinet_url, stack.gateway_url, stack.mailbox_url, stack.inbox ...

Used by `make serve`, the test session and the docs run, so all three exercise the same wiring:
the cabinet redirects to the gateway with the shared secret, the gateway accepts only the
cabinet's addresses, posts callbacks to it and mails receipts to the capture SMTP server.
"""

import secrets
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import mock_cabinet
import mock_chronopay
from mock_cabinet import demo
from mock_cabinet.config import DEFAULTS as CABINET_DEFAULTS
from mock_cabinet.db import open_database
from mock_chronopay.config import DEFAULTS as GATEWAY_DEFAULTS
from mock_chronopay.tls import Certificate, ensure_certificate
from mock_mailbox.config import DEFAULTS as MAILBOX_DEFAULTS
from mock_mailbox.smtp import ANY_IPV4, start_smtp
from mock_mailbox.store import Inbox
from mock_mailbox.web import create_app as create_mailbox_app
from mockkit.serving import BackgroundServer

# Fixed ports for `make serve`, so the addresses a person bookmarks stay the same: each mock's own.
DEFAULT_PORTS = {
    "cabinet": CABINET_DEFAULTS["PORT"],
    "gateway": GATEWAY_DEFAULTS["PORT"],
    "mailbox": MAILBOX_DEFAULTS["WEB_PORT"],
    "smtp": MAILBOX_DEFAULTS["SMTP_PORT"],
}
FREE_PORTS = dict.fromkeys(DEFAULT_PORTS, 0)


@dataclass
class StackOptions:
    data_dir: Path
    bind_host: str = "127.0.0.1"
    # The host name put into addresses: the bind address unless a remote browser needs another.
    public_host: str | None = None
    ports: dict = field(default_factory=lambda: dict(FREE_PORTS))
    shared_secret: str | None = None  # None: a fresh random secret for this stack
    tls: bool = GATEWAY_DEFAULTS["TLS"]
    tls_dir: Path | None = None  # where the gateway's certificate lives; default data_dir/gateway-tls
    # Settings of the mocks; None is not passed on, so the mock's own default holds.
    frozen_time: str | None = None  # both apps
    retry_base_seconds: float | None = None
    slow_bank_seconds: float | None = None
    demo_seed: int = demo.DEFAULT_SEED
    demo_count: int = demo.DEFAULT_COUNT
    # Any of each mock's own settings (`make serve`: its CABINET_*, CHRONOPAY_*, MAILBOX_* variables),
    # under what the stack wires: the databases, the addresses, the shared secret, TLS.
    cabinet_settings: dict = field(default_factory=dict)
    gateway_settings: dict = field(default_factory=dict)
    mailbox_settings: dict = field(default_factory=dict)
    # Over what the stack wires, for tests that alter the wiring itself.
    cabinet_overrides: dict = field(default_factory=dict)
    gateway_overrides: dict = field(default_factory=dict)


class Stack:
    def __init__(self, options: StackOptions):
        self.options = options
        self.data_dir = Path(options.data_dir)
        # Where each mock keeps its data, inside the stack's folder.
        self.cabinet_db_path = self.data_dir / "cabinet.sqlite3"
        self.gateway_db_path = self.data_dir / "chronopay.sqlite3"
        self.maildir = self.data_dir / "mail"
        self.shared_secret = options.shared_secret or secrets.token_hex(24)
        self.certificate: Certificate | None = None
        self.smtp = None
        self._servers: dict[str, BackgroundServer] = {}
        self.cabinet_app = self.gateway_app = self.mailbox_app = None

    # Addresses -----------------------------------------------------------------------------

    @property
    def host(self) -> str:
        public = self.options.public_host
        if public:
            return public
        return "127.0.0.1" if self.options.bind_host in (ANY_IPV4, "") else self.options.bind_host

    def _url(self, name: str, path: str = "") -> str:
        server = self._servers[name]
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{server.scheme}://{host}:{server.port}/{path.lstrip('/')}"

    @property
    def cabinet_url(self) -> str:
        return self._url("cabinet")

    @property
    def login_url(self) -> str:
        return self._url("cabinet", "login")

    @property
    def site_url(self) -> str:
        return self._url("cabinet", "isp/")

    @property
    def gateway_url(self) -> str:
        return self._url("gateway")

    @property
    def mailbox_url(self) -> str:
        return self._url("mailbox")

    @property
    def smtp_address(self) -> str:
        return f"127.0.0.1:{self.smtp.port}"

    @property
    def inbox(self) -> Inbox:
        return Inbox(self.maildir)

    # Life cycle ----------------------------------------------------------------------------

    def start(self) -> "Stack":
        options = self.options
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ports = {**FREE_PORTS, **options.ports}
        self.smtp = start_smtp(self.maildir, "127.0.0.1", ports["smtp"])
        if options.tls:
            tls_dir = options.tls_dir or self.data_dir / "gateway-tls"
            self.certificate = ensure_certificate(tls_dir, extra_names=(self.host,))
        tls = {}
        if self.certificate:
            tls = {"certfile": str(self.certificate.cert_file), "keyfile": str(self.certificate.key_file)}
        # Bind every port first: each app is configured with the others' real addresses.
        self._servers = {
            "mailbox": BackgroundServer(None, options.bind_host, ports["mailbox"], name="mailbox").bind(),
            "gateway": BackgroundServer(None, options.bind_host, ports["gateway"], name="chronopay", **tls).bind(),
            "cabinet": BackgroundServer(None, options.bind_host, ports["cabinet"], name="cabinet").bind(),
        }
        self.mailbox_app = create_mailbox_app({**options.mailbox_settings, "MAILDIR": self.maildir})
        self.gateway_app = mock_chronopay.create_app(self._gateway_config())
        self.cabinet_app = mock_cabinet.create_app(self._cabinet_config())
        with closing(open_database(self.cabinet_db_path)) as db:
            demo.seed_demo(db, self.cabinet_app.config["CLOCK"](), options.demo_seed, options.demo_count)
        mock_chronopay.start_dispatcher(self.gateway_app)
        self._servers["mailbox"].start(self.mailbox_app)
        self._servers["gateway"].start(self.gateway_app)
        self._servers["cabinet"].start(self.cabinet_app)
        return self

    def _gateway_config(self) -> dict:
        options = self.options
        chosen = _set_only(
            FROZEN_TIME=options.frozen_time,
            RETRY_BASE_SECONDS=options.retry_base_seconds,
            SLOW_BANK_SECONDS=options.slow_bank_seconds,
        )
        wired = {
            "DATABASE": str(self.gateway_db_path),
            "SHARED_SECRET": self.shared_secret,
            "TLS": options.tls,
            "MERCHANT_URLS": (self.cabinet_url,),
            "SMTP": self.smtp_address,
        }
        # The product registered as the cabinet's module needs it: a cabinet that sends no order_id
        # (the 3-part sign) cannot have "order uniqueness" on. A gateway setting given still wins.
        matching = {"ORDER_UNIQUE": self._cabinet_setting("CHRONOPAY_SIGN") == "4-part"}
        return {**matching, **options.gateway_settings, **chosen, **wired, **options.gateway_overrides}

    def _cabinet_setting(self, name: str):
        options = self.options
        return {**CABINET_DEFAULTS, **options.cabinet_settings, **options.cabinet_overrides}[name]

    def _cabinet_config(self) -> dict:
        options = self.options
        wired = {
            "DATABASE": str(self.cabinet_db_path),
            "CHRONOPAY_URL": self.gateway_url,
            "CHRONOPAY_SHARED_SECRET": self.shared_secret,
            "PUBLIC_URL": self.cabinet_url,
        }
        chosen = _set_only(FROZEN_TIME=options.frozen_time)
        return {**options.cabinet_settings, **chosen, **wired, **options.cabinet_overrides}

    def stop(self) -> None:
        for server in self._servers.values():
            server.stop()
        if self.gateway_app is not None:
            self.gateway_app.extensions["dispatcher"].stop()
        if self.smtp is not None:
            self.smtp.stop()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def _set_only(**settings) -> dict:
    """The settings given a value: None is left out, so the mock's own default holds."""
    return {name: value for name, value in settings.items() if value is not None}
