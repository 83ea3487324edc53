"""The login page of step 2: its labels, wrong credentials, throttling, stored passwords, `next`."""

import pytest
from cabinet_helpers import DEMO, GENERAL_URL, LOGIN_URL, REPORTS_URL, WRONG_CREDENTIALS, log_in, page

from mock_cabinet import demo
from mock_cabinet.db import open_database
from tests.support.known import NOW

DEM001 = DEMO["dem001"]
DEM002 = DEMO["dem002"]
THROTTLED = "Слишком много неудачных попыток входа"


def test_login_page_has_the_sidebar_of_the_instruction(client):
    heading, links = page(client.get(LOGIN_URL)).sidebar()
    assert heading == "Вход в личный кабинет"
    assert links == ["Вход (hotspot)", "Авторегистрация пользователя", "Вход в личный кабинет"]


def test_login_page_sidebar_links_lead_to_working_pages(client):
    links = page(client.get(LOGIN_URL)).root.one("aside", cls="sidebar").find_all("a")
    for link in links:
        assert client.get(link.attrs["href"]).status_code == 200, link.text


def test_login_page_has_the_form_of_the_instruction(client):
    login_page = page(client.get(LOGIN_URL))
    assert login_page.heading() == "Вход в личный кабинет"
    assert login_page.label_for("login") == "Логин"
    assert login_page.root.one("input", id="login").attrs["placeholder"] == "dem001"  # the format of a login
    assert login_page.label_for("password") == "Пароль"
    assert login_page.root.one("input", id="password").attrs["type"] == "password"
    assert login_page.buttons() == ["Войти в личный кабинет"]


def test_login_page_is_a_russian_page_with_its_stylesheet(client):
    login_page = page(client.get(LOGIN_URL))
    assert login_page.root.one("html").attrs["lang"] == "ru"
    stylesheet = login_page.root.one("link", rel="stylesheet").attrs["href"]
    assert client.get(stylesheet).status_code == 200


def test_isp_home_page_links_to_the_cabinet(client):
    home = page(client.get("/isp/"))
    assert home.links()["Личный кабинет абонента"] == LOGIN_URL


def test_right_password_opens_the_cabinet(client):
    response = log_in(client, "dem001", DEM001.password)
    assert response.status_code == 303
    assert response.headers["Location"] == GENERAL_URL
    general = page(client.get(GENERAL_URL))
    assert general.heading() == "Общие"
    assert general.row_values("general")["Логин"] == "dem001"


def test_login_with_spaces_around_it_is_accepted(client):
    assert log_in(client, "  dem001 ", DEM001.password).status_code == 303


def test_wrong_password_shows_the_utm5_message_and_keeps_the_login(client, snapshot):
    before = snapshot()
    response = log_in(client, "dem001", "wrong-password")
    assert response.status_code == 401
    shown = page(response)
    assert shown.alerts() == [WRONG_CREDENTIALS]
    assert shown.input_value("login") == "dem001"
    assert shown.input_value("password") == ""
    assert client.get(GENERAL_URL).status_code == 302
    assert snapshot() == before


def test_unknown_login_gets_the_same_message_and_status_as_a_wrong_password(client, new_client, snapshot):
    before = snapshot()
    wrong_password = log_in(client, "dem001", "wrong-password")
    unknown_login = log_in(new_client(), "xyz999", "wrong-password")
    assert unknown_login.status_code == wrong_password.status_code == 401
    assert page(unknown_login).alerts() == page(wrong_password).alerts() == [WRONG_CREDENTIALS]
    assert snapshot() == before


def test_password_of_another_subscriber_does_not_open_this_one(client, snapshot):
    before = snapshot()
    response = log_in(client, "dem001", DEM002.password)
    assert page(response).alerts() == [WRONG_CREDENTIALS]
    assert snapshot() == before


def test_login_is_case_sensitive_about_the_password(client, snapshot):
    before = snapshot()
    response = log_in(client, "dem001", DEM001.password.swapcase())
    assert response.status_code == 401
    assert snapshot() == before


@pytest.mark.parametrize(("login", "password"), [("", ""), ("dem001", ""), ("", "x"), ("   ", "x")])
def test_empty_fields_ask_for_login_and_password(client, snapshot, login, password):
    before = snapshot()
    response = log_in(client, login, password)
    assert response.status_code == 400
    assert page(response).alerts() == ["Введите логин и пароль."]
    assert snapshot() == before


