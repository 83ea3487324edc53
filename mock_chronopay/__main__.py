r"""python -m mock_chronopay: serve the hosted payment page (HTTPS by default) and its dispatcher.

    python -m mock_chronopay --host 127.0.0.1 --port 8443 --db var/chronopay.sqlite3 \
        --smtp 127.0.0.1:2525 --merchant-url http://127.0.0.1:8001/ [--no-tls] \
        [--product-id 004704-0001-0001 --product-name www.deminternet.ru --no-order-unique]

Every setting of config.py is also a CHRONOPAY_* environment variable (listed below); a flag wins.
"""

import argparse
import logging
import os
import threading
from pathlib import Path

from mockkit.serving import BackgroundServer
from mockkit.settings import settings_given, settings_parser

from . import create_app, start_dispatcher
from .config import DEFAULTS, ENV_PREFIX
from .tls import ensure_certificate


def build_parser() -> argparse.ArgumentParser:
    parser, setting = settings_parser("python -m mock_chronopay", __doc__, DEFAULTS, ENV_PREFIX)
    setting("--host", "HOST", help="address to bind")
    setting("--port", "PORT", help="port (0: a free one)", type=int)
    setting("--db", "DATABASE", help="SQLite file")
    setting("--smtp", "SMTP", help="HOST:PORT of the SMTP server for receipts")
    setting(
        "--shared-secret",
        "SHARED_SECRET",
        help="the merchant's shared secret (better: the variable; empty: kept beside the database)",
    )
    # The product registered at start in the merchant cabinet (the operator's page /admin/ adds others).
    setting("--product-id", "PRODUCT_ID", help="the product registered at start")
    setting("--product-name", "PRODUCT_NAME", help="its name: «Назначение платежа» on the page and the receipt")
    setting("--product-currency", "PRODUCT_CURRENCY", help="its currency (RUB, USD, EUR)")
    for name in ("cb_url", "success_url", "decline_url"):
        flag = f"--product-{name.replace('_', '-')}"
        setting(flag, f"PRODUCT_{name.upper()}", help=f"its {name} for requests without one")
    setting(
        "--merchant-url",
        "MERCHANT_URLS",
        action="append",
        help="an address prefix the product's URLs must start with (repeatable)",
    )
    setting(
        "--order-unique",
        "ORDER_UNIQUE",
        action=argparse.BooleanOptionalAction,
        help="order uniqueness: order_id required, an order paid once",
    )
    setting("--tls", "TLS", action=argparse.BooleanOptionalAction, help="HTTPS")
    setting("--frozen-time", "FROZEN_TIME", help="a fixed ISO time, for screenshots")
    return parser


def main(argv=None, environ=os.environ) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s chronopay %(levelname)s %(message)s")
    if args.MERCHANT_URLS:
        args.MERCHANT_URLS = tuple(args.MERCHANT_URLS)
    app = create_app(settings_given(DEFAULTS, ENV_PREFIX, args, environ))
    config = app.config
    tls = {}
    if config["TLS"]:
        certificate = ensure_certificate(Path(config["DATABASE"]).parent / "gateway-tls")
        tls = {"certfile": str(certificate.cert_file), "keyfile": str(certificate.key_file)}
    server = BackgroundServer(app, config["HOST"], config["PORT"], name="chronopay", **tls).start()
    dispatcher = start_dispatcher(app)
    print(f"chronopay: {server.url}  (receipts via SMTP {config['SMTP']})", flush=True)
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
