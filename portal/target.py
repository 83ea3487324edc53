"""The portal a run drives and judges: the embedded mocks or a live cabinet and its gateway."""

from collections.abc import Callable
from dataclasses import dataclass

from .credentials import Redactor, Secret

DEFAULT_AMOUNT = "1000"  # as the instruction types it
DEFAULT_PAYER_EMAIL = "payer@example.com"


@dataclass(frozen=True)
class Target:
    mode: str  # "mock" or "live"
    cabinet_url: str
    login: str
    password: Secret
    gateway_host: str | None = None  # host or host:port; None: not known, the host check warns
    amount: str = DEFAULT_AMOUNT
    allow_payment: bool = False
    test_card: Secret | None = None
    payer_email: str = DEFAULT_PAYER_EMAIL
    # Known only for the mocks: the merchant's secret (to verify the sign) and the order count.
    shared_secret: Secret | None = None
    count_orders: Callable[[], int] | None = None

    @property
    def live(self) -> bool:
        return self.mode == "live"

    def redactor(self) -> Redactor:
        """What a report of this target must never show: its credentials, its test card, its secret."""
        redact = Redactor()
        redact.add(self.password, "the password", shortest=1)  # however short
        redact.add(self.login, "the login", may_travel=True)  # cs2 of the protocol carries it
        redact.add(self.test_card, "a card number")
        redact.add(self.shared_secret, "the merchant's secret")
        return redact
