"""Counting tries per key (a login name, a subscriber, an address) with the `limits` library.

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

    def acquire(self, key: str) -> bool:
        """Count one try now; False (and nothing counted) when the limit is already reached.

        The check and the count are one step under the storage's lock. Testing the limit first
        and counting a failure only after the slow password check let every request of a
        parallel burst through the test before any was counted: 16 threads, 16 guesses.
        """
        return self.limiter.hit(self.item, key)

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
