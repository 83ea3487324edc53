"""The cabinet's other sections: «Общие» and the menu, «Активация карты», «Платежный документ»,
and the login page's two other ways in, «Авторегистрация пользователя» and «Вход (hotspot)».

Mutating tests here (card activation) use this worker's shared session with relative checks.
Refused prepaid cards count towards the activation throttle of the worker's subscriber (5 per
15 minutes): this file refuses at most two per session, so the throttle never decides a test.
"""

import re

import pytest
from playwright.sync_api import expect

from chronopay_protocol import money
from portal.contract import Cabinet, Login, Payments
from portal.pages import (
    CardActivationTab,
    GeneralPage,
    HotspotPage,
    LoginPage,
    PaymentDocumentTab,
    RegisteredPage,
    RegistrationPage,
    ReportsPage,
)


def rub(kopecks: int) -> str:
    """An amount as the cabinet prints it («1 000,00»)."""
    return money.to_display(kopecks)


# «Общие» and the menu ------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.live_safe
def test_every_menu_section_opens_from_the_right_hand_menu(account_page, steps, stack, worker_subscriber):
    with steps("Абонент открывает раздел «Общие»"):
        general = GeneralPage(account_page, stack.cabinet_url).open()
    assert general.menu_items() == list(Cabinet.MENU)
    expect(account_page.get_by_role("rowheader")).to_have_text(list(Cabinet.GENERAL_LABELS))
    assert general.value(Login.LOGIN) == worker_subscriber.login
    for section in ("Сообщения", "Отчеты", "Тарифы и услуги"):
        with steps(f"Абонент выбирает в меню «{section}»"):
            general.open_section(section)
            expect(account_page.get_by_role("heading", name=section, exact=True)).to_be_visible()
            expect(general.menu.get_by_role("link", name=section, exact=True)).to_have_attribute("aria-current", "page")
    expect(account_page.get_by_role("cell", name="Домашний 100")).to_be_visible()
    with steps("Абонент выбирает в меню «Платежи»: три вкладки способов оплаты"):
        general.open_section(Cabinet.PAYMENTS)
        tabs = account_page.get_by_role("navigation", name="Способы оплаты")
        expect(tabs.get_by_role("link")).to_have_text(list(Payments.TABS))


# «Активация карты» ---------------------------------------------------------------------------


def test_a_prepaid_card_credits_its_value_once(account_page, steps, stack, records, worker_subscriber, prepaid_card):
    before = records.snapshot(worker_subscriber.login)
    with steps("На вкладке «Активация карты» абонент вводит номер и PIN-код карты и нажимает «Активировать»"):
        tab = CardActivationTab(account_page, stack.cabinet_url).open()
        tab.activate(prepaid_card.number, prepaid_card.pin)
        expect(tab.notice()).to_have_text(f"Карта активирована: на счет зачислено {rub(prepaid_card.value)} руб.")
    after = records.snapshot(worker_subscriber.login)
    assert after.balance - before.balance == prepaid_card.value
    assert after.payments == before.payments + 1
    assert (after.orders, after.charges, after.callbacks) == (before.orders, before.charges, before.callbacks)
    with steps("В разделе «Отчеты» платеж картой оплаты с ее номером"):
        rows = ReportsPage(account_page, stack.cabinet_url).open().payments()
    row = next(row for row in rows if row["Номер транзакции"] == prepaid_card.number)
    assert row["Способ оплаты"] == "Карта оплаты"
    assert row["Сумма, руб."] == rub(prepaid_card.value)
    assert row["Баланс после, руб."] == rub(after.balance)


def test_a_used_prepaid_card_is_refused(account_page, steps, stack, records, worker_subscriber, prepaid_card):
    tab = CardActivationTab(account_page, stack.cabinet_url)
    with steps("Абонент активирует карту оплаты"):
        tab.open().activate(prepaid_card.number, prepaid_card.pin)
        expect(tab.notice()).to_contain_text("Карта активирована")
    before = records.snapshot(worker_subscriber.login)
    with steps("Абонент вводит ту же карту еще раз: «Эта карта уже активирована.»"):
        tab.activate(prepaid_card.number, prepaid_card.pin)
        expect(tab.refusal()).to_have_text("Эта карта уже активирована.")
    expect(tab.notice()).to_have_count(0)
    assert records.snapshot(worker_subscriber.login) == before


