"""The inbox page and the JSON API, through Flask's test client over a real Maildir."""

import re

import pytest
from mailbox_helpers import letter, send

from mock_mailbox.web import CONTENT_SECURITY_POLICY

SCRIPT_SUBJECT = 'Чек <script>alert("xss")</script>'
ODD_KEYS = [
    "..",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    ".hidden",
    "a%00b",
    "x" * 300,
    "%D0%BF%D0%B8%D1%81%D1%8C%D0%BC%D0%BE",  # «письмо»
    "new%5C..%5C..",
    "new",
    "1764093000.M1P2Q3.host",  # well-formed, not there
]


def html(response) -> str:
    return response.get_data(as_text=True)


def keys_in_page(page: str) -> list[str]:
    return re.findall(r'href="/messages/([^"/]+)"', page)


def test_the_empty_inbox(client):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    assert '<html lang="ru">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<h1>Почтовый ящик</h1>" in page
    assert "Писем: 0" in page
    assert "Писем пока нет" in page


def test_the_inbox_lists_newest_first_with_date_recipient_sender_and_a_link(smtp, inbox, client):
    send(smtp, letter("первое", to="Иван <ivan@example.com>"))
    send(smtp, letter("второе", to="olga@example.com"))
    page = html(client.get("/"))
    first, second = inbox.messages()
    assert keys_in_page(page) == [second.key, first.key]
    assert page.index(">второе</a>") < page.index(">первое</a>")
    assert "Писем: 2" in page
    assert "Иван &lt;ivan@example.com&gt;" in page
    assert "ChronoPay &lt;noreply@chronopay.test&gt;" in page
    assert "25.11.2026 20:35" in page  # Moscow time, as the ISP's pages write it


def test_the_inbox_filters_by_recipient(smtp, client):
    send(smtp, letter("для Ивана", to="ivan@example.com"))
    send(smtp, letter("тайно Ивану", to="olga@example.com"), to_addrs=["olga@example.com", "ivan@example.com"])
    send(smtp, letter("для Ольги", to="olga@example.com"))
    page = html(client.get("/?to=ivan@example.com"))
    assert "Писем: 2" in page
    assert "для Ольги" not in page
    assert "тайно Ивану" in page


def test_a_message_page_shows_headers_and_text(smtp, inbox, client):
    mail = letter("Чек об оплате", "Сумма: 1000.00 РУБ\nКарта: 411111******1111\n", to="payer@example.com")
    mail["Cc"] = "accounting@example.com"
    send(smtp, mail, to_addrs=["payer@example.com", "accounting@example.com", "hidden@example.com"])
    [message] = inbox.messages()
    response = client.get(f"/messages/{message.key}")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>Чек об оплате</h1>" in page
    assert '<pre class="body">Сумма: 1000.00 РУБ\nКарта: 411111******1111\n</pre>' in page
    assert "<dt>Копия</dt><dd>accounting@example.com</dd>" in page
    assert "payer@example.com, accounting@example.com, hidden@example.com" in page
    assert "25.11.2026 20:35:00" in page
    assert "X-Envelope-To: payer@example.com," in page  # the raw headers, under «Все заголовки»
    assert "<iframe" not in page  # no HTML part, no frame


def test_a_script_in_the_subject_and_body_is_shown_as_text(smtp, inbox, client):
    send(smtp, letter(SCRIPT_SUBJECT, "<script>alert(1)</script>\n", sender='"<img src=x onerror=alert(1)>" <a@b.c>'))
    [message] = inbox.messages()
    for page in (html(client.get("/")), html(client.get(f"/messages/{message.key}"))):
        assert "<script" not in page
        assert "<img" not in page
        assert "Чек &lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page


def test_mail_html_is_shown_only_in_a_sandboxed_srcdoc_frame(smtp, inbox, client):
    mail = letter(body="Сумма: 1000\n")
    mail.add_alternative('<p onclick="steal()">Сумма</p><script>alert(1)</script>', subtype="html")
    send(smtp, mail)
    [message] = inbox.messages()
    response = client.get(f"/messages/{message.key}")
    page = html(response)
    [frame] = re.findall(r"<iframe[^>]*>", page)
    assert re.search(r"\ssandbox[\s>]", frame)  # no allow-scripts, no allow-same-origin
    assert 'srcdoc="&lt;p onclick=&#34;steal()&#34;&gt;Сумма&lt;/p&gt;&lt;script&gt;' in frame
    assert "<script" not in page
    csp = response.headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in csp
    assert "script-src" not in csp  # falls back to 'none'
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_use_the_stylesheet_and_no_inline_style(smtp, inbox, client):
    send(smtp, letter())
    [message] = inbox.messages()
    for url in ("/", f"/messages/{message.key}", "/messages/unknown"):
        page = html(client.get(url))
        assert '<link rel="stylesheet" href="/static/mailbox.css">' in page
        assert "<style" not in page
        assert " style=" not in page
    css = client.get("/static/mailbox.css")
    assert css.status_code == 200
    assert "@media (max-width: 480px)" in html(css)


