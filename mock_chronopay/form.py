"""The card form's server-side checks: the page may check in the browser too, this is the authority."""

import json
import re
from dataclasses import dataclass, field

from . import cards
from .attempts import CardDetails
from .i18n import country_codes

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*"
    r"@[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+",
    re.ASCII,
)


@dataclass
class CheckedForm:
    card: CardDetails | None
    errors: dict[str, str] = field(default_factory=dict)  # field name -> i18n.FIELD_ERRORS key
    # What goes back into the form after an error: never the card number or the CVV.
    kept: dict[str, str] = field(default_factory=dict)


def prefilled(attempt) -> dict[str, str]:
    """What the merchant's request fills in for the payer: the e-mail, the country (Russia unless
    sent), and the card holder's «Имя» from f_name and s_name when they spell a holder's name."""
    payer = json.loads(attempt["payer"] or "{}")
    holder = " ".join(f"{payer.get('f_name', '')} {payer.get('s_name', '')}".split())
    return {
        "email": attempt["email"] or "",
        "country": attempt["country"] or "RUS",
        "holder": holder if cards.holder_valid(holder) else "",
    }


def check(form, today) -> CheckedForm:
    email = (form.get("email") or "").strip()
    country = (form.get("country") or "").strip()[:3]
    expiry = (form.get("expiry") or "").strip()[:16]
    holder = " ".join((form.get("holder") or "").split())[:64]
    errors = {}
    if not email:
        errors["email"] = "email_missing"
    elif len(email) > 254 or not _EMAIL.fullmatch(email):  # never cut: that would be someone else's address
        errors["email"] = "email_invalid"
    if country not in country_codes():
        errors["country"] = "country_invalid"
    raw_number = form.get("card_number") or ""
    digits = cards.normalize_number(raw_number[:40])
    if not raw_number.strip():
        errors["card_number"] = "number_missing"
    elif digits is None or not cards.luhn_valid(digits):
        errors["card_number"] = "number_invalid"
    elif cards.brand(digits) not in cards.ACCEPTED_BRANDS:
        errors["card_number"] = "number_brand"
    parsed_expiry = cards.parse_expiry(expiry)
    if parsed_expiry is None:
        errors["expiry"] = "expiry_invalid"
    elif cards.expired(*parsed_expiry, today):
        errors["expiry"] = "expiry_past"
    if not cards.holder_valid(holder):
        errors["holder"] = "holder_invalid"
    if not cards.cvv_valid(form.get("cvv") or ""):
        errors["cvv"] = "cvv_invalid"
    kept = {"email": email[:254], "country": country, "expiry": expiry, "holder": holder}
    if errors:
        return CheckedForm(card=None, errors=errors, kept=kept)
    return CheckedForm(card=CardDetails(email=email, country=country, holder=holder, digits=digits), kept=kept)
