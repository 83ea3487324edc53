"""Every text the gateway shows or mails, in Russian and English (`language=ru|en`)."""

import gettext
from functools import cache

import pycountry

LANGUAGES = ("ru", "en")

TEXTS = {
    "ru": {
        "page_title": "CHRONOPAY СТРАНИЦА ОПЛАТЫ",
        "provider_line": "сервис обеспечивает компания CHRONOPAY провайдер онлайн платежей",
        "purpose": "Назначение платежа",
        "description": "Описание заказа",
        "amount": "Сумма",
        "currency_RUB": "РУБ",
        "currency_USD": "USD",
        "currency_EUR": "EUR",
        "pay_until": "Оплатите до {deadline} (московское время).",
        "about_you": "ВВЕДИТЕ ИНФОРМАЦИЮ О СЕБЕ",
        "email": "E-mail",
        "country": "Страна",
        "card_section": "ВВЕДИТЕ ДАННЫЕ КАРТЫ",
        "your_card": "Ваша карта",
        "accepted_cards": "К оплате принимаются карты:",
        "card_number": "Номер банковской карты",
        "expiry": "Срок действия",
        "expiry_hint": "ММ/ГГ",
        "holder": "Имя",
        "holder_hint": "Как на карте, латинскими буквами",
        "cvv": "CVV2/CVC2",
        "cvv_hint": "Три цифры на обороте карты",
        "warning": "Пожалуйста, не закрывайте и не обновляйте это окно до завершения полного процесса "
        "(обычно это занимает не более трех минут).",
        "pay": "Оплатить",
        "required": "обязательное поле",
        "fix_errors": "Проверьте поля, отмеченные красным.",
        "processing_title": "Платеж обрабатывается",
        "processing_text": "Банк проверяет платеж. Страница откроет результат сама.",
        "check_status": "Проверить результат",
        "threeds_title": "Подтверждение платежа (3-D Secure)",
        "threeds_text": "Банк-эмитент отправил код подтверждения. Введите его, чтобы завершить оплату.",
        "threeds_code": "Код подтверждения",
        "threeds_submit": "Подтвердить",
        "declined_title": "Платеж отклонен",
        "failed_title": "Ошибка обработки платежа",
        "not_charged": "Деньги с карты не списаны.",
        "back_to_merchant": "Вернуться на сайт магазина",
        "already_paid_title": "Заказ уже оплачен",
        "already_paid_text": "Этот заказ уже оплачен. Повторная оплата не требуется.",
        "approved_title": "Платеж выполнен",
        "error_title": "Запрос на оплату не принят",
        "error_text": "Магазин передал неверный запрос на оплату. Вернитесь на сайт магазина и попробуйте снова.",
        "transaction": "Номер транзакции",
        "card": "Карта",
        "result": "Результат",
        "date": "Дата",
        "merchant": "Магазин",
        "result_approved": "Платеж успешно выполнен",
        "result_declined": "Платеж отклонен",
        "result_failed": "Ошибка обработки платежа, деньги не списаны",
        "result_refunded": "Платеж возвращен на карту",
        "mail_subject": "ChronoPay: {result}, {amount} {currency}",
        "mail_greeting": "Здравствуйте!",
        "mail_footer": "Это письмо отправлено автоматически, отвечать на него не нужно.",
    },
    "en": {
        "page_title": "CHRONOPAY PAYMENT PAGE",
        "provider_line": "service provided by CHRONOPAY, online payment provider",
        "purpose": "Payment purpose",
        "description": "Order description",
        "amount": "Amount",
        "currency_RUB": "RUB",
        "currency_USD": "USD",
        "currency_EUR": "EUR",
        "pay_until": "Please pay by {deadline} (Moscow time).",
        "about_you": "ENTER YOUR INFORMATION",
        "email": "E-mail",
        "country": "Country",
        "card_section": "ENTER YOUR CARD DETAILS",
        "your_card": "Your card",
        "accepted_cards": "We accept:",
        "card_number": "Card number",
        "expiry": "Expiry date",
        "expiry_hint": "MM/YY",
        "holder": "Name",
        "holder_hint": "As on the card, in Latin letters",
        "cvv": "CVV2/CVC2",
        "cvv_hint": "Three digits on the back of the card",
        "warning": "Please do not close or refresh this window until the whole process is complete "
        "(it usually takes no more than three minutes).",
        "pay": "Pay",
        "required": "required",
        "fix_errors": "Please check the fields marked in red.",
        "processing_title": "Processing your payment",
        "processing_text": "The bank is checking the payment. This page will show the result by itself.",
        "check_status": "Check the result",
        "threeds_title": "Payment confirmation (3-D Secure)",
        "threeds_text": "Your bank has sent a confirmation code. Enter it to complete the payment.",
        "threeds_code": "Confirmation code",
        "threeds_submit": "Confirm",
        "declined_title": "Payment declined",
        "failed_title": "Payment processing error",
        "not_charged": "Your card has not been charged.",
        "back_to_merchant": "Return to the merchant's site",
        "already_paid_title": "Order already paid",
        "already_paid_text": "This order has already been paid. No second payment is needed.",
        "approved_title": "Payment completed",
        "error_title": "Payment request refused",
        "error_text": "The merchant sent an invalid payment request. Go back to the merchant's site and try again.",
        "transaction": "Transaction number",
        "card": "Card",
        "result": "Result",
        "date": "Date",
        "merchant": "Merchant",
        "result_approved": "Payment completed successfully",
        "result_declined": "Payment declined",
        "result_failed": "Payment processing error, nothing was charged",
        "result_refunded": "Payment refunded to the card",
        "mail_subject": "ChronoPay: {result}, {amount} {currency}",
        "mail_greeting": "Hello,",
        "mail_footer": "This message was sent automatically; please do not reply.",
    },
}

