"""«Авторегистрация пользователя»: a new subscriber dem### with a password shown once."""

import pytest
from cabinet_helpers import GENERAL_URL, log_in, page, submit

from mock_cabinet import accounts, demo

REGISTER_URL = "/register"
VALID = {
    "full_name": "Сидорова Анна Петровна",
    "address": "г. Москва, ул. Садовая, д. 5, кв. 12",
    "phone": "+7 495 123-45-67",
    "email": "anna@example.com",
    "tariff_id": "2",
}


def _register(browser, **changes):
    """Send the form; a registration redirects (after POST) to the page that shows the password once."""
    response = submit(browser, REGISTER_URL, {**VALID, **changes})
    if response.status_code == 303:
        assert response.location.endswith("/register/done")
        return browser.get(response.location)
    return response


def _credentials(response) -> tuple[str, str]:
    values = page(response).row_values("credentials")
    return values["Логин"], values["Пароль"]


def test_registration_page_has_its_fields(client):
    shown = page(client.get(REGISTER_URL))
    assert shown.heading() == "Авторегистрация пользователя"
    assert shown.labels() == ["ФИО", "Адрес подключения", "Телефон", "E-mail (необязательно)", "Тариф"]
    options = [option.text for option in shown.root.one("select", id="tariff_id").find_all("option")]
    assert [option.split(" — ")[0] for option in options] == [name for name, _fee, _speed in demo.TARIFFS]
    assert shown.form_action("Зарегистрироваться") == REGISTER_URL


def test_registration_creates_the_next_dem_login_with_a_password(client, db):
    response = _register(client)
    assert response.status_code == 200
    shown = page(response)
    assert shown.heading() == "Регистрация завершена"
    login, password = _credentials(response)
    assert login == "dem003"  # dem001 and dem002 are the demo subscribers
    assert len(password) == 10
    assert set(password) <= set(accounts.PASSWORD_ALPHABET)
    row = db.execute("SELECT * FROM subscribers WHERE login = ?", (login,)).fetchone()
    assert (row["full_name"], row["address"], row["phone"], row["email"]) == (
        VALID["full_name"],
        VALID["address"],
        VALID["phone"],
        VALID["email"],
    )
    assert shown.row_values("credentials")["Лицевой счет"] == str(row["account_id"])


def test_registered_login_and_password_open_the_cabinet(client, new_client):
    login, password = _credentials(_register(client))
    browser = new_client()
    assert log_in(browser, login, password).status_code == 303
    values = page(browser.get(GENERAL_URL)).row_values("general")
    assert values["Логин"] == login
    assert values["ФИО"] == VALID["full_name"]
    assert values["Баланс"] == "0,00 руб."
    assert values["Состояние интернета"] == "Выключен"


def test_registered_password_is_stored_hashed(client, db, database_path):
    _login, password = _credentials(_register(client))
    stored = b"".join(path.read_bytes() for path in database_path.parent.glob("cabinet.sqlite3*"))
    assert password.encode() not in stored
    stored_hash = db.execute("SELECT password_hash FROM subscribers WHERE login = 'dem003'").fetchone()[0]
    assert stored_hash.startswith("scrypt:")


