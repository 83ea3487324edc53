"""Step 2, the login page: its labels, the right and the wrong credentials, the throttle, logging out.

Every test here uses a browser with no session (pytest-playwright's `page`) and, when it needs a
subscriber, its own: failures count per login name, and logging out ends a session on the server,
so the worker's shared session (`account_page`) is never used here.
"""

import pytest
from playwright.sync_api import expect

from portal.contract import Cabinet, Login
from portal.pages import GeneralPage, LoginPage, ReportsPage

EMPTY_CREDENTIALS = "Введите логин и пароль."
THROTTLED = "Слишком много неудачных попыток входа"
ALLOWED_FAILURES = 5  # LOGIN_THROTTLE: 5 failures per 15 minutes per login name


def unknown_login(faker) -> str:
    """A login of the right shape that no subscriber has (ours all start with «dem»)."""
    return faker.bothify("zzz###")


@pytest.mark.smoke
@pytest.mark.live_safe
def test_the_login_page_shows_the_instructions_form_and_sidebar(page, steps, stack):
    with steps("Абонент открывает страницу входа в личный кабинет"):
        login = LoginPage(page, stack.login_url).open()
    sidebar = login.sidebar
    expect(sidebar.get_by_role("heading", name=Login.HEADING)).to_be_visible()
    expect(sidebar.get_by_role("link")).to_have_text(list(Login.SIDEBAR_LINKS))
    expect(login.login_field).to_be_visible()
    expect(login.login_field).to_have_attribute("placeholder", "dem001")
    expect(login.password_field).to_have_attribute("type", "password")
    expect(login.submit_button).to_be_visible()
    assert sidebar.bounding_box()["x"] < login.main.bounding_box()["x"], "the sidebar must be on the left"


@pytest.mark.smoke
def test_a_subscriber_logs_in_and_sees_general_with_the_menu_on_the_right(page, steps, stack, subscriber):
    with steps("Абонент вводит свой логин и пароль: открывается раздел «Общие» с его данными"):
        login = LoginPage(page, stack.login_url).open()
        login.log_in(subscriber.login, subscriber.password)
        general = GeneralPage(page).expect_loaded()
    assert general.menu_items() == list(Cabinet.MENU)
    expect(page.get_by_role("rowheader")).to_have_text(list(Cabinet.GENERAL_LABELS))
    assert general.value(Login.LOGIN) == subscriber.login
    assert general.value("Основной лицевой счет") == str(subscriber.account_id)
    assert general.value("ФИО") == subscriber.full_name
    assert general.balance() == subscriber.balance
    assert general.menu.bounding_box()["x"] > page.get_by_role("main").bounding_box()["x"]


def expect_still_logged_out(page, stack) -> None:
    """The cabinet's address leads back to the login page: no session was opened."""
    page.goto(stack.cabinet_url + "cabinet/")
    LoginPage(page, stack.login_url).expect_loaded()
    expect(page.get_by_role("navigation", name="Меню личного кабинета")).to_have_count(0)


@pytest.mark.live_safe
def test_a_wrong_password_is_refused_with_the_utm5_message(page, steps, stack, subscriber, records):
    before = records.snapshot(subscriber.login)
    with steps(f"Абонент вводит свой логин и неверный пароль: {Login.WRONG_CREDENTIALS}"):
        login = LoginPage(page, stack.login_url).open()
        login.log_in(subscriber.login, subscriber.password + "x")
        expect(login.error()).to_have_text(Login.WRONG_CREDENTIALS)
    expect(login.login_field).to_have_value(subscriber.login)
    expect(login.password_field).to_have_value("")
    with steps("Абонент открывает адрес личного кабинета и снова видит вход"):
        expect_still_logged_out(page, stack)
    assert records.snapshot(subscriber.login) == before


@pytest.mark.live_safe
def test_an_unknown_login_gets_the_same_message_as_a_wrong_password(page, steps, stack, subscriber, faker, records):
    before = records.snapshot(subscriber.login)
    login = LoginPage(page, stack.login_url)
    with steps("Абонент вводит верный логин с неверным паролем"):
        login.open().log_in(subscriber.login, "not-" + subscriber.password)
        wrong_password_message = login.error().inner_text()
    with steps("Абонент вводит несуществующий логин: сообщение то же, по нему не узнать, есть ли такой логин"):
        login.open().log_in(unknown_login(faker), subscriber.password)
        expect(login.error()).to_have_text(Login.WRONG_CREDENTIALS)
    assert login.error().inner_text() == wrong_password_message
    assert records.snapshot(subscriber.login) == before


