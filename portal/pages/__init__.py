"""Page objects: one class per screen of the documented flow.

Each locates elements only by what a person sees (roles, labels, texts of PROTOCOL.md), so the
same objects drive the mocks and a real portal; each method is one thing a person does.
"""

from .cabinet import (
    CabinetPage,
    CardActivationTab,
    ChronopayTab,
    ConfirmationPage,
    GeneralPage,
    PaymentDocumentTab,
    PaymentResultPage,
    PaymentsPage,
    ReportsPage,
)
from .entry import HotspotPage, RegisteredPage, RegistrationPage
from .gateway import GatewayPage, GatewayResultPage, ProcessingPage, RequestRefusedPage, ThreeDSecurePage
from .login import LoginPage
from .mailbox import MailboxPage
from .screen import Screen

__all__ = [
    "CabinetPage",
    "CardActivationTab",
    "ChronopayTab",
    "ConfirmationPage",
    "GatewayPage",
    "GatewayResultPage",
    "GeneralPage",
    "HotspotPage",
    "LoginPage",
    "MailboxPage",
    "PaymentDocumentTab",
    "PaymentResultPage",
    "PaymentsPage",
    "ProcessingPage",
    "RegisteredPage",
    "RegistrationPage",
    "ReportsPage",
    "RequestRefusedPage",
    "Screen",
    "ThreeDSecurePage",
]
