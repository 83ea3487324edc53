"""Step 6, judged: «Заплатить» leads to the gateway over HTTPS, with a request the protocol allows."""

import re
from contextlib import suppress
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from chronopay_protocol import money, signing

from ..contract import Confirmation, Gateway
from .catalogue import LEFT_TO_THE_CABINET, REQUEST_FIELDS
from .locate import LOAD_MS, origin, shows, words
from .verdicts import FAIL, PASS, WARN
from .walk import Walk, WalkStopped


def go_to_gateway(walk: Walk, page: Page, pay: Locator) -> None:
    """«Заплатить», the request it sends the browser with, and the gateway's page it leads to."""
    checks = walk.checks

    def leaves_cabinet(request) -> bool:
        return (
            request.is_navigation_request()
            and request.frame == page.main_frame
            and origin(request.url) != walk.cabinet_origin
        )

    try:
        with page.expect_request(leaves_cabinet, timeout=LOAD_MS) as sent:
            pay.first.click()
    except PlaywrightError:
        raise WalkStopped(f"«{Confirmation.PAY}» did not lead away from the cabinet") from None
    request = sent.value
    address = urlsplit(request.url)
    walk.gateway_origin = origin(request.url)
    walk.request_fields = dict(parse_qsl(address.query, keep_blank_values=True))
    if request.method == "POST" and (request.post_data or ""):
        walk.request_fields.update(parse_qsl(request.post_data, keep_blank_values=True))
    # None when the request failed: a certificate error, a refused connection (named below).
    if request.response() is not None:
        with suppress(PlaywrightError):  # judged below by where the page is
            page.wait_for_url(lambda url: origin(url) != walk.cabinet_origin, wait_until="load", timeout=LOAD_MS)
    walk.settle(shows(words(page, Gateway.TITLE), LOAD_MS if origin(page.url) == walk.gateway_origin else 1))
    checks.on_page(page, "Страница оплаты ChronoPay")
    checks.judge(
        "redirect.https", address.scheme == "https", f"{address.scheme}://{address.netloc}/ ({request.method})"
    )
    _check_host(walk, address)
    failure = walk.traffic.failure_for(walk.gateway_origin)
    if address.scheme != "https":
        checks.record("redirect.certificate", FAIL, "plain HTTP: no certificate at all")
    elif failure:
        checks.record("redirect.certificate", FAIL, f"{address.netloc}: {failure}")
    elif origin(page.url) == walk.gateway_origin:
        checks.record("redirect.certificate", PASS, f"{address.netloc}: the certificate accepted")
    else:
        checks.record("redirect.certificate", FAIL, f"the gateway's page did not load (now at {page.url})")
    judge_request(walk)
    if origin(page.url) != walk.gateway_origin:
        raise WalkStopped(f"the gateway's page did not load ({failure or page.url})")


def _check_host(walk: Walk, address) -> None:
    expected = (walk.target.gateway_host or "").strip().lower()
    actual = address.netloc.lower() if ":" in expected else (address.hostname or "")
    if not expected:
        walk.checks.record(
            "redirect.host",
            WARN,
            f"{address.netloc} (no expected host given: --gateway-host)",
            expected="not given",
        )
    else:
        walk.checks.judge("redirect.host", actual == expected, address.netloc, expected=expected)


def judge_request(walk: Walk) -> None:
    """The request judged by the variant of PROTOCOL.md 3a it uses, as a real ChronoPay would take it."""
    _check_fields(walk)
    _check_sign(walk)
    _check_price(walk)


def _check_fields(walk: Walk) -> None:
    fields = walk.request_fields
    missing = [name for name in REQUEST_FIELDS if not fields.get(name)]
    wrong = []
    if fields.get("cb_type") not in (None, "", "P"):
        wrong.append(f"cb_type={fields['cb_type']}")
    if fields.get("product_price_currency") not in (None, "", "RUB"):
        wrong.append(f"product_price_currency={fields['product_price_currency']}")
    if fields.get("language") not in (None, "", "ru", "en"):
        wrong.append(f"language={fields['language']}")
    left = [name for name in LEFT_TO_THE_CABINET if not fields.get(name)]
    if missing or wrong:
        problems = [f"missing {', '.join(missing)}"] if missing else []
        walk.checks.record("redirect.fields", FAIL, "; ".join(problems + wrong))
    elif left:
        walk.checks.record(
            "redirect.fields", WARN, f"{', '.join(left)} not sent: left to the product's registration at ChronoPay"
        )
    else:
        walk.checks.record("redirect.fields", PASS, f"all present ({', '.join(sorted(fields))})")


def _check_sign(walk: Walk) -> None:
    """Which formula the request's fields call for (3-, 4- or 5-part); its value where the secret is known."""
    checks, fields = walk.checks, walk.request_fields
    sign = fields.get("sign", "")
    if not sign:
        checks.record("redirect.sign", FAIL, "no sign in the request")
        return
    if not re.fullmatch(r"[0-9a-f]{32}", sign):
        checks.record("redirect.sign", FAIL, f"sign={sign!r} is not 32 lower-case hex digits")
        return
    variant = f"{signing.parts(fields)}-part {signing.formula(fields)}"
    if walk.target.shared_secret:
        if sign != signing.request_sign_of(fields, walk.target.shared_secret.reveal()):
            checks.record("redirect.sign", FAIL, f"sign does not match {variant} with the merchant's secret")
            return
        variant += ", verified with the merchant's secret"
    else:
        variant += " (its value needs the merchant's secret to verify)"
    if signing.sent(fields, "order_id"):
        checks.record("redirect.sign", PASS, variant)
    else:
        checks.record("redirect.sign", WARN, f"{variant}: order id not covered by the sign")


def _check_price(walk: Walk) -> None:
    """The value sent, not its spelling: `1000`, `1000.0` and `1000.00` are the same amount."""
    price = walk.request_fields.get("product_price", "")
    try:
        sent = money.from_request(price)
    except ValueError:
        walk.checks.record("redirect.price", FAIL, f"product_price={price!r} is not a price (0-2 decimals)")
        return
    if walk.confirmed is None:
        walk.checks.record("redirect.price", FAIL, f"product_price={price}, but no confirmed amount to compare")
        return
    walk.checks.judge(
        "redirect.price",
        sent == walk.confirmed,
        f"product_price={price} ({money.price_form(price)}), confirmed {money.to_protocol(walk.confirmed)}",
    )


def check_no_secrets(walk: Walk, check_id: str = "redirect.no-secrets") -> None:
    """No secret the redactor knows (the password, a card, the merchant's secret) in any address sent."""
    leaks = [(url, walk.checks.redact.found_in(url)) for url in walk.traffic.urls]
    leaks = [(url, found) for url, found in leaks if found]
    if leaks:
        what = sorted({name for _, found in leaks for name in found})
        walk.checks.record(
            check_id,
            FAIL,
            f"{', '.join(what)} in {len(leaks)} address(es), e.g. {walk.checks.redact(leaks[0][0])}",
        )
    else:
        walk.checks.record(check_id, PASS, f"{len(walk.traffic.urls)} requests, none with a secret in its address")
