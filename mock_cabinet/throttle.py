"""Counting failures per key (a login name, an address) with the `limits` library.

The storage is this process's memory: the cabinet is served by one multi-threaded process, so
every thread sees the same counts. Several processes would need `limits`' Redis storage instead.
"""

import time

from flask import current_app
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class Throttle:
    def __init__(self, rate: str):
        self.item = parse(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def blocked(self, key: str) -> bool:
        return not self.limiter.test(self.item, key)

    def record(self, key: str) -> None:
        self.limiter.hit(self.item, key)

    def clear(self, key: str) -> None:
        self.limiter.clear(self.item, key)

    def minutes_left(self, key: str) -> int:
        reset_at = self.limiter.get_window_stats(self.item, key).reset_time
        return max(1, int((reset_at - time.time()) // 60) + 1)


def install(app) -> None:
    app.extensions["throttles"] = {
        "login": Throttle(app.config["LOGIN_THROTTLE"]),
        "registration": Throttle(app.config["REGISTRATION_THROTTLE"]),
        "prepaid_card": Throttle(app.config["LOGIN_THROTTLE"]),
    }


def throttle(name: str) -> Throttle:
    return current_app.extensions["throttles"][name]
