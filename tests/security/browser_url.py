"""Where a browser really goes for an address: the WHATWG URL rules that matter for open redirects.

urllib.parse is not a browser: a browser drops tabs and line breaks anywhere in a URL, strips
leading and trailing spaces and control characters, reads a backslash as a slash in http(s)
addresses, and takes the host after the LAST '@' of the authority. The tests judge every
redirect target by this, not by the server's own parser.
"""

import re

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _cleaned(url: str) -> str:
    url = url.strip("".join(chr(code) for code in range(0x21)))  # C0 controls and space, at both ends
    return re.sub(r"[\t\n\r]", "", url)


def _two_slashes(text: str) -> bool:
    """Starts with an authority: two slashes, where http(s) reads a backslash as a slash."""
    return len(text) >= 2 and text[0] in "/\\" and text[1] in "/\\"


def _authority_origin(scheme: str, rest: str) -> tuple[str, str, int] | None:
    """The origin of `rest` (what follows "scheme:") of a special scheme, slashes and backslashes alike."""
    rest = rest.replace("\\", "/").lstrip("/")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):
        host, _, port_text = host_port.partition("]")
        host, port_text = host + "]", port_text.removeprefix(":")
    else:
        host, _, port_text = host_port.partition(":")
    if not host:
        return None
    if port_text and not port_text.isdigit():
        return None
    return scheme, host.lower(), int(port_text) if port_text else _DEFAULT_PORTS[scheme]


def origin_of(url: str, base: str | None = None) -> tuple[str, str, int] | None:
    """(scheme, host, port) a browser would load for `url` (resolved against `base`); None: not http(s)."""
    url = _cleaned(url)
    scheme_match = _SCHEME.match(url)
    base_origin = origin_of(base) if base else None
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        if scheme not in _DEFAULT_PORTS:
            return None  # javascript:, data:, mailto: ... never a page of the site
        rest = url[scheme_match.end() :]
        if base_origin and scheme == base_origin[0] and not _two_slashes(rest):
            return base_origin  # "http:path" or "http:/path" with the base's own scheme is relative
        return _authority_origin(scheme, rest)
    if _two_slashes(url):
        return _authority_origin(base_origin[0], url) if base_origin else None
    return base_origin


def same_site(url: str, base: str) -> bool:
    return origin_of(url, base) == origin_of(base)
