"""Every request shape of PROTOCOL.md 3a in the browser (tests/support/client_shapes.py): the payer is
sent to the gateway as that client sends them (a GET address, or a shop page that posts a form),
sees a payable page naming the registered product, pays, lands on the shop's success page, and the
shop gets its callback. The forged twin of each shows the refusal and leaves nothing behind.

The gateway is a stack of each test's own with the tests' secret (the shapes are signed with it)
and frozen time (orderExpiretime is a moment of that day), its merchant cabinet registering each
shape's product at a loopback shop.
"""

import html
from contextlib import closing
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from mock_chronopay import registry
from mock_chronopay.db import open_database
from portal.pages import GatewayPage
from portal.pages.gateway import RequestRefusedPage
from tests.support.client_shapes import SHAPES
from tests.support.known import FROZEN_TIME, NOW, SHARED_SECRET
from tests.support.merchant import Merchant
from tests.support.waits import wait_until

from .journeys import VISA
from .merchant_stacks import stack_beside

ROWS = [pytest.param(shape, id=shape.id) for shape in SHAPES]


@pytest.fixture(scope="module")
def shop():
    merchant = Merchant().start()
    yield merchant
    merchant.stop()


@pytest.fixture
def gateway_stack(stack, tmp_path):
    """A gateway of the test's own: the worked examples share product and order (ORD-42), and with
    order uniqueness on, one test's paid order would be another's «already paid»."""
    with stack_beside(stack, tmp_path, frozen_time=FROZEN_TIME, shared_secret=SHARED_SECRET) as running:
        yield running


def registered(stack, shape, shop) -> None:
    """The shape's product in the gateway's merchant cabinet, as the shop set it up."""
    with closing(open_database(stack.gateway_db_path)) as db:
        registry.register(db, shape.product(shop.url), NOW)


def counts(stack) -> tuple[int, int]:
    with closing(open_database(stack.gateway_db_path)) as db:
        return tuple(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("attempts", "outbox"))


def send_the_payer(page, stack, shape, request: dict) -> None:
    """As the client does: a redirect to the address (GET), or its checkout page posting the form."""
    if shape.method == "GET":
        page.goto(stack.gateway_url + "?" + urlencode(request))
        return
    hidden = '<input type="hidden" name="{}" value="{}">'
    inputs = "".join(hidden.format(html.escape(name), html.escape(value)) for name, value in request.items())
    page.set_content(
        f'<form method="post" action="{html.escape(stack.gateway_url)}">{inputs}<button>Оплатить заказ</button></form>'
    )
    page.get_by_role("button", name="Оплатить заказ").click()


@pytest.mark.parametrize("shape", ROWS)
def test_each_shape_is_paid_in_the_browser_to_the_shops_callback(page, steps, gateway_stack, shop, shape, payer_email):
    registered(gateway_stack, shape, shop)
    request = shape.request(shop.url)
    with steps(f"Магазин ({shape.client}) отправляет плательщика на ChronoPay методом {shape.method}"):
        send_the_payer(page, gateway_stack, shape, request)
        gateway = GatewayPage(page).expect_loaded()
    expect(page.get_by_text(f"shop {shape.id}", exact=True)).to_be_visible()
    assert gateway.amount_text() == f"Сумма: {shape.paid_total} РУБ"
    with steps("Плательщик вводит e-mail и карту и нажимает «Оплатить»: он на странице успеха магазина"):
        gateway.fill_payer(payer_email)
        gateway.fill_card(VISA.number, VISA.expiry, VISA.holder, VISA.cvv)
        with page.expect_navigation(url=shop.url + shape.success_path):
            gateway.pay()

    def its_callback():
        return [
            hit.form
            for hit in shop.delivered()
            if hit.path == "/shop/callback" and hit.form.get("email") == payer_email
        ]

    [callback] = wait_until(its_callback, timeout=20, what="the shop's callback")
    assert (callback["product_id"], callback["total"]) == (shape.product_id, shape.paid_total)
    assert callback["order_id"] == request.get("order_id", "")


@pytest.mark.parametrize("shape", ROWS)
def test_the_forged_twin_of_each_shape_is_refused_in_the_browser(page, steps, gateway_stack, shop, shape):
    registered(gateway_stack, shape, shop)
    before = counts(gateway_stack)
    with steps(f"Подделанный запрос ({shape.id}): ChronoPay отказывает"):
        send_the_payer(page, gateway_stack, shape, shape.forged(shop.url))
        RequestRefusedPage(page).expect_loaded("Неверная подпись запроса (sign).")
    assert counts(gateway_stack) == before, "no attempt, no callback, no mail"
