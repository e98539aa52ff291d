"""Writing intents and publishing them to Celery. ``enqueue`` is the only way the portal
starts background work: the row commits with the change, the message goes after commit, and
a broker that cannot be reached is never the user's error (the sweep publishes it later).

After a failed publish this process leaves publishing to the sweep for
OUTBOX_BREAKER_SECONDS, so that a frozen broker costs one request one socket timeout, not
every request one per message."""

import contextvars
import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outbox.models import Intent
from portal import request_ids
from portal.breaker import Breaker
from portal.celery import app

logger = logging.getLogger(__name__)

# Open after a failed publish: this process leaves publishing to the sweep meanwhile.
broker = Breaker()
# How many intents the current request (or task) could not publish: the page says so.
unpublished: contextvars.ContextVar[int] = contextvars.ContextVar("unpublished", default=0)


def enqueue(task: str, *, deadline: datetime | None = None, **kwargs: Any) -> Intent:
    """Record that ``task`` must run with ``kwargs`` (JSON values), and publish it once the
    current transaction commits. Call it inside the transaction of the change. The task
    will log under the current request's id."""
    intent = Intent.objects.create(
        task=task,
        kwargs=kwargs,
        deadline=deadline,
        due_at=timezone.now() + pickup_wait(0),
        request_id=request_ids.current.get(),
    )
    transaction.on_commit(lambda: publish(intent))
    return intent


def pickup_wait(publishes: int) -> timedelta:
    """How long a published intent may wait for a worker before it is published again:
    OUTBOX_PICKUP_SECONDS, doubling with each publish up to 16 times that."""
    return timedelta(seconds=settings.OUTBOX_PICKUP_SECONDS * 2 ** min(publishes, 4))


def publish(intent: Intent) -> bool:
    """Send the intent's task to the broker; False (and nothing raised) when it cannot."""
    if broker.is_open:
        return not_published(intent, "the broker failed moments ago")
    try:
        app.send_task(intent.task, kwargs={"intent_id": intent.pk, **intent.kwargs}, retry=False)
    except Exception as error:  # kombu's, redis-py's and socket errors all mean "not now"
        broker.trip(settings.OUTBOX_BREAKER_SECONDS)
        logger.warning("Could not publish %s: %s", intent, error)
        return not_published(intent, f"{type(error).__name__}: {error}")
    Intent.objects.filter(pk=intent.pk).update(
        published_at=timezone.now(), publishes=F("publishes") + 1
    )
    return True


def not_published(intent: Intent, reason: str) -> bool:
    """Due at once, so that the next sweep publishes it."""
    unpublished.set(unpublished.get() + 1)
    Intent.objects.filter(pk=intent.pk, done_at__isnull=True, started_at__isnull=True).update(
        due_at=timezone.now(), last_error=f"Not published: {reason}"[:1000]
    )
    return False


def broker_recovered() -> None:
    """Publish again at once (the sweep calls this: it runs only when the broker works)."""
    broker.reset()
