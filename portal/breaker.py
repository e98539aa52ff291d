"""A circuit breaker: after a service fails, callers skip it for a while instead of waiting
on it again and again (the outbox's publisher, the fail-open cache)."""

import time


class Breaker:
    """Open for ``seconds`` after ``trip()``; ``reset()`` closes it at once."""

    def __init__(self) -> None:
        self.until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.until

    def trip(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def reset(self) -> None:
        self.until = 0.0
