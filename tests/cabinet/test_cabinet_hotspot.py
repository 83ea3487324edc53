"""«Вход (hotspot)»: opening the Internet on a device by login and password."""

from cabinet_helpers import DEMO, GENERAL_URL, WRONG_CREDENTIALS, log_in, page, submit

from chronopay_protocol.money import to_display
from mock_cabinet import demo

DEM001 = DEMO["dem001"]
HOTSPOT_URL = "/hotspot"


def _connect(browser, login, password):
    return submit(browser, HOTSPOT_URL, {"login": login, "password": password})


def test_hotspot_page_has_its_form_and_the_entry_sidebar(client):
    shown = page(client.get(HOTSPOT_URL))
    assert shown.heading() == "Вход (hotspot)"
    assert shown.label_for("login") == "Логин"
    assert shown.label_for("password") == "Пароль"
    assert shown.form_action("Подключиться") == HOTSPOT_URL
    assert shown.sidebar()[1] == ["Вход (hotspot)", "Авторегистрация пользователя", "Вход в личный кабинет"]


def test_hotspot_login_opens_the_internet(client):
    response = _connect(client, "dem001", DEM001.password)
    assert response.status_code == 303
    assert response.headers["Location"] == HOTSPOT_URL
    shown = page(client.get(HOTSPOT_URL))
    assert shown.heading() == "Доступ в Интернет открыт"
    assert "Вы подключены как dem001." in shown.notices()
    name, _fee, speed = demo.TARIFFS[DEM001.tariff]
    assert shown.row_values() == {"Тариф": f"{name} ({speed} Мбит/с)", "Баланс": f"{to_display(DEM001.balance)} руб."}


def test_hotspot_wrong_password_shows_the_utm5_message(client, snapshot):
    before = snapshot()
    response = _connect(client, "dem001", "wrong-password")
    assert response.status_code == 401
    assert page(response).alerts() == [WRONG_CREDENTIALS]
    assert page(response).input_value("login") == "dem001"
    assert page(client.get(HOTSPOT_URL)).heading() == "Вход (hotspot)"
    assert snapshot() == before


def test_hotspot_unknown_login_gets_the_same_message(client, snapshot):
    before = snapshot()
    response = _connect(client, "xyz999", "wrong-password")
    assert response.status_code == 401
    assert page(response).alerts() == [WRONG_CREDENTIALS]
    assert snapshot() == before


def test_hotspot_empty_fields_ask_for_login_and_password(client, snapshot):
    before = snapshot()
    response = _connect(client, "", "")
    assert response.status_code == 400
    assert page(response).alerts() == ["Введите логин и пароль."]
    assert snapshot() == before


def test_hotspot_session_does_not_open_the_cabinet(client):
    _connect(client, "dem001", DEM001.password)
    assert client.get(GENERAL_URL).status_code == 302


def test_hotspot_disconnect_ends_the_hotspot_session(client, db):
    _connect(client, "dem001", DEM001.password)
    response = submit(client, HOTSPOT_URL, {}, action_url="/hotspot/logout")
    assert response.status_code == 303
    assert page(client.get(HOTSPOT_URL)).heading() == "Вход (hotspot)"
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE kind = 'hotspot'").fetchone()[0] == 0


def test_logging_into_the_cabinet_keeps_the_hotspot_connection(client):
    _connect(client, "dem001", DEM001.password)
    log_in(client, "dem001", DEM001.password)
    assert page(client.get(HOTSPOT_URL)).heading() == "Доступ в Интернет открыт"


def test_hotspot_failures_count_towards_the_login_throttle(client, new_client, snapshot):
    for _ in range(5):
        _connect(client, "dem001", "wrong-password")
    before = snapshot()
    assert _connect(client, "dem001", DEM001.password).status_code == 429
    assert log_in(new_client(), "dem001", DEM001.password).status_code == 429
    assert snapshot() == before
