"""A token bucket per Socket.IO connection for what public clients send.

Displays, kiosks and phones only listen; what they can send (connecting to a namespace again and
again on one connection, which costs a queue snapshot each time, or any event a future screen
handles, such as a `resync`) is throttled per Engine.IO connection: a burst is fine, a loop is
not. Per connection rather than per address, so fifty screens reconnecting at once behind one
proxy after a restart are all served.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TRACKED = 10_000  # connections remembered; the idle ones are forgotten first


@dataclass
class TokenBucket:
    """`capacity` events at once, then `rate` per second."""

    capacity: float
    rate: float
    tokens: float = field(init=False)
    updated: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def take(self, now: float) -> bool:
        if self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Throttle:
    """One bucket per key (an Engine.IO connection id), created on first use."""

    def __init__(
        self, capacity: float, rate: float, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.rate = rate
        self.now = now
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= MAX_TRACKED:
                    self._forget_idle()
                bucket = self._buckets[key] = TokenBucket(self.capacity, self.rate)
            return bucket.take(self.now())

    def forget(self, key: str) -> None:
        with self._lock:
            self._buckets.pop(key, None)

    def _forget_idle(self) -> None:
        by_age = sorted(self._buckets.items(), key=lambda item: item[1].updated)
        for key, _ in by_age[: len(by_age) // 2]:
            del self._buckets[key]
