r"""python -m mock_cabinet: serve the cabinet, or seed its demo data.

    python -m mock_cabinet --host 127.0.0.1 --port 8001 --db var/cabinet.sqlite3 \
        --chronopay-url https://127.0.0.1:8443/
    python -m mock_cabinet seed-demo --db var/cabinet.sqlite3 --seed 2026 --count 10

Every setting of config.py is also a CABINET_* environment variable (listed below); a flag wins.
"""

import argparse
import logging
import os
import threading

from mockkit.serving import BackgroundServer
from mockkit.settings import settings_given, settings_parser

from . import create_app, demo
from .config import DEFAULTS, ENV_PREFIX
from .db import open_database


def build_parser() -> argparse.ArgumentParser:
    parser, setting = settings_parser("python -m mock_cabinet", __doc__, DEFAULTS, ENV_PREFIX)
    parser.add_argument("command", nargs="?", choices=("serve", "seed-demo"), default="serve")
    setting("--host", "HOST", help="address to bind")
    setting("--port", "PORT", help="port (0: a free one)", type=int)
    setting("--db", "DATABASE", help="SQLite file")
    setting("--chronopay-url", "CHRONOPAY_URL", help="the hosted payment page's address")
    setting(
        "--shared-secret",
        "CHRONOPAY_SHARED_SECRET",
        help="ChronoPay shared secret (better: the variable; empty: kept beside the database)",
    )
    setting("--public-url", "PUBLIC_URL", help="our address as the gateway reaches it")
    # What kind of ChronoPay merchant the cabinet is (PROTOCOL.md 3a); the defaults are the ISP's module.
    setting("--chronopay-sign", "CHRONOPAY_SIGN", help="4-part (sends order_id) or 3-part (the order in cs3)")
    setting("--chronopay-price-format", "CHRONOPAY_PRICE_FORMAT", help="two-decimals (1000.00) or php-float (1000)")
    setting("--chronopay-method", "CHRONOPAY_METHOD", help="GET (a redirect) or POST (a form)")
    setting("--chronopay-order-timelimit", "CHRONOPAY_ORDER_TIMELIMIT", type=int, help="orderTimelimit, 0: none")
    setting("--frozen-time", "FROZEN_TIME", help="a fixed ISO time, for screenshots")
    parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="demo data seed")
    parser.add_argument("--count", type=int, default=demo.DEFAULT_COUNT, help="demo subscribers")
    return parser


def main(argv=None, environ=os.environ) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s cabinet %(levelname)s %(message)s")
    app = create_app(settings_given(DEFAULTS, ENV_PREFIX, args, environ))
    config = app.config
    if args.command == "seed-demo":
        created = demo.seed_demo(open_database(config["DATABASE"]), config["CLOCK"](), args.seed, args.count)
        print(f"demo data seeded: {len(created)} new subscribers ({', '.join(created) or 'none'})")
        return
    server = BackgroundServer(app, config["HOST"], config["PORT"], name="cabinet").start()
    print(f"cabinet: {server.url}login  (gateway: {config['CHRONOPAY_URL']})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
