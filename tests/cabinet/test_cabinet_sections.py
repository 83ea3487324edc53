"""The cabinet of step 3: the right-hand menu on every page and what each section shows."""

import pytest
from cabinet_helpers import (
    CARD_URL,
    CHRONOPAY_URL,
    DEMO,
    DOCUMENT_URL,
    GENERAL_URL,
    MENU,
    MESSAGES_URL,
    REPORTS_URL,
    TABS,
    TARIFFS_URL,
    new_order,
    order_url,
    page,
)

from chronopay_protocol.money import to_display
from mock_cabinet import demo

DEM001 = DEMO["dem001"]
SECTION_PAGES = {
    GENERAL_URL: "Общие",
    MESSAGES_URL: "Сообщения",
    REPORTS_URL: "Отчеты",
    TARIFFS_URL: "Тарифы и услуги",
    CARD_URL: "Платежи",
    DOCUMENT_URL: "Платежи",
    DOCUMENT_URL + "?amount=1000": "Платежи",
    CHRONOPAY_URL: "Платежи",
}
PAYMENT_TABS = {
    CARD_URL: "Активация карты",
    DOCUMENT_URL: "Платежный документ",
    DOCUMENT_URL + "?amount=1000": "Платежный документ",
    CHRONOPAY_URL: "ChronoPay",
}


@pytest.mark.parametrize("address", SECTION_PAGES)
def test_every_cabinet_page_has_the_menu_in_the_instructions_order(logged_in, address):
    shown = page(logged_in.get(address))
    assert shown.menu() == MENU
    assert shown.current_menu_item() == SECTION_PAGES[address]


@pytest.mark.parametrize("action", ["", "success", "decline"])
def test_order_pages_have_the_menu_and_the_chronopay_tab(logged_in, action):
    shown = page(logged_in.get(order_url(new_order(logged_in), action)))
    assert shown.menu() == MENU
    assert shown.current_menu_item() == "Платежи"
    assert shown.tabs() == TABS
    assert shown.active_tab() == "ChronoPay"


def test_menu_comes_after_the_content_so_it_stands_on_the_right(logged_in):
    html = logged_in.get(GENERAL_URL).get_data(as_text=True)
    assert html.index("cabinet-main") < html.index('class="menu"')


def test_menu_links_open_their_sections(logged_in):
    menu = page(logged_in.get(GENERAL_URL)).root.one("nav", cls="menu")
    for link in menu.find_all("a"):
        opened = logged_in.get(link.attrs["href"])
        assert opened.status_code == 200
        assert page(opened).heading() == link.text


def test_menu_exit_is_the_logout_form(logged_in):
    assert page(logged_in.get(GENERAL_URL)).form_action("Выйти") == "/logout"


@pytest.mark.parametrize("address", SECTION_PAGES)
def test_cabinet_pages_need_a_login(client, address):
    response = client.get(address)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_general_shows_the_subscribers_data(logged_in, db):
    row = db.execute("SELECT id, account_id FROM subscribers WHERE login = 'dem001'").fetchone()
    assert page(logged_in.get(GENERAL_URL)).row_values("general") == {
        "ID": str(row["id"]),
        "Логин": "dem001",
        "Основной лицевой счет": str(row["account_id"]),
        "Баланс": f"{to_display(DEM001.balance)} руб.",
        "Кредит": f"{to_display(DEM001.credit)} руб.",
        "ФИО": DEM001.full_name,
        "Состояние интернета": "Включен",
    }


def test_general_labels_are_in_the_utm5_order(logged_in):
    labels = [row[0] for row in page(logged_in.get(GENERAL_URL)).rows("general")]
    assert labels == ["ID", "Логин", "Основной лицевой счет", "Баланс", "Кредит", "ФИО", "Состояние интернета"]


def test_general_shows_the_logged_in_subscriber_not_another(logged_in_as):
    values = page(logged_in_as("dem002").get(GENERAL_URL)).row_values("general")
    assert values["Логин"] == "dem002"
    assert values["ФИО"] == DEMO["dem002"].full_name


