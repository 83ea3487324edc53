"""python -m mock_mailbox: catch the mocks' e-mail and show it on a page.

    python -m mock_mailbox --host 127.0.0.1 --smtp-port 2525 --web-port 8025 --maildir var/mail

Every flag can also be given as a MAILBOX_* environment variable (MAILBOX_HOST, MAILBOX_SMTP_PORT,
MAILBOX_WEB_PORT, MAILBOX_MAILDIR). Port 0 picks a free port; the real ones are printed.
"""

import argparse
import logging
import os
import signal
import threading
from pathlib import Path

from mockkit.serving import BackgroundServer
from mockkit.settings import from_environment

from .config import DEFAULTS, ENV_PREFIX
from .smtp import start_smtp
from .web import create_app


def build_parser(environ=os.environ) -> argparse.ArgumentParser:
    settings = {**DEFAULTS, **from_environment(DEFAULTS, ENV_PREFIX, environ)}
    parser = argparse.ArgumentParser(
        prog="python -m mock_mailbox",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default=settings["HOST"], help="address for both servers (loopback by default)")
    parser.add_argument("--smtp-port", type=int, default=settings["SMTP_PORT"], help="SMTP port (0: a free one)")
    parser.add_argument("--web-port", type=int, default=settings["WEB_PORT"], help="inbox page port (0: a free one)")
    parser.add_argument("--maildir", default=settings["MAILDIR"], help="the Maildir the messages are kept in")
    return parser


def _stop_on_sigterm() -> None:
    # `make serve` and process managers stop us with SIGTERM: shut down as on Ctrl-C.
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv=None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s mailbox %(levelname)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO
    maildir = Path(args.maildir)
    smtp = start_smtp(maildir, args.host, args.smtp_port)
    web = None
    try:
        app = create_app({"MAILDIR": str(maildir), "SMTP_ADDRESS": smtp.address})
        web = BackgroundServer(app, args.host, args.web_port, name="mailbox").start()
        print(f"mailbox SMTP: {smtp.address}  (maildir {maildir})", flush=True)
        print(f"mailbox page: {web.url}", flush=True)
        _stop_on_sigterm()
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        if web is not None:
            web.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
