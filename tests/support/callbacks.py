"""The gateway's callback to the cabinet for an approved payment (PROTOCOL.md section 3), signed."""

from chronopay_protocol import money, signing

from .known import PRODUCT_ID, SHARED_SECRET


def callback(
    order_id: int | str,
    amount: int,
    *,
    transaction_id: str = "7890001",
    transaction_type: str = "Purchase",
    customer_id: str = "100001",
    secret: str = SHARED_SECRET,
    signed_total: str | None = None,
    **changed,
) -> dict[str, str]:
    """Every field of the callback for `amount` kopecks of the order, signed with `secret`.

    The keyword arguments named here are signed; `signed_total` sends and signs a total
    money.to_protocol would never write ("1000.0", "NaN"). Any other field given (`sign` among
    them) replaces the genuine one after signing, as a forger would.
    """
    total = money.to_protocol(amount) if signed_total is None else signed_total
    fields = {
        "transaction_type": transaction_type,
        "customer_id": customer_id,
        "transaction_id": transaction_id,
        "total": total,
        "currency": "RUB",
        "order_id": str(order_id),
        "product_id": PRODUCT_ID,
        "cs1": "",
        "cs2": "",
        "cs3": "",
        "email": "payer@example.com",
        "name": "IVAN PETROV",
        "creditcardnumber": "411111******1111",  # masked as the gateway masks it
        "date": "2026-11-25 17:35:00",
        "sign": signing.callback_sign(secret, customer_id, transaction_id, transaction_type, total),
    }
    return {**fields, **changed}