def test_a_wrong_pin_is_refused_and_leaves_the_card_unused(
    account_page, steps, stack, records, worker_subscriber, prepaid_card
):
    before = records.snapshot(worker_subscriber.login)
    wrong_pin = f"{(int(prepaid_card.pin) + 1) % 10_000:04d}"
    with steps("Абонент вводит номер карты оплаты с неверным PIN-кодом: такой карты нет"):
        tab = CardActivationTab(account_page, stack.cabinet_url).open()
        tab.activate(prepaid_card.number, wrong_pin)
        expect(tab.refusal()).to_have_text("Карта с таким номером и PIN-кодом не найдена.")
    expect(tab.number_field).to_have_value(prepaid_card.number)
    expect(tab.pin_field).to_have_value("")
    assert records.snapshot(worker_subscriber.login) == before
    assert records.prepaid_card(prepaid_card.number)["used_by"] is None


@pytest.mark.live_safe
def test_a_malformed_card_number_and_pin_are_refused_next_to_their_fields(
    account_page, steps, stack, records, worker_subscriber
):
    before = records.snapshot(worker_subscriber.login)
    with steps("Абонент вводит буквы вместо номера и короткий PIN-код"):
        tab = CardActivationTab(account_page, stack.cabinet_url).open()
        tab.activate("77-ABC", "12")
    with steps("Оба поля отмечены, у каждого свое сообщение"):
        expect(tab.number_field).to_have_accessible_description("Введите номер карты оплаты цифрами (от 6 до 20 цифр).")
        expect(tab.pin_field).to_have_accessible_description("Введите PIN-код цифрами (от 4 до 8 цифр).")
    assert records.snapshot(worker_subscriber.login) == before


# «Платежный документ» ------------------------------------------------------------------------


@pytest.mark.live_safe
def test_the_payment_document_names_the_payer_the_account_and_the_amount(
    account_page, steps, stack, records, worker_subscriber
):
    before = records.snapshot(worker_subscriber.login)
    with steps("На вкладке «Платежный документ» абонент вводит 1500,50 и нажимает «Сформировать документ»"):
        tab = PaymentDocumentTab(account_page, stack.cabinet_url).open()
        tab.make_document("1500,50")
        expect(tab.document).to_be_visible()
    expect(tab.parts()).to_have_text(list(PaymentDocumentTab.PARTS))
    assert tab.values("Плательщик") == [worker_subscriber.full_name] * 2
    assert (
        tab.values("Назначение платежа")
        == [f"Оплата услуг связи, лицевой счет {worker_subscriber.account_id}, без НДС"] * 2
    )
    assert tab.values("Сумма") == [f"{rub(1500_50)} руб."] * 2
    expect(tab.print_button).to_be_visible()
    assert records.snapshot(worker_subscriber.login) == before


@pytest.mark.live_safe
def test_the_payment_document_refuses_an_invalid_amount(account_page, steps, stack, records, worker_subscriber):
    before = records.snapshot(worker_subscriber.login)
    with steps("Абонент вводит 100,999 и нажимает «Сформировать документ»: документа нет, у «Сумма» сказано почему"):
        tab = PaymentDocumentTab(account_page, stack.cabinet_url).open()
        tab.make_document("100,999")
        tab.expect_amount_refused("Укажите не более двух знаков после запятой (копейки).")
    expect(tab.document).to_have_count(0)
    assert records.snapshot(worker_subscriber.login) == before


# «Авторегистрация пользователя» --------------------------------------------------------------


