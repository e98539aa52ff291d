"""The request id: one per web request, taken from a well-formed ``X-Request-ID`` header (a
proxy's or a client's) or made here, returned in the response's header, carried by every log
line and Sentry event of the request, and stored on the outbox intents the request queues, so
that the tasks they run log under the same id (``outbox.worker``)."""

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, at most 64 characters: enough for a UUID or a proxy's
# trace id, and nothing that could break a log line or a header when echoed.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,64}")

current: ContextVar[str] = ContextVar("request_id", default="")


def new() -> str:
    return uuid.uuid4().hex


def from_header(value: str | None) -> str:
    """The header's id when it is well-formed, else a new one (hostile input is never kept)."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return new()


@contextmanager
def using(request_id: str) -> Iterator[None]:
    """Run the block under ``request_id`` (a task under the id of the request that queued it)."""
    token = current.set(request_id)
    try:
        yield
    finally:
        current.reset(token)


class RequestIdMiddleware:
    """First in the chain, so that everything after it logs under the request's id. The id
    holds until the response is closed: Django logs a 4xx or 5xx answer after the chain
    returns, and a streamed response is read after that."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = from_header(request.headers.get(HEADER))
        current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="forget_request_id")
def forget(**kwargs: object) -> None:
    current.set("")
