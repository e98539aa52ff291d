"""The worker's side of the outbox: ``intent_task`` makes a Celery task that runs its service
only while the intent is open and not running elsewhere, under the request id of whoever
queued it, records the outcome on the row (and in the log), and renews the row's lease while
it runs, so that a worker that dies is noticed within OUTBOX_LEASE_SECONDS and its work
published again by the sweep."""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, NamedTuple

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from outbox.models import Intent
from portal import request_ids

logger = logging.getLogger(__name__)


class Attempt(NamedTuple):
    """What a task is told about the run it is in: the first is 1."""

    number: int
    final: bool


def lease() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def begin(intent_id: int) -> Intent | None:
    """Claim the intent for this run; None when it is done, given up, or claimed by a run
    whose lease still holds (a second delivery of the same message)."""
    with transaction.atomic():
        intent = Intent.objects.select_for_update().filter(pk=intent_id).first()
        if intent is None or not intent.is_open:
            return None
        now = timezone.now()
        if intent.started_at is not None and intent.due_at > now:
            return None
        intent.started_at, intent.due_at = now, now + lease()
        intent.attempts += 1
        intent.save(update_fields=["started_at", "due_at", "attempts"])
    return intent


@contextmanager
def renewing(intent: Intent) -> Iterator[None]:
    """Push the lease forward every third of it while the body runs (in a thread with its
    own database connection)."""
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(settings.OUTBOX_LEASE_SECONDS / 3):
                # Only this run's claim: one the sweep took back is not renewed.
                Intent.objects.filter(
                    pk=intent.pk, done_at__isnull=True, started_at=intent.started_at
                ).update(due_at=timezone.now() + lease())
        finally:
            connection.close()

    thread = threading.Thread(target=renew, name=f"lease-{intent.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def backoff(attempts: int, base: float) -> timedelta:
    return timedelta(seconds=min(base * 2 ** (attempts - 1), settings.OUTBOX_MAX_BACKOFF_SECONDS))


def intent_task(
    name: str,
    *,
    max_attempts: int | None,
    backoff_seconds: Callable[[], float] = lambda: 30,
    give_up: Callable[..., None] | None = None,
    **options: Any,
) -> Callable[[Callable[..., None]], Any]:
    """A Celery task named ``name`` around ``run(attempt, **kwargs)``. A run that raises is
    tried again after ``backoff_seconds()`` x 1, 2, 4, ... (by the sweep), until
    ``max_attempts`` runs or the intent's deadline; then ``give_up(**kwargs)`` is called
    and the intent closed. ``options`` go to Celery (a ``time_limit``, say)."""

    def decorate(run: Callable[..., None]) -> Any:
        @shared_task(name=name, acks_late=True, **options)
        def task(*, intent_id: int, **kwargs: Any) -> None:
            intent = begin(intent_id)
            if intent is None:
                return
            # Work queued outside any request (beat's reminders) gets an id of its own run,
            # which the work it queues in turn keeps.
            with request_ids.using(intent.request_id or request_ids.new()):
                attempt(intent, kwargs)

        def attempt(intent: Intent, kwargs: dict[str, Any]) -> None:
            now = timezone.now()
            overdue = intent.deadline is not None and intent.deadline < now
            if overdue or (max_attempts is not None and intent.attempts > max_attempts):
                close(intent, give_up, kwargs)
                return
            final = max_attempts is not None and intent.attempts >= max_attempts
            started = time.monotonic()
            try:
                with renewing(intent):
                    run(Attempt(intent.attempts, final), **kwargs)
            except Exception as error:
                logger.warning(
                    "%s failed (attempt %d)", name_of(intent), intent.attempts, exc_info=True
                )
                failed(intent, error, backoff(intent.attempts, backoff_seconds()))
                if final:
                    close(intent, give_up, kwargs)
                return
            Intent.objects.filter(pk=intent.pk).update(done_at=timezone.now(), last_error="")
            logger.info(
                "%s done (attempt %d, %.2f s)",
                name_of(intent),
                intent.attempts,
                time.monotonic() - started,
            )

        return task

    return decorate


def name_of(intent: Intent) -> str:
    return f"{intent.task} #{intent.pk}"


def failed(intent: Intent, error: Exception, wait: timedelta) -> None:
    Intent.objects.filter(pk=intent.pk).update(
        started_at=None,
        due_at=timezone.now() + wait,
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )


def close(intent: Intent, give_up: Callable[..., None] | None, kwargs: dict[str, Any]) -> None:
    if give_up is not None:
        give_up(**kwargs)
    Intent.objects.filter(pk=intent.pk).update(given_up_at=timezone.now(), started_at=None)
    # An error: nothing will try again (Sentry, when configured, reports it).
    logger.error("%s given up after %d attempts", name_of(intent), intent.attempts)