# Why a card form was refused, per field.
FIELD_ERRORS = {
    "ru": {
        "email_missing": "Укажите адрес e-mail: на него придет письмо с результатом платежа.",
        "email_invalid": "Адрес e-mail указан неверно.",
        "country_invalid": "Выберите страну из списка.",
        "number_missing": "Введите номер банковской карты.",
        "number_invalid": "Номер карты введен с ошибкой: проверьте цифры.",
        "number_brand": "К оплате принимаются только карты VISA и MasterCard.",
        "expiry_invalid": "Укажите срок действия карты в виде ММ/ГГ.",
        "expiry_past": "Срок действия карты истек.",
        "holder_invalid": "Укажите имя владельца латинскими буквами, как на карте.",
        "cvv_invalid": "Введите три цифры кода CVV2/CVC2 с оборота карты.",
        "code_invalid": "Введите код из сообщения банка.",
    },
    "en": {
        "email_missing": "Enter your e-mail address: the payment result will be sent there.",
        "email_invalid": "The e-mail address is not valid.",
        "country_invalid": "Choose a country from the list.",
        "number_missing": "Enter the card number.",
        "number_invalid": "The card number is mistyped: please check the digits.",
        "number_brand": "Only VISA and MasterCard cards are accepted.",
        "expiry_invalid": "Enter the expiry date as MM/YY.",
        "expiry_past": "The card has expired.",
        "holder_invalid": "Enter the cardholder's name in Latin letters, as on the card.",
        "cvv_invalid": "Enter the three digits of the CVV2/CVC2 code from the back of the card.",
        "code_invalid": "Enter the code from your bank's message.",
    },
}

