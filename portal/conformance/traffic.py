"""What the browser sent while a walk ran: every address, the failed requests, the cabinet's cookies."""

import re

from playwright.sync_api import Error as PlaywrightError

from .locate import origin

# Hidden form fields and cookies that are (or carry) a CSRF token, not a session.
TOKEN_NAME = re.compile(r"csrf|xsrf|token|nonce|authenticity|sesskey", re.IGNORECASE)


class Traffic:
    """Every request of the watched browser contexts (addresses only: bodies may hold the password),
    the failed ones, and the attributes of the cookies the cabinet set (never their values)."""

    def __init__(self):
        self.urls: list[str] = []
        self.failures: list[tuple[str, str]] = []
        self.cookie_origin = ""
        self.set_cookies: dict[str, list[str]] = {}  # name -> attributes as sent, lower case

    def watch(self, context) -> None:
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("requestfailed", lambda request: self.failures.append((request.url, request.failure or "")))
        context.on("response", self._read_set_cookie)

    def _read_set_cookie(self, response) -> None:
        if not self.cookie_origin or origin(response.url) != self.cookie_origin:
            return
        try:
            headers = response.headers_array()
        except PlaywrightError:
            return
        for header in headers:
            if header["name"].lower() != "set-cookie":
                continue
            for line in header["value"].split("\n"):
                name, _, rest = line.partition("=")
                self.set_cookies[name.strip()] = [part.strip().lower() for part in rest.split(";")[1:]]

    def failure_for(self, url_origin: str) -> str:
        return next((failure for url, failure in self.failures if origin(url) == url_origin), "")
