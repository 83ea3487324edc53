"""A payer without a browser: the documented flow over HTTP against the served stack (demstack.stack.Stack).

Log in, «Новый платеж», «Заплатить», the gateway's page over HTTPS trusted through its local CA,
«Оплатить» with a card, 3-D Secure or the slow bank's wait. Each form is sent with the CSRF token
of the page it came from, as a browser sends it. Every page received is kept (`pages`), so a test
can search what came back.
"""

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

from demstack.stack import Stack

from .cards import CVV, EXPIRY, HOLDER, card_form
from .html import Page
from .waits import http_session

_ORDER = re.compile(r"/cabinet/payments/chronopay/orders/(\d+)$")


@dataclass
class Payment:
    order_id: int
    token: str  # the gateway's attempt
    status: str  # where the attempt ended: approved, declined, failed, refused (on the page)
    email: str


@dataclass
class Payer:
    stack: Stack
    http: requests.Session = field(default_factory=http_session)
    pages: list[bytes] = field(default_factory=list)

    def __post_init__(self):
        if self.stack.certificate is not None:
            self.http.verify = str(self.stack.certificate.ca_file)

    # Plumbing ---------------------------------------------------------------------------------

    def get(self, url: str, **options) -> requests.Response:
        response = self.http.get(url, timeout=30, **options)
        self.pages.append(response.content)
        return response

    def post(self, url: str, data: dict, **options) -> requests.Response:
        response = self.http.post(url, data=data, timeout=30, **options)
        self.pages.append(response.content)
        return response

    def submit(self, page_url: str, data: dict, action: str | None = None, **options) -> requests.Response:
        """Open the page, then send its form with the page's CSRF token."""
        page = self.get(page_url)
        assert page.status_code == 200, f"{page_url}: {page.status_code}"
        form = {**data, "csrf_token": Page.of(page).csrf_token()}
        return self.post(urljoin(page.url, action or page_url), form, allow_redirects=False, **options)

    # The flow ---------------------------------------------------------------------------------

    def log_in(self, login: str, password: str) -> "Payer":
        answer = self.submit(self.stack.login_url, {"login": login, "password": password})
        assert answer.status_code == 303, answer.text[:500]
        return self

    def order(self, amount: str) -> tuple[int, str]:
        """«Новый платеж» and «Заплатить»: the order's id and the gateway's address with the signed request."""
        tab = urljoin(self.stack.cabinet_url, "/cabinet/payments/chronopay")
        created = self.submit(tab, {"amount": amount})
        assert created.status_code == 303, created.text[:500]
        confirmation = urljoin(tab, created.headers["Location"])
        order_id = int(_ORDER.search(confirmation).group(1))
        sent = self.submit(confirmation, {}, action=confirmation + "/pay")
        assert sent.status_code == 303, sent.text[:500]
        return order_id, sent.headers["Location"]

    def pay(
        self,
        amount: str,
        card: str,
        *,
        email: str,
        cvv: str = CVV,
        threeds_code: str | None = None,
        expiry: str = EXPIRY,
        holder: str = HOLDER,
    ) -> Payment:
        order_id, gateway_address = self.order(amount)
        page = self.get(gateway_address)
        assert page.status_code == 200, page.text[:500]
        action = urljoin(page.url, Page.of(page).form_action("Оплатить"))
        token = action.rstrip("/").rsplit("/", 1)[-1]
        form = card_form(card, email=email, cvv=cvv, expiry=expiry, holder=holder)
        answer = self.post(action, form, allow_redirects=False)
        if answer.status_code == 422:
            return Payment(order_id, token, "refused", email)
        assert answer.status_code == 303, answer.text[:500]
        return Payment(order_id, token, self._finish(action, threeds_code), email)

    def _finish(self, attempt_url: str, threeds_code: str | None) -> str:
        """Follow the attempt to its end: 3-D Secure, the slow bank, the result; returns its status."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = self.get(attempt_url + "/status").json()["status"]
            if status == "3ds":
                self.get(attempt_url)
                self.post(attempt_url + "/3ds", {"code": threeds_code or ""}, allow_redirects=False)
                continue
            if status == "processing":
                time.sleep(0.05)  # the slow bank's page polls its status the same way
                continue
            # The end: the result page, or back to the cabinet's success_url (approved).
            self.get(attempt_url)
            return status
        raise AssertionError(f"{attempt_url} did not finish within 30 s")