@pytest.mark.live_safe
@pytest.mark.parametrize(
    ("with_login", "with_password"),
    [
        pytest.param(False, False, id="both-empty"),
        pytest.param(False, True, id="login-empty"),
        pytest.param(True, False, id="password-empty"),
    ],
)
def test_empty_fields_are_refused(page, steps, stack, subscriber, records, with_login, with_password):
    before = records.snapshot(subscriber.login)
    typed_login = subscriber.login if with_login else ""
    with steps(f"Абонент нажимает «Войти в личный кабинет», не заполнив все поля: {EMPTY_CREDENTIALS}"):
        login = LoginPage(page, stack.login_url).open()
        login.log_in(typed_login, subscriber.password if with_password else "")
        expect(login.error()).to_have_text(EMPTY_CREDENTIALS)
    expect(login.login_field).to_have_value(typed_login)
    assert records.snapshot(subscriber.login) == before


def test_after_five_failures_even_the_right_password_is_refused(page, steps, stack, subscriber, records):
    before = records.snapshot(subscriber.login)
    login = LoginPage(page, stack.login_url)
    with steps(f"Абонент {ALLOWED_FAILURES} раз подряд вводит неверный пароль"):
        login.open()
        for attempt in range(1, ALLOWED_FAILURES + 1):
            login.log_in(subscriber.login, f"wrong-{attempt}")
            expect(login.error()).to_have_text(Login.WRONG_CREDENTIALS)
    with steps("Шестая попытка с верным паролем: вход временно закрыт"):
        login.log_in(subscriber.login, subscriber.password)
        expect(login.error()).to_contain_text(THROTTLED)
        expect(login.error()).to_contain_text("Попробуйте снова через")
    with steps("Абонент открывает адрес личного кабинета: снова страница входа"):
        expect_still_logged_out(page, stack)
    assert records.snapshot(subscriber.login) == before


def test_another_login_is_not_locked_by_someone_elses_failures(
    page, steps, stack, subscriber, make_subscriber, faker, records
):
    neighbour = make_subscriber(faker)
    login = LoginPage(page, stack.login_url)
    with steps(f"Кто-то {ALLOWED_FAILURES + 1} раз подбирает пароль к чужому логину: тот логин закрыт"):
        login.open()
        for attempt in range(ALLOWED_FAILURES + 1):
            login.log_in(neighbour.login, f"guess-{attempt}")
        expect(login.error()).to_contain_text(THROTTLED)
    with steps("Абонент входит со своим логином и паролем: его вход открыт"):
        login.log_in(subscriber.login, subscriber.password)
        GeneralPage(page).expect_loaded()
    assert records.snapshot(neighbour.login).balance == neighbour.balance


def test_after_logout_the_back_button_shows_no_cabinet_page(page, steps, stack, subscriber, login_as, records):
    before = records.snapshot(subscriber.login)
    with steps("Абонент входит в личный кабинет и открывает «Платежи»"):
        general = login_as(subscriber)
        general.open_section(Cabinet.PAYMENTS)
        expect(page.get_by_role("navigation", name="Способы оплаты")).to_be_visible()
    with steps("Абонент нажимает «Выйти»"):
        general.log_out()
        login = LoginPage(page, stack.login_url).expect_loaded()
    with steps("Абонент нажимает в браузере «Назад»: вместо страницы кабинета снова страница входа"):
        page.go_back()
        login.expect_loaded()
    expect(page.get_by_role("navigation", name="Меню личного кабинета")).to_have_count(0)
    expect(page.get_by_text(subscriber.full_name)).to_have_count(0)
    with steps("Абонент нажимает «Назад» еще раз: и «Общие» без входа не открываются"):
        page.go_back()
        login.expect_loaded()
        expect(page.get_by_text(subscriber.full_name)).to_have_count(0)
    assert records.snapshot(subscriber.login) == before


def test_a_protected_page_opens_after_logging_in(page, steps, stack, subscriber):
    with steps("Абонент без входа открывает адрес раздела «Отчеты»: сначала вход"):
        page.goto(stack.cabinet_url + "cabinet/reports")
        login = LoginPage(page, stack.login_url).expect_loaded()
    with steps("Абонент входит и попадает прямо в «Отчеты»"):
        login.log_in(subscriber.login, subscriber.password)
        ReportsPage(page).expect_loaded()
    expect(page.get_by_text("Платежей пока не было.")).to_be_visible()
