"""«Платежный документ»: a printable bank document for a valid amount, with the subscriber's account."""

import pytest
from cabinet_helpers import DEMO, DOCUMENT_URL, page

from chronopay_protocol.money import to_display

DEM001 = DEMO["dem001"]


def _document(browser, amount):
    return browser.get(DOCUMENT_URL, query_string={"amount": amount})


def test_document_tab_asks_for_the_amount(logged_in):
    shown = page(logged_in.get(DOCUMENT_URL))
    assert shown.label_for("amount") == "Сумма"
    assert "Сформировать документ" in shown.buttons()
    assert shown.root.find("article", cls="bank-document") is None


def test_document_shows_payer_account_and_amount_in_both_parts(logged_in, db):
    account = db.execute("SELECT account_id FROM subscribers WHERE login = 'dem001'").fetchone()[0]
    shown = page(_document(logged_in, "1000,5"))
    article = shown.root.one("article", cls="bank-document")
    parts = article.find_all("section", cls="bank-document-part")
    assert [part.find("h3").text for part in parts] == ["Извещение", "Квитанция"]
    for part in parts:
        values = {row.find("th").text: row.find("td").text for row in part.find_all("tr")}
        assert values["Плательщик"] == DEM001.full_name
        assert values["Адрес плательщика"] == DEM001.address
        assert values["Назначение платежа"] == f"Оплата услуг связи, лицевой счет {account}, без НДС"
        assert values["Сумма"] == f"{to_display(1000_50)} руб."
        assert values["Дата"] == "25.11.2026 17:35"


def test_document_keeps_the_typed_amount_in_the_field(logged_in):
    assert page(_document(logged_in, "1000,5")).input_value("amount") == "1000,5"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Введите сумму платежа."),
        ("0", "Сумма должна быть больше нуля."),
        ("-5", "Сумма должна быть больше нуля."),
        ("1e3", "Введите сумму числом, например 1000 или 1000,50."),
        ("NaN", "Введите сумму числом, например 1000 или 1000,50."),
        ("1000.001", "Укажите не более двух знаков после запятой (копейки)."),
        ("١٠٠٠", "Используйте только цифры 0–9."),
        ("99999999999999", "Максимальная сумма платежа — 15\u202f000,00 руб."),
    ],
    ids=repr,
)
def test_document_refuses_a_bad_amount_next_to_the_field(logged_in, snapshot, typed, message):
    before = snapshot()
    response = _document(logged_in, typed)
    assert response.status_code == 400
    shown = page(response)
    assert shown.field_error("amount") == message
    assert shown.root.find("article", cls="bank-document") is None
    assert snapshot() == before


def test_document_shows_a_typed_script_as_text(logged_in):
    response = _document(logged_in, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_document_needs_a_login(client):
    assert client.get(DOCUMENT_URL, query_string={"amount": "1000"}).status_code == 302