def test_password_is_shown_once_and_never_cached(client):
    response = _register(client)
    _login, password = _credentials(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert password not in client.get(REGISTER_URL).get_data(as_text=True)


def test_each_registration_gets_its_own_login_and_password(client):
    first, second = _credentials(_register(client)), _credentials(_register(client))
    assert (first[0], second[0]) == ("dem003", "dem004")
    assert first[1] != second[1]


def test_email_is_optional(client):
    assert _register(client, email="").status_code == 200


BAD_FIELDS = [
    ("full_name", "", "Укажите фамилию, имя и отчество буквами (от 3 до 100 знаков)."),
    ("full_name", "Ив", "Укажите фамилию, имя и отчество буквами (от 3 до 100 знаков)."),
    ("full_name", "12345", "Укажите фамилию, имя и отчество буквами (от 3 до 100 знаков)."),
    ("full_name", "<script>alert(1)</script>", "Укажите фамилию, имя и отчество буквами (от 3 до 100 знаков)."),
    ("address", "", "Укажите адрес подключения (от 5 до 200 знаков)."),
    ("address", "д.1", "Укажите адрес подключения (от 5 до 200 знаков)."),
    ("address", "x" * 201, "Укажите адрес подключения (от 5 до 200 знаков)."),
    ("phone", "", "Укажите телефон цифрами, например +7 495 123-45-67."),
    ("phone", "позвоните", "Укажите телефон цифрами, например +7 495 123-45-67."),
    ("phone", "<script>alert(1)</script>", "Укажите телефон цифрами, например +7 495 123-45-67."),
    ("email", "anna@", "Адрес e-mail указан неверно."),
    ("email", "<script>alert(1)</script>@example.com", "Адрес e-mail указан неверно."),
    ("tariff_id", "999", "Выберите тариф из списка."),
    ("tariff_id", "", "Выберите тариф из списка."),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_FIELDS, ids=[f"{n}={v[:12]!r}" for n, v, _ in BAD_FIELDS])
def test_invalid_field_is_explained_next_to_it_and_nothing_is_created(client, snapshot, name, value, message):
    before = snapshot()
    response = _register(client, **{name: value})
    assert response.status_code == 400
    shown = page(response)
    assert shown.field_errors() == {name: message}
    assert shown.field_error(name) == message
    assert snapshot() == before


def test_validation_errors_keep_everything_typed(client):
    typed = {**VALID, "phone": "позвоните", "tariff_id": "3"}
    shown = page(_register(client, **typed))
    for name in ("full_name", "address", "phone", "email"):
        assert shown.input_value(name) == typed[name]
    assert shown.root.one("option", selected="").attrs["value"] == "3"


def test_scripts_typed_into_the_form_are_shown_as_text(client):
    script = "<script>alert(1)</script>"
    response = _register(client, full_name=script, address=f"ул. {script}", phone="x", email=f"{script}@x")
    html = response.get_data(as_text=True)
    assert script not in html
    shown = page(response)
    assert shown.input_value("full_name") == script
    assert shown.input_value("address") == f"ул. {script}"


def test_a_script_in_an_accepted_address_is_shown_as_text_later(client, new_client):
    script = "<script>alert(1)</script>"
    login, password = _credentials(_register(client, address=f"ул. Садовая, {script}"))
    browser = new_client()
    log_in(browser, login, password)
    document = browser.get("/cabinet/payments/document", query_string={"amount": "1000"}).get_data(as_text=True)
    assert script not in document
    assert "&lt;script&gt;" in document


def test_registrations_from_one_address_are_throttled(make_app, snapshot):
    browser = make_app(REGISTRATION_THROTTLE="2 per hour").test_client()
    assert _register(browser).status_code == 200
    assert _register(browser).status_code == 200
    before = snapshot()
    response = _register(browser)
    assert response.status_code == 429
    assert page(response).alerts() == ["Слишком много регистраций с вашего адреса. Попробуйте позже."]
    assert page(response).input_value("full_name") == VALID["full_name"]
    assert snapshot() == before


def test_registration_after_dem999_takes_the_first_free_number(client, add_subscriber):
    add_subscriber("dem999")
    login, _password = _credentials(_register(client))
    assert login == "dem003"


def test_registration_when_no_dem_login_is_left_says_so_in_russian(client, db, snapshot):
    template = dict(db.execute("SELECT * FROM subscribers WHERE login = 'dem001'").fetchone())
    columns = [name for name in template if name not in ("id", "login", "account_id")]
    rows = [(f"dem{number:03d}", 5000 + number, *(template[name] for name in columns)) for number in range(3, 1000)]
    db.executemany(
        f"INSERT INTO subscribers (login, account_id, {', '.join(columns)})"
        f" VALUES (?, ?, {', '.join('?' * len(columns))})",
        rows,
    )
    before = snapshot()
    response = _register(client)
    assert response.status_code == 503
    assert page(response).alerts() == ["Регистрация временно недоступна: свободных логинов нет."]
    assert snapshot() == before


def test_registered_subscriber_has_the_next_account_number(client, db):
    _register(client)
    accounts_by_login = dict(db.execute("SELECT login, account_id FROM subscribers").fetchall())
    assert accounts_by_login["dem003"] == max(accounts_by_login["dem001"], accounts_by_login["dem002"]) + 1


def test_reloading_the_result_shows_the_password_no_more_and_registers_nobody(client, snapshot):
    first = _register(client)
    login, password = _credentials(first)
    before = snapshot()
    again = client.get("/register/done")
    assert again.status_code == 200
    assert password not in again.text and login not in again.text
    assert "уже были показаны" in again.text
    assert snapshot() == before
