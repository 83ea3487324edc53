"""Page objects: one class per screen of the documented flow.

Each locates elements only by what a person sees (roles, labels, texts of PROTOCOL.md), so the
same objects drive the mocks and a real portal; each method is one thing a person does.
"""

from .cabinet import CabinetPage, ConfirmationPage, GeneralPage, PaymentResultPage, PaymentsPage, ReportsPage
from .gateway import GatewayPage, GatewayResultPage, ProcessingPage, ThreeDSecurePage
from .login import LoginPage
from .mailbox import MailboxPage
from .money import kopecks_in

__all__ = [
    "CabinetPage",
    "ConfirmationPage",
    "GatewayPage",
    "GatewayResultPage",
    "GeneralPage",
    "LoginPage",
    "MailboxPage",
    "PaymentResultPage",
    "PaymentsPage",
    "ProcessingPage",
    "ReportsPage",
    "ThreeDSecurePage",
    "kopecks_in",
]
