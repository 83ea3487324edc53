"""python -m mock_cabinet: serve the cabinet, or seed its demo data.

    python -m mock_cabinet --host 127.0.0.1 --port 8001 --db var/cabinet.sqlite3 \
        --chronopay-url https://127.0.0.1:8443/
    python -m mock_cabinet seed-demo --db var/cabinet.sqlite3 --seed 2026 --count 10

Every flag can also be given as a CABINET_* environment variable (see config.py).
"""

import argparse
import logging
import os
import threading

from mockkit.serving import BackgroundServer

from . import create_app, demo
from .config import DEFAULTS, ENV_PREFIX
from .db import open_database


def _env(name: str, default):
    return os.environ.get(ENV_PREFIX + name) or default


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mock_cabinet",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", choices=("serve", "seed-demo"), default="serve")
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(_env("PORT", 8001)))
    parser.add_argument("--db", default=_env("DATABASE", DEFAULTS["DATABASE"]), help="SQLite file")
    parser.add_argument("--chronopay-url", default=None, help="the hosted payment page's address")
    parser.add_argument("--shared-secret", default=None, help="ChronoPay shared secret (better: env)")
    parser.add_argument("--public-url", default=None, help="our address as the gateway reaches it")
    parser.add_argument("--frozen-time", default=None, help="a fixed ISO time, for screenshots")
    parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="demo data seed")
    parser.add_argument("--count", type=int, default=demo.DEFAULT_COUNT, help="demo subscribers")
    return parser


def main(argv=None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s cabinet %(levelname)s %(message)s")
    config = {"DATABASE": args.db}
    for name, value in (
        ("CHRONOPAY_URL", args.chronopay_url),
        ("CHRONOPAY_SHARED_SECRET", args.shared_secret),
        ("PUBLIC_URL", args.public_url),
        ("FROZEN_TIME", args.frozen_time),
    ):
        if value:
            config[name] = value
    app = create_app(config)
    if args.command == "seed-demo":
        created = demo.seed_demo(open_database(args.db), app.config["CLOCK"](), args.seed, args.count)
        print(f"demo data seeded: {len(created)} new subscribers ({', '.join(created) or 'none'})")
        return
    server = BackgroundServer(app, args.host, args.port, name="cabinet").start()
    print(f"cabinet: {server.url}login  (gateway: {app.config['CHRONOPAY_URL']})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