def test_topbar_names_who_is_logged_in(logged_in):
    assert f"{DEM001.full_name} · dem001" in page(logged_in.get(GENERAL_URL)).text


@pytest.mark.parametrize(
    ("balance", "credit", "internet_on", "state"),
    [
        (0, 0, True, "Включен"),
        (-100_00, 300_00, True, "Включен"),
        (-500_00, 300_00, True, "Выключен"),
        (-1, 0, True, "Выключен"),
        (1000_00, 0, False, "Выключен"),
    ],
)
def test_general_internet_state_follows_balance_credit_and_switch(
    add_subscriber, logged_in_as, balance, credit, internet_on, state
):
    person = add_subscriber("abc123", balance=balance, credit=credit, internet_on=internet_on)
    values = page(logged_in_as(person.login, person.password).get(GENERAL_URL)).row_values("general")
    assert values["Состояние интернета"] == state
    assert values["Баланс"] == f"{to_display(balance)} руб."


def test_messages_lists_the_subscribers_messages_newest_first(logged_in, db):
    account = db.execute("SELECT account_id FROM subscribers WHERE login = 'dem001'").fetchone()[0]
    rows = page(logged_in.get(MESSAGES_URL)).rows("list")
    assert rows[0] == ["Дата", "Тема", "Сообщение"]
    assert [row[1] for row in rows[1:]] == ["Оплата картой", "Плановые работы", "Добро пожаловать!"]
    assert [row[0] for row in rows[1:]] == ["24.11.2026 17:35", "18.11.2026 17:35", "26.10.2026 17:35"]
    assert f"Здравствуйте, {DEM001.full_name}! Ваш лицевой счет {account}." in rows[3][2]


def test_messages_of_a_subscriber_without_any_says_so(add_subscriber, logged_in_as):
    person = add_subscriber("abc123")
    shown = page(logged_in_as(person.login, person.password).get(MESSAGES_URL))
    assert "Сообщений нет." in shown.text
    assert DEM001.full_name not in shown.text


def test_tariffs_shows_the_tariff_and_its_services(logged_in):
    name, fee, speed = demo.TARIFFS[DEM001.tariff]
    shown = page(logged_in.get(TARIFFS_URL))
    assert shown.heading() == "Тарифы и услуги"
    assert shown.row_values() == {
        "Тарифный план": name,
        "Скорость": f"{speed} Мбит/с",
        "Абонентская плата": f"{to_display(fee)} руб./мес.",
    }
    services = sorted((demo.SERVICES[index] for index in DEM001.services), key=lambda service: service[0])
    assert shown.rows("list")[1:] == [[service, to_display(price)] for service, price in services]


def test_tariffs_of_a_subscriber_without_services_says_so(add_subscriber, logged_in_as):
    person = add_subscriber("abc123")
    assert (
        "Дополнительных услуг не подключено." in page(logged_in_as(person.login, person.password).get(TARIFFS_URL)).text
    )


def test_reports_without_payments_says_so(logged_in):
    shown = page(logged_in.get(REPORTS_URL))
    assert shown.heading() == "Отчеты"
    assert "Платежей пока не было." in shown.text


@pytest.mark.parametrize("address", PAYMENT_TABS)
def test_payments_has_the_three_tabs_of_the_instruction(logged_in, address):
    shown = page(logged_in.get(address))
    assert shown.tabs() == TABS
    assert shown.active_tab() == PAYMENT_TABS[address]


def test_payments_menu_item_opens_the_tabs(logged_in):
    link = page(logged_in.get(GENERAL_URL)).links()["Платежи"]
    assert page(logged_in.get(link)).tabs() == TABS


def test_chronopay_tab_has_the_amount_field_and_new_payment_button(logged_in, db):
    account = db.execute("SELECT account_id FROM subscribers WHERE login = 'dem001'").fetchone()[0]
    shown = page(logged_in.get(CHRONOPAY_URL))
    assert shown.label_for("amount") == "Сумма"
    assert shown.form_action("Новый платеж") == CHRONOPAY_URL
    assert f"Лицевой счет присваивается автоматически: {account}." in shown.text
    assert shown.root.find("input", name="account") is None  # never typed by the subscriber
