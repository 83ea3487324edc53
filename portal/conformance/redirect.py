"""Step 6, judged: «Заплатить» leads to the gateway over HTTPS, with a request the protocol allows."""

import re
from contextlib import suppress
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from chronopay_protocol import money, signing

from ..contract import Confirmation, Gateway
from ..reading import kopecks_in
from .catalogue import REQUEST_FIELDS
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
    _check_request(walk)
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


def _check_request(walk: Walk) -> None:
    checks, fields = walk.checks, walk.request_fields
    missing = [name for name in REQUEST_FIELDS if not fields.get(name)]
    wrong = []
    if fields.get("cb_type") not in (None, "", "P"):
        wrong.append(f"cb_type={fields['cb_type']}")
    if fields.get("product_price_currency") not in (None, "", "RUB"):
        wrong.append(f"product_price_currency={fields['product_price_currency']}")
    if fields.get("language") not in (None, "", "ru", "en"):
        wrong.append(f"language={fields['language']}")
    problems = [f"missing {', '.join(missing)}"] if missing else []
    checks.judge(
        "redirect.fields",
        not missing and not wrong,
        "; ".join(problems + wrong) or f"all present ({', '.join(sorted(fields))})",
    )
    sign = fields.get("sign", "")
    if not sign:
        checks.record("redirect.sign", FAIL, "no sign in the request")
    elif not re.fullmatch(r"[0-9a-f]{32}", sign):
        checks.record("redirect.sign", FAIL, f"sign={sign!r} is not 32 lower-case hex digits")
    elif walk.target.shared_secret:
        right = signing.request_sign(
            fields.get("product_id", ""),
            fields.get("product_price", ""),
            fields.get("order_id", ""),
            walk.target.shared_secret.reveal(),
        )
        checks.judge(
            "redirect.sign",
            sign == right,
            "sign matches md5(product_id-price-order_id-secret)"
            if sign == right
            else "sign does not match the merchant's secret",
        )
    else:
        checks.record("redirect.sign", PASS, "present, md5 hex (its value needs the merchant's secret to verify)")
    price = fields.get("product_price", "")
    if not re.fullmatch(r"\d+\.\d{2}", price):
        checks.record("redirect.price", FAIL, f"product_price={price!r} is not a price with two decimals")
    elif walk.confirmed is None:
        checks.record("redirect.price", FAIL, f"product_price={price}, but no confirmed amount to compare")
    else:
        checks.judge(
            "redirect.price",
            kopecks_in(price) == walk.confirmed,
            f"product_price={price}, confirmed {money.to_protocol(walk.confirmed)}",
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
