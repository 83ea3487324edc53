"""Counting tries per key (a login name, a subscriber, an address) with the `limits` library.

The storage is this process's memory: the cabinet is served by one multi-threaded process, so
every thread sees the same counts. Several processes would need `limits`' Redis storage instead.

Guesses (a password, a PIN) count only when they fail, and a success forgets the failures. So
that simultaneous guesses cannot all slip past the limit while the first ones are being
checked, no more guesses are checked at once than failures are still allowed; the others wait
for those to end (briefly: a check takes a tenth of a second) and are then admitted or refused.
Refusing them instead also refused a subscriber's own simultaneous logins with the right
password, as "too many failed attempts".
"""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

# How long a guess waits for the guesses already being checked before it is refused.
ADMISSION_WAIT_SECONDS = 10.0


@dataclass
class Guess:
    admitted: bool
    succeeded: bool = False  # set by the caller once the guess is checked


class Throttle:
    def __init__(self, rate: str, admission_wait: float = ADMISSION_WAIT_SECONDS):
        self.item = parse(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.admission_wait = admission_wait
        self._checking = Counter()  # key -> guesses admitted and not yet settled
        self._settled = threading.Condition()

    def acquire(self, key: str) -> bool:
        """Count one try now, whatever its outcome; False (and nothing counted) at the limit."""
        return self.limiter.hit(self.item, key)

    @contextmanager
    def guess(self, key: str) -> Iterator[Guess]:
        """One guess for `key`: check it only if `.admitted`, then set `.succeeded`.

        A guess that raises counts as failed."""
        guess = Guess(admitted=self._admit(key))
        try:
            yield guess
        finally:
            if guess.admitted:
                self._settle(key, guess.succeeded)

    def _failures(self, key: str) -> int:
        return self.item.amount - self.limiter.get_window_stats(self.item, key).remaining

    def _admit(self, key: str) -> bool:
        deadline = time.monotonic() + self.admission_wait
        with self._settled:
            while True:
                failures = self._failures(key)
                if failures >= self.item.amount:
                    return False
                if failures + self._checking[key] < self.item.amount:
                    self._checking[key] += 1
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._settled.wait(left)

    def _settle(self, key: str, succeeded: bool) -> None:
        with self._settled:
            self._checking[key] -= 1
            if not self._checking[key]:
                del self._checking[key]
            if succeeded:
                self.limiter.clear(self.item, key)
            else:
                self.limiter.hit(self.item, key)
            self._settled.notify_all()

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
