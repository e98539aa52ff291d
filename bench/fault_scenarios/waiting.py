"""Waiting for a condition to hold, and saying how long that took."""

import time
from collections.abc import Callable
from typing import Any


def until(condition: Callable[[], Any], timeout: float, interval: float = 0.1) -> float | None:
    """Seconds until ``condition`` holds, or None when it did not within ``timeout``."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            return None
        time.sleep(interval)
    return time.monotonic() - began


def seconds(value: float | None, timeout: float) -> str:
    return f"{value:.1f} s" if value is not None else f"not within {timeout:.0f} s"
