"""The session cookie: its flags, a new session on every login, a logout that really ends it."""

from datetime import timedelta

from cabinet_helpers import DEMO, GENERAL_URL, LOGIN_URL, REPORTS_URL, log_in, page, submit

from mockkit.clock import stamp
from tests.support.known import NOW

COOKIE = "utm5_session"
DEM001 = DEMO["dem001"]


def _set_cookie_header(response) -> str:
    headers = [value for value in response.headers.getlist("Set-Cookie") if value.startswith(COOKIE + "=")]
    assert len(headers) == 1
    return headers[0]


def _cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def _log_out(client):
    return submit(client, GENERAL_URL, {}, action_url="/logout")


def test_session_cookie_is_http_only_and_same_site(client):
    header = _set_cookie_header(log_in(client, "dem001", DEM001.password))
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")}
    assert "httponly" in attributes
    assert attributes["samesite"].lower() in {"samesite=lax", "samesite=strict"}
    assert attributes["path"] == "Path=/"


def test_login_starts_a_new_session_cookie(client):
    client.get(LOGIN_URL)
    anonymous = _cookie(client)
    log_in(client, "dem001", DEM001.password)
    assert _cookie(client) != anonymous


def test_an_anonymous_cookie_fixed_before_login_does_not_become_logged_in(client, new_client):
    client.get(LOGIN_URL)
    planted = _cookie(client)  # what an attacker could have planted in the victim's browser
    log_in(client, "dem001", DEM001.password)
    attacker = new_client()
    attacker.set_cookie(COOKIE, planted)
    assert attacker.get(GENERAL_URL).status_code == 302


def test_logging_in_again_ends_the_previous_session(logged_in, new_client, db):
    first = _cookie(logged_in)
    token = page(logged_in.get(GENERAL_URL)).csrf_token()
    response = logged_in.post(LOGIN_URL, data={"login": "dem001", "password": DEM001.password, "csrf_token": token})
    assert response.status_code == 303
    assert _cookie(logged_in) != first
    replay = new_client()
    replay.set_cookie(COOKIE, first)
    assert replay.get(GENERAL_URL).status_code == 302
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1


def test_logout_goes_to_the_login_page(logged_in):
    response = _log_out(logged_in)
    assert response.status_code == 303
    assert response.headers["Location"] == LOGIN_URL
    after = logged_in.get(GENERAL_URL)
    assert after.status_code == 302
    assert after.headers["Location"].startswith(LOGIN_URL)


def test_logout_ends_the_session_on_the_server(logged_in, new_client, db):
    old_cookie = _cookie(logged_in)
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    _log_out(logged_in)
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    replay = new_client()
    replay.set_cookie(COOKIE, old_cookie)
    response = replay.get(REPORTS_URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN_URL)
    assert replay.get(response.headers["Location"]).status_code == 200


def test_logout_of_one_browser_leaves_another_browser_logged_in(logged_in, logged_in_as):
    other = logged_in_as("dem001")
    _log_out(logged_in)
    assert other.get(GENERAL_URL).status_code == 200


def test_a_session_expires_on_the_server_after_its_lifetime(make_app, database_path):
    morning = make_app(FROZEN_TIME=stamp(NOW), SESSION_LIFETIME_SECONDS=3600)
    browser = morning.test_client()
    log_in(browser, "dem001", DEM001.password)
    cookie = _cookie(browser)
    later = make_app(FROZEN_TIME=stamp(NOW + timedelta(hours=1, seconds=1)), SESSION_LIFETIME_SECONDS=3600)
    replay = later.test_client()
    replay.set_cookie(COOKIE, cookie)
    assert replay.get(GENERAL_URL).status_code == 302


def test_a_tampered_cookie_is_not_a_session(logged_in, new_client):
    value = _cookie(logged_in)
    forged = new_client()
    forged.set_cookie(COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert forged.get(GENERAL_URL).status_code == 302


def test_cabinet_pages_are_never_cached(logged_in):
    for address in (GENERAL_URL, REPORTS_URL, LOGIN_URL):
        assert logged_in.get(address).headers["Cache-Control"] == "no-store"


def test_pages_refuse_to_be_framed(client):
    response = client.get(LOGIN_URL)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
