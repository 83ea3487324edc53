"""No open redirect: the gateway sends the payer only to the merchant's registered site, and the
cabinet's login `next` only to a page of the cabinet, whatever the request carries.

Every target is judged by where a browser would go (browser_url.origin_of), not by our parsers.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_chronopay.intake import RequestRefused
from tests.support.cards import card_form
from tests.support.html import Page
from tests.support.payment_request import read_at_gateway

from .attack import (
    ALICE,
    CABINET_URL,
    cabinet_state,
    gateway_state,
    open_attempt,
    signed_request,
)
from .browser_url import origin_of, same_site

pytestmark = pytest.mark.timeout(120)

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "http://cabinet.test.evil.example/",
    "http://cabinet.test@evil.example/",
    "http://cabinet.test:80@evil.example/",
    "http://cabinet.test%2F@evil.example/",
    "http://evil.example/?http://cabinet.test/",
    "http://evil.example#http://cabinet.test/",
    "http://evil.example\\@cabinet.test/",
    "https://cabinet.test/",  # another scheme is another site
    "http://cabinet.test:8080/",  # and another port
    "javascript:alert(document.cookie)//http://cabinet.test/",
    "data:text/html,<script>alert(1)</script>",
    " http://evil.example/",
]
# What a browser reads past the registered prefix: tricky, but still the merchant's own site.
ON_SITE = [
    "http://cabinet.test/@evil.example/",
    "http://cabinet.test/\\evil.example/",
    "http://cabinet.test/%2F%2Fevil.example/",
    "http://cabinet.test/?next=http://evil.example/",
    "http://cabinet.test/#@evil.example",
]
URL_FIELDS = ("success_url", "decline_url", "cb_url")


def test_the_oracle_knows_on_site_from_off_site():
    assert all(not same_site(url, CABINET_URL) for url in OFF_SITE)
    assert all(same_site(url, CABINET_URL) for url in ON_SITE)


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize("url", OFF_SITE)
def test_the_gateway_refuses_an_address_off_the_merchants_site(gateway, gateway_db, field, url):
    before = gateway_state(gateway_db)
    response = gateway.test_client().get("/", query_string=signed_request(**{field: url}))
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert url not in response.get_data(as_text=True)
    assert gateway_state(gateway_db) == before


@pytest.mark.parametrize("prefix", ["http://cabinet.test", "http://cabinet.test/"])
@pytest.mark.parametrize("url", [url for url in OFF_SITE if url.startswith("http://cabinet.test")] + OFF_SITE[:2])
def test_a_prefix_registered_without_its_slash_does_not_open_other_sites(prefix, url):
    """`--merchant-url http://cabinet.test` is an easy thing to type; it must not admit cabinet.test.evil.example."""
    with pytest.raises(RequestRefused) as refused:
        read_at_gateway(signed_request(success_url=url), prefix)
    assert (refused.value.code, refused.value.field) == ("bad_url", "success_url")


_TRICKY_TAILS = st.sampled_from(
    ["", "/", "//", "\\", "@", ".", ":", ":80", "%2F", "?", "#", "evil.example", "@evil.example", ".evil.example"]
)
_ANY_URL = st.one_of(
    st.builds(lambda head, tail, rest: head + tail + rest, st.just("http://cabinet.test"), _TRICKY_TAILS, st.text()),
    st.builds(lambda tail, rest: "http://cabinet.test/" + tail + rest, _TRICKY_TAILS, st.text()),
    st.text(),
)


@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(["http://cabinet.test", "http://cabinet.test/"]), url=_ANY_URL)
def test_every_address_the_gateway_accepts_is_on_the_registered_site(prefix, url):
    try:
        request = read_at_gateway(signed_request(success_url=url, decline_url=url, cb_url=url), prefix)
    except RequestRefused:
        return
    for accepted in (request.success_url, request.decline_url, request.cb_url):
        assert origin_of(accepted) == ("http", "cabinet.test", 80), accepted


def test_after_paying_the_browser_goes_to_the_registered_success_url_only(gateway, gateway_db):
    client = gateway.test_client()
    request = signed_request(order_id="77")
    token = open_attempt(client, request)
    assert client.post(f"/pay/{token}", data=card_form()).status_code == 303
    back = client.get(f"/pay/{token}")
    assert back.status_code == 303
    assert back.headers["Location"] == request["success_url"]
    # The attempt's address is the only way back, and it ignores anything a replay adds to it.
    for extra in ({"success_url": "https://evil.example/"}, {"next": "https://evil.example/"}):
        again = client.get(f"/pay/{token}", query_string=extra)
        assert again.headers["Location"] == request["success_url"]
    replayed = client.get("/", query_string={**request, "success_url": "https://evil.example/"})
    assert replayed.status_code == 400


def test_a_declined_payment_links_back_only_to_the_registered_decline_url(gateway):
    client = gateway.test_client()
    request = signed_request(order_id="78")
    token = open_attempt(client, request)
    client.post(f"/pay/{token}", data=card_form("4000 0000 0000 0002"))
    page = client.get(f"/pay/{token}").get_data(as_text=True)
    assert f'href="{request["decline_url"]}"' in page
    assert "evil" not in page


# The cabinet's `next` ------------------------------------------------------------------------

NEXT_ATTEMPTS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    " //evil.example/",
    "\x00//evil.example/",
    "/%09/evil.example/",
    "javascript:alert(1)",
    "http:evil.example",
    "https:/evil.example",
    "///evil.example/",
    "/.//evil.example/",
]


def _log_in_with_next(browser, next_url: str, password: str = ALICE.password):
    token = Page.of(browser.get("/login")).csrf_token()
    form = {"login": ALICE.login, "password": password, "next": next_url, "csrf_token": token}
    return browser.post("/login", data=form)


@pytest.mark.parametrize("next_url", NEXT_ATTEMPTS, ids=repr)
def test_the_login_never_sends_the_subscriber_off_site(cabinet, next_url):
    response = _log_in_with_next(cabinet.test_client(), next_url)
    assert response.status_code == 303
    assert same_site(response.headers["Location"], "http://localhost/login"), response.headers["Location"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    next_url=st.one_of(
        st.text(),
        st.builds(
            lambda a, b: a + b, st.sampled_from(["/", "//", "/\\", "\\", " /", "\t/", "http:", "/%2F"]), st.text()
        ),
    )
)
def test_whatever_next_says_the_login_lands_on_the_cabinet(cabinet, next_url):
    browser = cabinet.test_client()
    response = _log_in_with_next(browser, next_url)
    assert response.status_code == 303
    assert same_site(response.headers["Location"], "http://localhost/login"), response.headers["Location"]


def test_a_failed_login_with_an_off_site_next_changes_nothing(cabinet, cabinet_db):
    before = cabinet_state(cabinet_db)
    response = _log_in_with_next(cabinet.test_client(), "//evil.example/", password="wrong")
    assert response.status_code == 401
    assert "evil.example" not in response.get_data(as_text=True)
    assert cabinet_state(cabinet_db) == before
