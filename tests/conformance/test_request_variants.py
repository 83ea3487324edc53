"""redirect.fields, redirect.sign and redirect.price judge a portal by the variant of PROTOCOL.md 3a it
speaks, with no browser: every client shape of tests/support/client_shapes.py is judged as a real
ChronoPay would take it, its forged twin fails where the merchant's secret is known, and a price is
compared by its value, not its spelling."""

import pytest

from portal.conformance import redirect
from portal.conformance.checks import Checks
from portal.conformance.traffic import Traffic
from portal.conformance.walk import Walk
from portal.credentials import Redactor, Secret
from portal.target import Target
from tests.support.client_shapes import SHAPES
from tests.support.known import SHARED_SECRET

MERCHANT = "https://shop.test/"
ROWS = [pytest.param(shape, id=shape.id) for shape in SHAPES]


def judged(fields: dict, confirmed: int = 1000_00, secret: str | None = SHARED_SECRET) -> dict[str, tuple[str, str]]:
    """The verdicts of the request's three checks: {check id: (verdict, actual)}."""
    target = Target("mock", "http://cabinet.test/", "abc123", Secret("pw"), shared_secret=secret and Secret(secret))
    walk = Walk(target, Checks(test="variants", redact=Redactor(), screenshots=False), Traffic())
    walk.request_fields, walk.confirmed = dict(fields), confirmed
    redirect.judge_request(walk)
    return {result.id: (result.verdict, result.actual) for result in walk.checks.results}


@pytest.mark.parametrize("shape", ROWS)
@pytest.mark.parametrize("secret", [SHARED_SECRET, None], ids=["secret-known", "live"])
def test_every_client_shape_conforms_and_only_the_3_part_sign_warns(shape, secret):
    request = shape.request(MERCHANT)
    verdicts = judged(request, confirmed=int(shape.paid_total.replace(".", "")), secret=secret)
    sign_verdict, sign_actual = verdicts["redirect.sign"]
    assert verdicts["redirect.price"][0] == "PASS", verdicts
    assert verdicts["redirect.fields"][0] in ("PASS", "WARN"), verdicts
    if "order_id" in request:
        assert sign_verdict == "PASS", sign_actual
    else:
        assert (sign_verdict, sign_actual.endswith("order id not covered by the sign")) == ("WARN", True)
    assert ("verified with the merchant's secret" in sign_actual) == (secret is not None)


@pytest.mark.parametrize("shape", ROWS)
def test_the_forged_twin_of_every_shape_fails_the_sign_where_the_secret_is_known(shape):
    verdict, actual = judged(shape.forged(MERCHANT), confirmed=int(shape.paid_total.replace(".", "")))["redirect.sign"]
    assert verdict == "FAIL"
    assert actual.startswith("sign does not match ") and actual.endswith(" with the merchant's secret"), actual


@pytest.mark.parametrize(
    ("fields", "actual"),
    [
        (
            {"product_id": "P", "product_price": "1", "order_id": "O"},
            "4-part md5(product_id-product_price-order_id-sharedsec)",
        ),
        ({"product_id": "P", "product_price": "1"}, "3-part md5(product_id-product_price-sharedsec)"),
        (
            {"product_id": "P", "product_price": "1", "order_id": "O", "orderTimelimit": "30"},
            "5-part md5(product_id-product_price-order_id-orderTimelimit-sharedsec)",
        ),
    ],
    ids=["4-part", "3-part", "5-part"],
)
def test_the_report_names_the_formula_the_request_uses(fields, actual):
    _verdict, said = judged({**fields, "sign": "0" * 32}, secret=None)["redirect.sign"]
    assert said.startswith(actual)


@pytest.mark.parametrize(
    ("price", "verdict", "form"),
    [
        ("1000", "PASS", "integer"),
        ("1000.0", "PASS", "1 decimal"),
        ("1000.00", "PASS", "2 decimals"),
        ("5.00", "FAIL", "2 decimals"),
        ("5", "FAIL", "integer"),
    ],
)
def test_the_price_is_compared_by_its_value_not_its_spelling(price, verdict, form):
    seen, actual = judged({"product_id": "P", "product_price": price, "order_id": "O", "sign": "0" * 32}, secret=None)[
        "redirect.price"
    ]
    assert (seen, actual) == (verdict, f"product_price={price} ({form}), confirmed 1000.00")


@pytest.mark.parametrize("price", ["1000.000", "1e3", "1 000", "1000,00", ""])
def test_a_price_that_is_no_price_fails(price):
    assert judged({"product_id": "P", "product_price": price, "sign": "0" * 32})["redirect.price"][0] == "FAIL"


def test_fields_fail_only_on_what_chronopay_requires_and_warn_on_what_the_cabinet_may_hold():
    complete = SHAPES[0].request(MERCHANT)
    assert judged(complete)["redirect.fields"][0] == "PASS"
    woocommerce = next(shape for shape in SHAPES if shape.id == "woocommerce").request(MERCHANT)
    verdict, actual = judged(woocommerce, confirmed=1000_00)["redirect.fields"]
    assert verdict == "WARN"
    assert actual == (
        "product_price_currency, decline_url, product_name not sent: left to the product's registration at ChronoPay"
    )
    for required in ("product_id", "product_price"):
        verdict, actual = judged({k: v for k, v in complete.items() if k != required})["redirect.fields"]
        assert (verdict, actual) == ("FAIL", f"missing {required}")
    assert judged({**complete, "cb_type": "X"})["redirect.fields"] == ("FAIL", "cb_type=X")
