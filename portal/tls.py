"""Trusting one more CA for a live run, without switching any certificate check off.

The certificates of the cabinet (if HTTPS) and of the gateway are verified here, in Python,
against the CA and the system's (chain, dates, host name); only those that pass are then trusted
by Chromium, by their public key (demstack.browser.spki_pin).
"""

import os
import socket
import ssl
from contextlib import closing
from urllib.parse import urlsplit

from demstack.browser import spki_pin

CONNECT_SECONDS = 5
PIN = "pin:"


def tls_addresses(cabinet_url: str, gateway_host: str | None) -> list[tuple[str, int]]:
    """The (host, port) of each HTTPS site a run will visit that it knows of up front."""
    addresses = []
    cabinet = urlsplit(cabinet_url)
    if cabinet.scheme == "https":
        addresses.append((cabinet.hostname, cabinet.port or 443))
    if gateway_host:
        parts = urlsplit(f"//{gateway_host}")
        addresses.append((parts.hostname, parts.port or 443))
    return addresses


def verify_with_ca(ca_file: str, addresses: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """For each address: "pin:<SPKI hash>" when `ca_file` (with the system's CAs) fully verifies the
    certificate it presents (chain, dates, host name), else why not. Unverified ones get no pin:
    Chromium meets their error itself, and the report names it."""
    verdicts = {}
    for host, port in addresses:
        context = ssl.create_default_context(cafile=ca_file)
        try:
            with (
                closing(socket.create_connection((host, port), timeout=CONNECT_SECONDS)) as raw,
                context.wrap_socket(raw, server_hostname=host) as tls,
            ):
                der = tls.getpeercert(binary_form=True)
        except (OSError, ssl.SSLError) as problem:
            verdicts[(host, port)] = f"NOT verified ({problem})"
            continue
        verdicts[(host, port)] = PIN + spki_pin(der)
    return verdicts


def pins_of(verdicts: dict) -> list[str]:
    return [verdict.removeprefix(PIN) for verdict in verdicts.values() if verdict.startswith(PIN)]


def describe(verdicts: dict) -> str:
    if not verdicts:
        return "nothing (the cabinet is not HTTPS and no --gateway-host names the gateway)"
    return "; ".join(
        f"{host}:{port} {'verified' if verdict.startswith(PIN) else verdict}"
        for (host, port), verdict in verdicts.items()
    )


def trust_in_node(ca_file: str) -> None:
    """Playwright's own HTTP client (page.request) runs in its Node driver: trust the CA there too.
    Call it before Playwright starts; the driver reads the variable once."""
    os.environ.setdefault("NODE_EXTRA_CA_CERTS", os.path.abspath(ca_file))
