"""The gateway's HTTPS certificate: a local CA and a certificate for localhost, made once with trustme.

Kept beside the database so a restart serves the same certificate. Browsers are told to trust
exactly this certificate (by its public key's hash: Chromium's --ignore-certificate-errors-spki-list),
and Python clients use `ca.pem`, so no certificate error is ever ignored wholesale.
"""

from dataclasses import dataclass
from pathlib import Path

import trustme
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from demstack.browser import spki_pin

HOST_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Certificate:
    ca_file: Path  # the local CA, for Python clients (`requests.get(..., verify=ca_file)`)
    cert_file: Path  # the server's chain
    key_file: Path

    @property
    def spki_sha256(self) -> str:
        """The server certificate's pin, as Chromium's --ignore-certificate-errors-spki-list takes it."""
        server = x509.load_pem_x509_certificate(self.cert_file.read_bytes())  # the chain's first
        return spki_pin(server.public_bytes(Encoding.DER))


def _names_in(cert_file: Path) -> set[str]:
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(v) for v in names.get_values_for_type(x509.DNSName)} | {
        str(v) for v in names.get_values_for_type(x509.IPAddress)
    }


def ensure_certificate(folder: Path, extra_names: tuple[str, ...] = ()) -> Certificate:
    """The certificate in `folder`, generated on first use (for localhost and `extra_names`)."""
    folder = Path(folder)
    found = Certificate(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")
    wanted = tuple(dict.fromkeys(HOST_NAMES + tuple(extra_names)))
    kept = all(path.exists() for path in (found.ca_file, found.cert_file, found.key_file))
    # A kept certificate serves on; one lacking a name now asked for is made anew.
    if kept and set(wanted) <= _names_in(found.cert_file):
        return found
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="DEM payflow local CA")
    leaf = ca.issue_cert(*wanted, common_name="chronopay mock")
    ca.cert_pem.write_to_path(str(found.ca_file))
    found.cert_file.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    found.key_file.touch(mode=0o600)
    leaf.private_key_pem.write_to_path(str(found.key_file))
    return found