def test_the_raw_message_is_plain_text(smtp, inbox, client):
    send(smtp, letter(SCRIPT_SUBJECT))
    [message] = inbox.messages()
    response = client.get(f"/messages/{message.key}/raw")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data().startswith(b"Return-Path: <noreply@chronopay.test>\n")


@pytest.mark.parametrize("key", ODD_KEYS)
def test_unknown_and_traversal_keys_get_a_404_page(smtp, client, key):
    send(smtp, letter())
    for url in (f"/messages/{key}", f"/messages/{key}/raw"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Такого письма нет" in html(response) or "Страница не найдена" in html(response)
        assert '<html lang="ru">' in html(response)


@pytest.mark.parametrize("key", ODD_KEYS)
def test_unknown_and_traversal_keys_get_a_404_from_the_api(smtp, client, key):
    send(smtp, letter())
    response = client.get(f"/api/messages/{key}")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]


def test_api_lists_oldest_first_and_filters_by_recipient(smtp, inbox, client):
    send(smtp, letter("для Ивана", "текст 1\n", to="Иван <ivan@example.com>"))
    send(
        smtp, letter("для Ольги", "текст 2\n", to="olga@example.com"), to_addrs=["olga@example.com", "bcc@example.com"]
    )
    everything = client.get("/api/messages").get_json()
    assert [item["subject"] for item in everything] == ["для Ивана", "для Ольги"]
    first = everything[0]
    assert first["key"] == inbox.messages()[0].key
    assert first["to"] == "Иван <ivan@example.com>"
    assert first["from"] == "ChronoPay <noreply@chronopay.test>"
    assert first["envelope_to"] == ["ivan@example.com"]
    assert first["date"] == "2026-11-25T20:35:00+03:00"
    assert first["text"] == "текст 1\n"
    assert "html" not in first  # the list stays light; the single message has everything
    assert [item["subject"] for item in client.get("/api/messages?to=bcc@example.com").get_json()] == ["для Ольги"]
    assert client.get("/api/messages?to=nobody@example.com").get_json() == []


def test_api_gives_one_message_in_full(smtp, inbox, client):
    mail = letter("Чек", "текст\n")
    mail.add_alternative("<p>текст</p>", subtype="html")
    send(smtp, mail)
    [message] = inbox.messages()
    response = client.get(f"/api/messages/{message.key}")
    assert response.status_code == 200
    found = response.get_json()
    assert found["subject"] == "Чек"
    assert found["text"] == "текст\n"
    assert found["html"].strip() == "<p>текст</p>"
    assert ["X-Envelope-To", "payer@example.com"] in found["headers"]
    assert "Чек".encode() in response.get_data()  # Cyrillic is not \u-escaped


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_delete_from_loopback_clears_the_mailbox(smtp, inbox, client, address):
    send(smtp, letter())
    send(smtp, letter())
    response = client.delete("/api/messages", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200
    assert response.get_json() == {"deleted": 2}
    assert inbox.count() == 0
    assert client.get("/api/messages").get_json() == []


@pytest.mark.parametrize("address", ["10.0.0.7", "192.168.1.20", "2001:db8::1", "not-an-address"])
def test_delete_from_elsewhere_is_refused(smtp, inbox, client, address):
    send(smtp, letter())
    response = client.delete("/api/messages", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 403
    assert "только с этого же компьютера" in response.get_json()["error"]
    assert inbox.count() == 1


def test_wrong_methods_and_pages_get_russian_pages_not_500s(client):
    assert client.post("/").status_code == 405
    assert "Ошибка 405" in html(client.post("/"))
    assert client.get("/nothing-here").status_code == 404
    assert "Страница не найдена" in html(client.get("/nothing-here"))
    assert client.delete("/api/messages/x").status_code == 405
