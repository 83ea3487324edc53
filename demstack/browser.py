"""Which Chromium to drive, and getting one onto a machine that has none.

Preference: Playwright's own Chromium when it is installed (a developer's laptop after
`python -m playwright install chromium`); otherwise a system Chromium (Debian's package here);
an explicit CHROMIUM_PATH wins over both.

Headless runs prefer the system's headless shell (Debian's chromium-headless-shell), as
Playwright itself does with its own browsers: the full browser in its new headless mode draws
the same pages about 1.5 times slower here. A headed run (--headed) needs the full browser.

    python -m demstack.browser           # prints what would be used
    python -m demstack.browser --ensure  # installs one if there is none (apt or playwright)
"""

import argparse
import base64
import hashlib
import os
import shutil
import subprocess  # nosec B404 # only to install Chromium when asked (--ensure), fixed argument lists
import sys
from dataclasses import dataclass
from pathlib import Path

SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEADLESS_SHELL_CANDIDATES = ("chromium-headless-shell",)
HEADLESS_SHELL_PACKAGE = "chromium-headless-shell"
# What Chromium needs on a locked-down machine: no sandbox as root, and no calls home
# (this machine's closed network refuses them, many at a time, at every start).
SYSTEM_CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# Fonts the pages and screenshots need, Cyrillic included.
DEBIAN_PACKAGES = ("chromium", HEADLESS_SHELL_PACKAGE, "fonts-dejavu-core", "fonts-liberation2")


@dataclass(frozen=True)
class BrowserChoice:
    executable_path: str | None  # None: Playwright's own browser
    args: tuple[str, ...]
    source: str

    def describe(self) -> str:
        return f"{self.source}: {self.executable_path or 'bundled with Playwright'}"


def spki_pin(certificate_der: bytes) -> str:
    """base64(sha256(SubjectPublicKeyInfo)) of a certificate: how Chromium is told to trust exactly it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key = x509.load_der_x509_certificate(certificate_der).public_key()
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def trust_args(pins) -> list[str]:
    """The Chromium flag that accepts the certificates of these public keys, and no other error."""
    pins = list(pins)
    return [f"--ignore-certificate-errors-spki-list={','.join(pins)}"] if pins else []


def playwright_chromium_path() -> str | None:
    """The path of Playwright's own Chromium if it is installed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).exists() else None


def system_chromium_path(headless: bool = True) -> str | None:
    return (headless_shell_path() if headless else None) or _first_on_path(SYSTEM_CANDIDATES)


def headless_shell_path() -> str | None:
    return _first_on_path(HEADLESS_SHELL_CANDIDATES)


def _first_on_path(names: tuple[str, ...]) -> str | None:
    return next(filter(None, map(shutil.which, names)), None)


def find_chromium(bundled_path: str | None = None, headless: bool = True) -> BrowserChoice | None:
    """The Chromium to use. Inside a running Playwright (a test session) pass its
    `playwright.chromium.executable_path`: a second Playwright cannot start in that thread.
    Playwright's own browser picks its headless shell by itself; a system one is chosen here."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return BrowserChoice(explicit, SYSTEM_CHROMIUM_ARGS, "CHROMIUM_PATH")
    bundled = bundled_path if bundled_path is not None else playwright_chromium_path()
    if bundled and Path(bundled).exists():
        # Playwright's browser needs no sandbox flag as a normal user, but root has no sandbox.
        args = ("--no-sandbox",) if os.geteuid() == 0 else ()
        return BrowserChoice(None, args, "playwright")
    system = system_chromium_path(headless)
    if system:
        return BrowserChoice(system, SYSTEM_CHROMIUM_ARGS, "system")
    return None


def ensure_chromium() -> BrowserChoice:
    """A usable Chromium, installing one if needed: Debian's package where apt can, else Playwright's."""
    found = find_chromium()
    can_apt = bool(shutil.which("apt-get")) and os.geteuid() == 0
    if (
        found
        and found.source == "system"
        and can_apt
        and not headless_shell_path()
        and apt_knows(HEADLESS_SHELL_PACKAGE)
    ):
        # An older set-up with the full browser only: add the faster headless shell beside it.
        apt_install((HEADLESS_SHELL_PACKAGE,))
        return find_chromium() or found
    if found:
        return found
    if can_apt:
        print("No Chromium found: installing Debian's Chromium packages ...", flush=True)
        apt_install(DEBIAN_PACKAGES)
    else:
        print("No Chromium found: running `python -m playwright install chromium` ...", flush=True)
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)  # nosec B603 # fixed arguments
    found = find_chromium()
    if not found:
        raise SystemExit("Chromium could not be installed; set CHROMIUM_PATH to a Chromium binary.")
    return found


def apt_knows(package: str) -> bool:
    """Whether apt has a candidate for `package` (Ubuntu, for one, has no chromium-headless-shell)."""
    shown = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True, check=False)  # noqa: S603, S607  # nosec B603 B607
    return "Candidate:" in shown.stdout and "Candidate: (none)" not in shown.stdout


def apt_install(packages: tuple[str, ...]) -> None:
    # Fixed arguments (constant package lists), apt from PATH as root on purpose: nothing untrusted.
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607  # nosec B603 B607
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True)  # noqa: S603, S607  # nosec B603 B607


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m demstack.browser", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ensure", action="store_true", help="install a Chromium if none is found")
    args = parser.parse_args(argv)
    choice = ensure_chromium() if args.ensure else find_chromium()
    if choice is None:
        raise SystemExit("no Chromium found (run with --ensure to install one)")
    print(f"Chromium: {choice.describe()}")


if __name__ == "__main__":
    main()