# Why the bank said no (cards.Outcome.reason).
REASONS = {
    "ru": {
        "bank_declined": "Банк-эмитент отклонил платеж.",
        "insufficient_funds": "Недостаточно средств на карте.",
        "expired_card": "Банк сообщил, что срок действия карты истек.",
        "processing_error": "Ошибка обработки платежа. Деньги не списаны, попробуйте позже.",
        "not_test_card": "Карта отклонена: это не тестовая карта.",
        "threeds_failed": "Платеж не подтвержден: неверный код 3-D Secure.",
        "already_paid": "Этот заказ уже оплачен другим платежом: повторного списания не было.",
        "expired": "Время на оплату заказа истекло.",
    },
    "en": {
        "bank_declined": "The issuing bank declined the payment.",
        "insufficient_funds": "Insufficient funds on the card.",
        "expired_card": "The bank reports that the card has expired.",
        "processing_error": "Payment processing error. Nothing was charged; please try later.",
        "not_test_card": "Card declined: this is not a test card.",
        "threeds_failed": "Payment not confirmed: wrong 3-D Secure code.",
        "already_paid": "This order was already paid by another payment: nothing was charged again.",
        "expired": "The time to pay for this order is over.",
    },
}

# Why a merchant's request was refused (the error page names the problem).
REQUEST_ERRORS = {
    "ru": {
        "missing": "В запросе нет обязательного поля: {field}.",
        "missing_url": "В запросе нет адреса {field}, и для продукта он не зарегистрирован.",
        "too_long": "Поле {field} слишком длинное.",
        "bad_chars": "Поле {field} содержит недопустимые управляющие символы.",
        "unknown_product": "Неизвестный продукт: {field}.",
        "bad_price": "Неверная сумма: {field} (нужно число, до двух знаков после точки: 1000, 1000.5 или 1000.00).",
        "zero_price": "Сумма платежа должна быть больше нуля.",
        "bad_currency": "Неподдерживаемая валюта: {field}.",
        "bad_sign": "Неверная подпись запроса (sign).",
        "bad_url": "Адрес {field} не зарегистрирован для этого магазина.",
        "order_required": "Для этого продукта включена уникальность заказа: в запросе нет order_id.",
        "two_expiries": "Укажите срок оплаты одним полем: orderTimelimit или orderExpiretime.",
        "bad_timelimit": "Неверный срок оплаты orderTimelimit: {field} (нужно число минут, например 30).",
        "bad_expiretime": "Неверный срок оплаты orderExpiretime: {field} (нужно, например, 2026-11-25T12:30:00+0300).",
        "expired": "Время на оплату заказа истекло.",
    },
    "en": {
        "missing": "The request lacks a required field: {field}.",
        "missing_url": "The request has no {field}, and the product has none registered.",
        "too_long": "The field {field} is too long.",
        "bad_chars": "The field {field} contains control characters.",
        "unknown_product": "Unknown product: {field}.",
        "bad_price": "Invalid amount: {field} (a number with up to two decimals is expected: 1000, 1000.5 or 1000.00).",
        "zero_price": "The payment amount must be greater than zero.",
        "bad_currency": "Unsupported currency: {field}.",
        "bad_sign": "Invalid request signature (sign).",
        "bad_url": "The address {field} is not registered for this merchant.",
        "order_required": "Order uniqueness is on for this product: the request has no order_id.",
        "two_expiries": "Give the payment deadline in one field: orderTimelimit or orderExpiretime.",
        "bad_timelimit": "Invalid orderTimelimit: {field} (a number of minutes is expected, e.g. 30).",
        "bad_expiretime": "Invalid orderExpiretime: {field} (e.g. 2026-11-25T12:30:00+0300 is expected).",
        "expired": "The time to pay for this order is over.",
    },
}

_PREFERRED_NAMES = {"ru": {"RUS": "Россия"}, "en": {"RUS": "Russia"}}


def language_of(requested: str | None) -> str:
    return requested if requested in LANGUAGES else "ru"


@cache
def countries(language: str) -> tuple[tuple[str, str], ...]:
    """(ISO-3, name) for every country, Russia first, the rest sorted by name in `language`."""
    translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    named = {}
    for country in pycountry.countries:
        # Catalogues are keyed by the official name; English reads better with the common one.
        official = translate.gettext(country.name)
        common = getattr(country, "common_name", None) if language == "en" else None
        named[country.alpha_3] = _PREFERRED_NAMES[language].get(country.alpha_3) or common or official
    russia = ("RUS", named.pop("RUS"))
    return (russia, *sorted(named.items(), key=lambda item: item[1].casefold()))


def country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries("ru"))
