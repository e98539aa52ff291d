"""The cache backend: Django's Redis cache, failing open. When Redis cannot be reached it
answers as if it were empty (and stores nothing) for a while, so that the rate limits kept in it
let requests through rather than fail them, and no page waits on it again and again."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from portal.breaker import Breaker

logger = logging.getLogger(__name__)


class FailOpenRedisCacheClient(RedisCacheClient):
    """After an error, every call answers at once, as an empty cache would, for
    ``breaker_seconds`` (an OPTIONS entry); then Redis is tried again."""

    def __init__(self, servers: list[str], breaker_seconds: float = 10, **options: Any) -> None:
        super().__init__(servers, **options)
        self.breaker_seconds = breaker_seconds
        self.breaker = Breaker()

    def attempt(self, fallback: Any, call: Callable[..., Any], *args: Any) -> Any:
        if self.breaker.is_open:
            return fallback
        try:
            return call(*args)
        except self._lib.RedisError as error:
            self.breaker.trip(self.breaker_seconds)
            logger.warning(
                "The cache (Redis) failed: %s: %s. Rate limits are off for %g s.",
                type(error).__name__,
                error,
                self.breaker_seconds,
            )
            return fallback

    # add() answers True ("added, so this is the first hit"): what allauth's lock and
    # django-ratelimit's counter need to let the request through.
    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        return self.attempt(True, super().add, key, value, timeout)

    def get(self, key: Any, default: Any) -> Any:
        return self.attempt(default, super().get, key, default)

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        self.attempt(None, super().set, key, value, timeout)

    def touch(self, key: Any, timeout: Any) -> bool:
        return self.attempt(False, super().touch, key, timeout)

    def delete(self, key: Any) -> bool:
        return self.attempt(False, super().delete, key)

    def get_many(self, keys: Any) -> dict[Any, Any]:
        return self.attempt({}, super().get_many, keys)

    def has_key(self, key: Any) -> bool:
        return self.attempt(False, super().has_key, key)

    def incr(self, key: Any, delta: int) -> int:
        value = self.attempt(None, super().incr, key, delta)
        if value is None:
            raise ValueError(f"Key {key!r} not found (the cache is unreachable).")
        return value

    def set_many(self, data: Any, timeout: Any) -> None:
        self.attempt(None, super().set_many, data, timeout)

    def delete_many(self, keys: Any) -> None:
        self.attempt(None, super().delete_many, keys)

    def clear(self) -> bool:
        return self.attempt(False, super().clear)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient
