"""The e-mail with the payment's result (step 8), built so nothing in it can become a header."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from chronopay_protocol import money
from mockkit.clock import local_text

from .i18n import REASONS, TEXTS


def receipt(
    attempt, *, result: str, merchant_name: str, mail_from: str, transaction_id: str | None, now
) -> EmailMessage:
    """The receipt for `attempt` (a row of attempts); `result` is approved, declined, failed or refunded."""
    text = TEXTS[attempt["language"]]
    amount = money.to_protocol(attempt["amount"])
    result_text = text[f"result_{result}"]
    lines = [
        text["mail_greeting"],
        "",
        f"{text['result']}: {result_text}",
    ]
    if attempt["reason"] and result in ("declined", "failed"):
        lines.append(REASONS[attempt["language"]][attempt["reason"]])
    lines += [
        "",
        f"{text['merchant']}: {merchant_name}",
        f"{text['purpose']}: {attempt['product_name']}",
        f"{text['amount']}: {amount} {attempt['currency']}",
        f"{text['date']}: {local_text(now, with_seconds=True)}",
        f"{text['transaction']}: {transaction_id or '—'}",
        f"{text['card']}: {attempt['card_mask']} ({attempt['card_brand']})",
        "",
        "CHRONOPAY",
        text["mail_footer"],
    ]
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = attempt["email"]  # checked strictly on the page; EmailMessage refuses line breaks too
    message["Subject"] = text["mail_subject"].format(result=result_text, amount=amount, currency=attempt["currency"])
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="chronopay.test")
    message.set_content("\n".join(lines) + "\n")
    return message
