"""Writing and sending test mail the way the gateway does: EmailMessage over smtplib."""

import smtplib
from email.message import EmailMessage


def letter(subject="Чек об оплате", body="Сумма: 1000.00 RUB\n", *, to="payer@example.com", sender=None, **content):
    """An e-mail as the gateway would write one; `content` goes to set_content (cte, charset, ...)."""
    message = EmailMessage()
    message["From"] = sender or "ChronoPay <noreply@chronopay.test>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Wed, 25 Nov 2026 20:35:00 +0300"
    message.set_content(body, **content)
    return message


def send(capture, message, to_addrs=None):
    """Deliver through the real SMTP server; returns its refusals (empty when all were accepted)."""
    with smtplib.SMTP(capture.host, capture.port, timeout=10) as client:
        return client.send_message(message, to_addrs=to_addrs)
