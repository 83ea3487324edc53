"""The documented flow from login to the gateway's page (steps 2-7), proven in the browser."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from chronopay_protocol import signing
from portal.contract import Cabinet, Confirmation, Payments
from portal.pages import ConfirmationPage, GatewayPage, LoginPage, PaymentsPage


def test_dem001_reaches_the_gateway_with_a_signed_request(page, steps, stack):
    with steps("Абонент открывает вход в личный кабинет и входит как dem001"):
        login = LoginPage(page, stack.login_url).open()
        from mock_cabinet.demo import demo_subscribers

        dem001 = demo_subscribers(count=1)[0]
        login.log_in(dem001.login, dem001.password)
    payments = PaymentsPage(page)
    with steps("Абонент выбирает в меню «Платежи», затем вкладку «ChronoPay»"):
        payments.open_section(Cabinet.PAYMENTS)
        payments.choose_tab(Payments.CHRONOPAY)
    with steps("Абонент вводит сумму 1000 и нажимает «Новый платеж»"):
        payments.enter_amount("1000")
        payments.start_new_payment()
    confirmation = ConfirmationPage(page)
    with steps("Подтверждение показывает лицевой счет и сумму 1000"):
        confirmation.expect_loaded()
        assert confirmation.value("Лицевой счет") == "1001"
        assert confirmation.value(Confirmation.AMOUNT) == "1000"
    with steps("Абонент нажимает «Заплатить» и попадает на страницу ChronoPay по HTTPS"):
        with page.expect_request(lambda r: r.url.startswith(stack.gateway_url)) as request_info:
            confirmation.pay()
        GatewayPage(page).expect_loaded()
    fields = {name: values[0] for name, values in parse_qs(urlsplit(request_info.value.url).query).items()}
    assert urlsplit(page.url).scheme == "https"
    assert fields["product_price"] == "1000.00"
    assert fields["sign"] == signing.request_sign(
        fields["product_id"], fields["product_price"], fields["order_id"], stack.shared_secret
    )
    expect(page.get_by_text("Сумма: 1000.00 РУБ")).to_be_visible()
