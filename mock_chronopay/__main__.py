"""python -m mock_chronopay: serve the hosted payment page (HTTPS by default) and its dispatcher.

    python -m mock_chronopay --host 127.0.0.1 --port 8443 --db var/chronopay.sqlite3 \
        --smtp 127.0.0.1:2525 --merchant-url http://127.0.0.1:8001/ [--no-tls]

Every flag can also be given as a CHRONOPAY_* environment variable (see config.py).
"""

import argparse
import logging
import os
import threading
from pathlib import Path

from mockkit.serving import BackgroundServer

from . import create_app, start_dispatcher
from .config import DEFAULTS, ENV_PREFIX
from .tls import ensure_certificate


def _env(name: str, default):
    return os.environ.get(ENV_PREFIX + name) or default


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mock_chronopay", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(_env("PORT", 8443)))
    parser.add_argument("--db", default=_env("DATABASE", DEFAULTS["DATABASE"]), help="SQLite file")
    parser.add_argument("--smtp", default=None, help="HOST:PORT of the SMTP server for receipts")
    parser.add_argument("--shared-secret", default=None, help="the merchant's shared secret (better: env)")
    parser.add_argument(
        "--merchant-url",
        action="append",
        default=None,
        help="an address prefix the merchant's URLs must start with (repeatable)",
    )
    parser.add_argument("--tls", action=argparse.BooleanOptionalAction, default=None, help="HTTPS (default on)")
    parser.add_argument("--frozen-time", default=None, help="a fixed ISO time, for screenshots")
    return parser


def main(argv=None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s chronopay %(levelname)s %(message)s")
    config = {"DATABASE": args.db}
    for name, value in (
        ("SMTP", args.smtp),
        ("SHARED_SECRET", args.shared_secret),
        ("MERCHANT_URLS", tuple(args.merchant_url) if args.merchant_url else None),
        ("TLS", args.tls),
        ("FROZEN_TIME", args.frozen_time),
    ):
        if value is not None:
            config[name] = value
    app = create_app(config)
    tls = {}
    if app.config["TLS"]:
        certificate = ensure_certificate(Path(args.db).parent / "gateway-tls")
        tls = {"certfile": str(certificate.cert_file), "keyfile": str(certificate.key_file)}
    server = BackgroundServer(app, args.host, args.port, name="chronopay", **tls).start()
    dispatcher = start_dispatcher(app)
    print(f"chronopay: {server.url}  (receipts via SMTP {app.config['SMTP']})", flush=True)
    if tls:
        print(f"  certificate: {certificate.ca_file} (CA); Chromium pin: {certificate.spki_sha256}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        dispatcher.stop()


if __name__ == "__main__":
    main()
