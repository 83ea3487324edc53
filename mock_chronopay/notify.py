"""The dispatcher: delivers the outbox (callbacks to merchants, receipts over SMTP).

A background thread takes the due messages and tries each once. A callback is delivered when the
merchant answers 2xx or 3xx (Magento 2 and nopCommerce answer 302 after processing); anything
else, and a mail the SMTP server refuses, is retried on the outbox's schedule (RETRY_BASE_SECONDS
doubling up to RETRY_MAX_SECONDS, for RETRY_FOR_SECONDS), then marked failed for the operator.
Every failed try and every message given up on is a log line. Nothing is kept in memory: a
gateway killed with messages still queued delivers them after its restart. The same loop settles
the slow bank's payments whose pause is over, so they complete even if the payer's browser has gone.
"""

import email
import email.policy
import json
import logging
import smtplib
import threading
import time
from email.utils import parseaddr

import requests

from mockkit.sqlite import connect

from . import attempts, outbox

log = logging.getLogger("mock_chronopay.notify")


class Dispatcher:
    def __init__(self, app):
        config = app.config
        self.database = config["DATABASE"]
        self.clock = config["CLOCK"]
        self.settings = app.extensions["chronopay_settings"]
        host, _, port = config["SMTP"].rpartition(":")
        self.smtp_host, self.smtp_port = host or "127.0.0.1", int(port)
        self.mail_from = parseaddr(config["MAIL_FROM"])[1]
        self.schedule = outbox.Schedule(
            base=float(config["RETRY_BASE_SECONDS"]),
            maximum=float(config["RETRY_MAX_SECONDS"]),
            retry_for=float(config["RETRY_FOR_SECONDS"]),
        )
        self.timeout = float(config["DELIVERY_TIMEOUT_SECONDS"])
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._http = requests.Session()
        app.extensions["dispatcher"] = self

    # The worker thread ------------------------------------------------------------------

    def start(self) -> "Dispatcher":
        self._stop.clear()  # a stopped dispatcher can be started again
        self._thread = threading.Thread(target=self._loop, name="chronopay-dispatcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=15)

    def wake(self) -> None:
        """Something was queued: deliver now rather than at the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                pause = self._seconds_to_next_due()
            except Exception:  # the worker must survive anything one message does to it
                log.exception("dispatcher round failed")
                pause = 1.0
            self._wake.wait(timeout=pause)
            self._wake.clear()

    # One round, callable directly by tests -------------------------------------------------

    def run_once(self) -> int:
        """Settle the slow bank and try every due message once; returns how many were delivered."""
        db = connect(self.database)
        try:
            attempts.settle_slow_bank(db, self.settings, self.clock())
            delivered = 0
            for row in outbox.due(db):
                if self._stop.is_set():
                    break
                error = self._deliver(row)
                self._record(db, row, error)
                delivered += error is None
            return delivered
        finally:
            db.close()

    def _seconds_to_next_due(self) -> float:
        db = connect(self.database)
        try:
            times = [outbox.next_due_at(db), attempts.next_bank_answer_at(db)]
        finally:
            db.close()
        next_due = min((at for at in times if at is not None), default=None)
        if next_due is None:
            return 5.0
        return min(5.0, max(0.05, next_due - time.time()))

    def _deliver(self, row) -> str | None:
        """None when delivered, else why not."""
        try:
            if row["kind"] == "callback":
                # cb_url's own answer counts, never followed: a redirect would turn the POST into a GET
                # of another page. 2xx and 3xx mean the merchant took it (some redirect after booking).
                response = self._http.post(
                    row["target"], data=json.loads(row["body"]), timeout=self.timeout, allow_redirects=False
                )
                if 200 <= response.status_code < 400:
                    return None
                # One line: the answer goes into log lines and onto the operator page.
                return f"HTTP {response.status_code}: {' '.join(response.text[:200].split())}"
            # send_message serialises with CRLF line ends; sendmail would pass bytes through as they are.
            message = email.message_from_string(row["body"], policy=email.policy.SMTP)
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=self.timeout) as smtp:
                smtp.send_message(message, self.mail_from, [row["target"]])
            return None
        except (OSError, requests.RequestException, smtplib.SMTPException) as problem:
            return " ".join(f"{type(problem).__name__}: {problem}".split())[:300]

    def _record(self, db, row, error: str | None) -> None:
        target = _target_for_log(row)
        if error is None:
            outbox.record_delivered(db, row["id"], self.clock())
            log.info("%s #%s delivered to %s", row["kind"], row["id"], target)
            return
        failure = outbox.record_failure(db, row["id"], error, self.schedule, self.clock())
        if failure.gave_up:
            log.error(
                "%s #%s to %s FAILED after %d tries (last answer: %s); no more retries: re-send it from /admin/",
                row["kind"], row["id"], target, failure.tries, error,
            )  # fmt: skip
        else:
            log.warning(
                "%s #%s to %s failed (%s); retry in %.1f s", row["kind"], row["id"], target, error, failure.retry_in
            )


def _target_for_log(row) -> str:
    # A payer's address is personal data: the log names only its domain.
    if row["kind"] == "mail":
        return "*@" + row["target"].rpartition("@")[2]
    return row["target"]
