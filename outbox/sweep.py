"""The sweep: publish again every open intent that is due. Run by beat every
OUTBOX_SWEEP_SECONDS and by ``manage.py sweep_outbox``. And the hourly purge of closed ones."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from outbox.models import Intent
from outbox.publish import broker_recovered, pickup_wait, publish

BATCH = 500


def sweep() -> int:
    """Publish the due intents (oldest first, BATCH at most); how many were published. An
    intent whose run stopped renewing its lease loses its claim, so the next delivery runs
    it. Stops at the first publish that fails: the broker is down, the next sweep goes on."""
    broker_recovered()
    now = timezone.now()
    due = Intent.objects.filter(
        done_at__isnull=True, given_up_at__isnull=True, due_at__lte=now
    ).order_by("due_at", "pk")[:BATCH]
    count = 0
    for intent in due:
        Intent.objects.filter(pk=intent.pk).update(
            started_at=None, due_at=now + pickup_wait(intent.publishes)
        )
        if not publish(intent):
            break
        count += 1
    return count


def purge() -> int:
    """Delete the intents done or given up more than OUTBOX_KEEP_DAYS ago (what happened
    stays on the domain's rows: invitations, jobs, sent emails)."""
    cutoff = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    closed = Intent.objects.filter(Q(done_at__lt=cutoff) | Q(given_up_at__lt=cutoff))
    return closed.delete()[0]