def test_autoregistration_shows_a_new_login_and_password_once_and_they_log_in(page, steps, stack, faker, records):
    full_name = faker.name()
    count_before = records.subscriber_count()
    with steps("Абонент открывает «Авторегистрация пользователя» со страницы входа"):
        LoginPage(page, stack.login_url).open()
        page.get_by_role("complementary").get_by_role("link", name="Авторегистрация пользователя").click()
        registration = RegistrationPage(page, stack.cabinet_url).expect_loaded()
    with steps("Абонент заполняет анкету и нажимает «Зарегистрироваться»"):
        registration.fill(full_name, faker.address().replace("\n", ", "), "+7 495 123-45-67")
        registration.submit()
    # The password is on the page only now: it is read, and the step's picture is taken after
    # leaving the page, so no report ever shows it.
    with steps("Абонент записывает новый логин и пароль и переходит ко входу"):
        registered = RegisteredPage(page).expect_loaded()
        new_login = registered.value(Login.LOGIN)
        password = registered.value(Login.PASSWORD)
        registered.go_to_login()
        login = LoginPage(page, stack.login_url).expect_loaded()
    assert re.fullmatch(r"dem\d{3}", new_login), new_login
    assert len(password) >= 8
    assert records.subscriber_count() == count_before + 1
    stored = records.subscriber(new_login)
    assert password not in stored["password_hash"], "the password must be stored only as a hash"
    with steps("Абонент входит с новым логином и паролем"):
        login.log_in(new_login, password)
        general = GeneralPage(page).expect_loaded()
    assert general.value(Login.LOGIN) == new_login
    assert general.value("ФИО") == full_name
    with steps("Страница регистрации снова пуста: пароль больше нигде не показан"):
        RegistrationPage(page, stack.cabinet_url).open()
        expect(page.get_by_text(password)).to_have_count(0)
        expect(registration.full_name).to_have_value("")


def test_reloading_the_registration_result_registers_nobody_else(page, steps, stack, faker, records):
    # The pages in between show passwords: the step's picture is taken on the login page after them.
    with steps("Абонент регистрируется, обновляет страницу с логином и паролем и уходит ко входу"):
        registration = RegistrationPage(page, stack.cabinet_url).open()
        registration.fill(faker.name(), faker.address().replace("\n", ", "), "+7 495 123-45-67")
        registration.submit()
        RegisteredPage(page).expect_loaded()
        count_after_registering = records.subscriber_count()
        page.reload()
        expect(page.get_by_text("Логин и пароль уже были показаны")).to_be_visible()
        count_after_reload = records.subscriber_count()
        LoginPage(page, stack.login_url).open()
    assert count_after_reload == count_after_registering, "a reload registered another subscriber"


def test_autoregistration_refuses_an_empty_form_and_creates_nobody(page, steps, stack, records):
    count_before = records.subscriber_count()
    with steps("Абонент нажимает «Зарегистрироваться», не заполнив анкету: каждое поле отмечено"):
        registration = RegistrationPage(page, stack.cabinet_url).open()
        registration.submit()
        registration.expect_field_refused(
            registration.full_name, "Укажите фамилию, имя и отчество буквами (от 3 до 100 знаков)."
        )
        registration.expect_field_refused(registration.address, "Укажите адрес подключения (от 5 до 200 знаков).")
        registration.expect_field_refused(registration.phone, "Укажите телефон цифрами, например +7 495 123-45-67.")
        expect(page.get_by_role("heading", name="Регистрация завершена")).to_have_count(0)
    assert records.subscriber_count() == count_before


# «Вход (hotspot)» ----------------------------------------------------------------------------


def test_hotspot_login_opens_the_internet_for_the_subscriber(page, steps, stack, subscriber, records):
    before = records.snapshot(subscriber.login)
    with steps("Абонент открывает «Вход (hotspot)» со страницы входа, вводит логин и пароль, «Подключиться»"):
        LoginPage(page, stack.login_url).open()
        page.get_by_role("complementary").get_by_role("link", name="Вход (hotspot)").click()
        hotspot = HotspotPage(page, stack.cabinet_url).expect_loaded()
        hotspot.connect(subscriber.login, subscriber.password)
        hotspot.expect_connected(subscriber.login)
    expect(page.get_by_role("cell", name=f"{rub(subscriber.balance)} руб.")).to_be_visible()
    with steps("Абонент нажимает «Отключиться» и снова видит форму входа hotspot"):
        hotspot.disconnect_button.click()
        expect(hotspot.connect_button).to_be_visible()
    assert records.snapshot(subscriber.login) == before


@pytest.mark.live_safe
def test_hotspot_refuses_a_wrong_password_with_the_same_message(page, steps, stack, subscriber, records):
    before = records.snapshot(subscriber.login)
    with steps(f"Абонент вводит на странице hotspot неверный пароль: {Login.WRONG_CREDENTIALS}"):
        hotspot = HotspotPage(page, stack.cabinet_url).open()
        hotspot.connect(subscriber.login, "wrong-" + subscriber.password)
        expect(hotspot.error()).to_have_text(Login.WRONG_CREDENTIALS)
    expect(page.get_by_role("heading", name="Доступ в Интернет открыт")).to_have_count(0)
    assert records.snapshot(subscriber.login) == before
