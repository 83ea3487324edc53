"""HTTPS: a local CA and certificate made once, a stable key pin, and a page that only our CA vouches for."""

import base64
import hashlib

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from mock_chronopay.tls import ensure_certificate
from tests.support.html import GatewayPage
from tests.support.payment_request import signed_request

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return ensure_certificate(tmp_path_factory.mktemp("tls") / "gateway-tls")


def test_the_certificate_is_made_once_and_then_reused(certificate):
    folder = certificate.cert_file.parent
    assert sorted(path.name for path in folder.iterdir()) == ["ca.pem", "cert.pem", "key.pem"]
    made = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()}
    again = ensure_certificate(folder)
    assert again == certificate
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()} == made


def test_the_private_key_is_readable_by_its_owner_only(certificate):
    assert certificate.key_file.stat().st_mode & 0o077 == 0


def test_the_certificate_names_localhost_and_the_loopback_addresses(certificate):
    cert = x509.load_pem_x509_certificate(certificate.cert_file.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} >= {"127.0.0.1", "::1"}


def test_the_spki_pin_is_stable_and_is_the_sha256_of_the_public_key(certificate):
    pin = certificate.spki_sha256
    assert pin == certificate.spki_sha256
    assert pin == ensure_certificate(certificate.cert_file.parent).spki_sha256
    cert = x509.load_pem_x509_certificate(certificate.cert_file.read_bytes())
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert pin == base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")
    assert len(base64.b64decode(pin)) == 32


@pytest.fixture
def https_gateway(app, certificate, served):
    return served(app, certfile=str(certificate.cert_file), keyfile=str(certificate.key_file))


def test_the_page_is_served_over_https_trusted_through_the_local_ca(https_gateway, certificate):
    assert https_gateway.url.startswith("https://127.0.0.1:")
    response = requests.get(https_gateway.url, params=signed_request(), verify=str(certificate.ca_file), timeout=10)
    assert response.status_code == 200
    assert GatewayPage.of(response).headings("h1") == ["CHRONOPAY СТРАНИЦА ОПЛАТЫ"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_system_cas_do_not_trust_the_mock(https_gateway):
    with pytest.raises(requests.exceptions.SSLError) as failure:
        requests.get(https_gateway.url, params=signed_request(), verify=True, timeout=10)
    assert "CERTIFICATE_VERIFY_FAILED" in str(failure.value)
