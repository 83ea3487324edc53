"""python -m mock_mailbox: catch the mocks' e-mail and show it on a page.

    python -m mock_mailbox --host 127.0.0.1 --smtp-port 2525 --web-port 8025 --maildir var/mail

Every setting of config.py is also a MAILBOX_* environment variable (listed below); a flag wins.
Port 0 picks a free port; the real ones are printed.
"""

import argparse
import logging
import os
import signal
import threading
from pathlib import Path

from mockkit.serving import BackgroundServer
from mockkit.settings import settings_given, settings_parser

from .config import DEFAULTS, ENV_PREFIX
from .smtp import start_smtp
from .web import create_app


def build_parser() -> argparse.ArgumentParser:
    parser, setting = settings_parser("python -m mock_mailbox", __doc__, DEFAULTS, ENV_PREFIX)
    setting("--host", "HOST", help="address for both servers (loopback by default)")
    setting("--smtp-port", "SMTP_PORT", help="SMTP port (0: a free one)", type=int)
    setting("--web-port", "WEB_PORT", help="inbox page port (0: a free one)", type=int)
    setting("--maildir", "MAILDIR", help="the Maildir the messages are kept in")
    return parser


def _stop_on_sigterm() -> None:
    # `make serve` and process managers stop us with SIGTERM: shut down as on Ctrl-C.
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv=None, environ=os.environ) -> None:
    given = settings_given(DEFAULTS, ENV_PREFIX, build_parser().parse_args(argv), environ)
    settings = {**DEFAULTS, **given}
    logging.basicConfig(level=logging.INFO, format="%(asctime)s mailbox %(levelname)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO
    maildir = Path(settings["MAILDIR"])
    smtp = start_smtp(maildir, settings["HOST"], settings["SMTP_PORT"])
    web = None
    try:
        app = create_app({"SMTP_ADDRESS": smtp.address, **given})
        web = BackgroundServer(app, settings["HOST"], settings["WEB_PORT"], name="mailbox").start()
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