def test_five_failures_block_even_the_right_password(client, snapshot):
    for _ in range(5):
        assert log_in(client, "dem001", "wrong-password").status_code == 401
    before = snapshot()
    response = log_in(client, "dem001", DEM001.password)
    assert response.status_code == 429
    assert page(response).alerts()[0].startswith(THROTTLED)
    assert client.get(GENERAL_URL).status_code == 302
    assert snapshot() == before


def test_throttling_one_login_leaves_another_login_alone(client, new_client):
    for _ in range(6):
        log_in(client, "dem001", "wrong-password")
    assert log_in(new_client(), "dem002", DEM002.password).status_code == 303


def test_throttling_counts_a_login_whatever_its_letter_case(client):
    for _ in range(5):
        log_in(client, "DEM001", "wrong-password")
    assert log_in(client, "dem001", DEM001.password).status_code == 429


def test_throttling_is_the_same_for_a_login_that_does_not_exist(client):
    for _ in range(5):
        assert page(log_in(client, "xyz999", "wrong")).alerts() == [WRONG_CREDENTIALS]
    assert log_in(client, "xyz999", "wrong").status_code == 429


def test_a_successful_login_forgets_earlier_failures(client, new_client):
    for _ in range(4):
        log_in(client, "dem001", "wrong-password")
    assert log_in(client, "dem001", DEM001.password).status_code == 303
    other = new_client()
    for _ in range(4):
        log_in(other, "dem001", "wrong-password")
    assert log_in(other, "dem001", DEM001.password).status_code == 303


def test_passwords_are_stored_hashed_never_in_clear(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    db = open_database(path)
    demo.seed_demo(db, NOW, count=2)
    hashes = [row["password_hash"] for row in db.execute("SELECT password_hash FROM subscribers")]
    db.close()
    stored = b"".join(file.read_bytes() for file in tmp_path.iterdir())
    for person in DEMO.values():
        assert person.password.encode() not in stored
    for card in demo.demo_prepaid_cards():
        assert f"'{card.pin}'".encode() not in stored
    assert all(value.startswith("scrypt:") for value in hashes)
    assert len(set(hashes)) == len(hashes)  # salted


def test_login_next_takes_the_subscriber_where_they_were_going(client):
    redirected = client.get(REPORTS_URL)
    assert redirected.status_code == 302
    assert redirected.headers["Location"] == "/login?next=/cabinet/reports"
    login_page = client.get(redirected.headers["Location"])
    assert page(login_page).input_value("next") == REPORTS_URL
    response = log_in(client, "dem001", DEM001.password, next_url=REPORTS_URL, page_url="/login?next=/cabinet/reports")
    assert response.headers["Location"] == REPORTS_URL


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "http://evil.example",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "evil.example",
    ],
    ids=repr,
)
def test_login_next_never_leaves_the_site(client, next_url):
    response = log_in(client, "dem001", DEM001.password, next_url=next_url)
    assert response.status_code == 303
    assert response.headers["Location"] == GENERAL_URL


@pytest.mark.parametrize("next_url", ["//evil.example/", "https://evil.example/", "/\t/evil.example"], ids=repr)
def test_login_page_does_not_carry_an_off_site_next(client, next_url):
    login_page = client.get(LOGIN_URL, query_string={"next": next_url})
    assert login_page.status_code == 200
    assert page(login_page).input_value("next") is None


def test_login_page_shows_a_typed_script_as_text(client):
    response = log_in(client, "<script>alert(1)</script>", "x")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert page(response).input_value("login") == "<script>alert(1)</script>"


def test_overlong_credentials_are_refused_like_wrong_ones(client, snapshot):
    before = snapshot()
    response = log_in(client, "dem001" * 100, "p" * 10_000)
    assert response.status_code == 401
    assert page(response).alerts() == [WRONG_CREDENTIALS]
    assert snapshot() == before


def test_a_failed_login_keeps_where_the_subscriber_was_going(client):
    response = log_in(client, "dem001", "wrong-password", next_url=REPORTS_URL)
    assert page(response).input_value("next") == REPORTS_URL


def test_login_page_shows_a_crafted_next_as_text(client):
    crafted = '/cabinet/?a="><script>alert(1)</script>'
    login_page = client.get(LOGIN_URL, query_string={"next": crafted})
    assert "<script>alert(1)</script>" not in login_page.get_data(as_text=True)
    assert page(login_page).input_value("next") == crafted


def test_a_logged_in_subscriber_opening_the_login_page_goes_to_the_cabinet(logged_in):
    for address in (LOGIN_URL, "/"):
        response = logged_in.get(address)
        assert response.status_code == 302
        assert response.headers["Location"] == GENERAL_URL


def test_the_root_address_sends_a_visitor_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN_URL
