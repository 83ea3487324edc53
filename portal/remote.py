"""Remote browsers: one Chromium reached over CDP or a Playwright browser server, or a pool of them.

`--cdp-endpoint` and `--ws-endpoint` each take one address or several (comma-separated); together
they make the pool, and each xdist worker drives the one at its index (gw0 the first, gw1 the
second, ... around again when there are more workers than browsers), so a suite spread over N
workers uses N browsers of a grid.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class RemoteBrowser:
    kind: str  # "cdp": a Chromium with --remote-debugging-port; "ws": a Playwright browser server
    endpoint: str


def pool(cdp_endpoints: str | None, ws_endpoints: str | None) -> list[RemoteBrowser]:
    def listed(addresses: str | None) -> list[str]:
        return [address.strip() for address in (addresses or "").split(",") if address.strip()]

    return [RemoteBrowser("cdp", address) for address in listed(cdp_endpoints)] + [
        RemoteBrowser("ws", address) for address in listed(ws_endpoints)
    ]


def worker_index(environ=os.environ) -> int:
    """This process's xdist worker number (gw3 -> 3); 0 outside xdist."""
    worker = environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw")) if worker.removeprefix("gw").isdigit() else 0


def for_this_worker(browsers: list[RemoteBrowser], environ=os.environ) -> RemoteBrowser | None:
    return browsers[worker_index(environ) % len(browsers)] if browsers else None
