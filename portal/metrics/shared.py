"""Figures read from the state every process shares, at scrape time, so that any web
process answers the same: messages waiting in Redis for a worker, background tasks by state
(their outbox rows: how task runs ended is recorded there by whichever worker ran them),
exports by state, invitation emails sent and failed. Three queries and one Redis round trip,
however many rows there are."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache

import redis
from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from consortia.models import ExportJob, Invitation
from outbox.models import Intent
from portal.celery import app as celery_app

# The broker's keys for one queue: kombu's Redis transport keeps a list per priority step.
PRIORITY_STEPS = (0, 3, 6, 9)
PRIORITY_SEPARATOR = "\x06\x16"
# The "in the last hour" figures: what alerts compare, unaffected by the hourly purge of
# closed intents (which makes the totals go down).
RECENT = timedelta(hours=1)

OPEN = Q(done_at__isnull=True, given_up_at__isnull=True)
TASK_STATES = {
    "waiting": OPEN & Q(started_at__isnull=True, last_error=""),
    "retrying": OPEN & Q(started_at__isnull=True) & ~Q(last_error=""),
    "running": OPEN & Q(started_at__isnull=False),
    "done": Q(done_at__isnull=False),
    "given_up": Q(given_up_at__isnull=False),
}


class SharedStateCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        yield from queue_metrics()
        yield from task_metrics(now)
        yield from export_metrics(now)
        yield from invitation_metrics()


@cache
def broker_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def queue_metrics() -> Iterator[GaugeMetricFamily]:
    """Messages waiting for a worker, and taken but not acknowledged (running). Only for a
    Redis broker (embedded mode's filesystem transport has none of these figures)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return
    queue = celery_app.conf.task_default_queue
    up = GaugeMetricFamily("portal_broker_up", "1 when the scrape could read the broker (Redis).")
    try:
        with broker_client(url).pipeline(transaction=False) as pipe:
            for step in PRIORITY_STEPS:
                pipe.llen(f"{queue}{PRIORITY_SEPARATOR}{step}" if step else queue)
            pipe.hlen("unacked")
            *lengths, unacked = pipe.execute()
    except redis.RedisError:
        up.add_metric([], 0)
        yield up
        return
    up.add_metric([], 1)
    yield up
    waiting = GaugeMetricFamily(
        "portal_celery_queue_length", "Messages waiting in Redis for a worker.", labels=["queue"]
    )
    waiting.add_metric([queue], sum(lengths))
    yield waiting
    yield GaugeMetricFamily(
        "portal_celery_unacknowledged",
        "Messages a worker has taken and not acknowledged yet (running, or lost with a worker).",
        value=unacked,
    )


def task_metrics(now: datetime) -> Iterator[GaugeMetricFamily]:
    """Background tasks from their outbox rows (kept OUTBOX_KEEP_DAYS after they close)."""
    rows = (
        Intent.objects.values("task")
        .annotate(
            **{state: Count("pk", filter=condition) for state, condition in TASK_STATES.items()},
            runs=Sum("attempts"),
            tried=Count("pk", filter=Q(attempts__gt=0)),
            done_recently=Count("pk", filter=Q(done_at__gte=now - RECENT)),
            given_up_recently=Count("pk", filter=Q(given_up_at__gte=now - RECENT)),
            oldest_due=Min("due_at", filter=OPEN),
        )
        .order_by("task")
    )
    tasks = GaugeMetricFamily(
        "portal_tasks",
        "Background tasks in the outbox by state: waiting (for a worker), retrying (after a "
        "failure), running, done, given_up.",
        labels=["task", "state"],
    )
    retries = GaugeMetricFamily(
        "portal_task_retries", "Runs beyond the first, over the tasks kept.", labels=["task"]
    )
    closed = GaugeMetricFamily(
        "portal_tasks_closed_last_hour",
        "Tasks done or given up in the last hour, by outcome.",
        labels=["task", "outcome"],
    )
    overdue = GaugeMetricFamily(
        "portal_task_overdue_seconds",
        "How long the most overdue open task has been due (0 when none is): it grows when "
        "nothing publishes (beat or Redis down) or no worker takes the work.",
        labels=["task"],
    )
    for row in rows:
        for state in TASK_STATES:
            tasks.add_metric([row["task"], state], row[state])
        retries.add_metric([row["task"]], (row["runs"] or 0) - row["tried"])
        closed.add_metric([row["task"], "done"], row["done_recently"])
        closed.add_metric([row["task"], "given_up"], row["given_up_recently"])
        late = (now - row["oldest_due"]).total_seconds() if row["oldest_due"] else 0
        overdue.add_metric([row["task"]], max(late, 0))
    yield from (tasks, retries, closed, overdue)


def export_metrics(now: datetime) -> Iterator[GaugeMetricFamily]:
    counts = {
        (status.value, fmt.value): [0, 0] for status in ExportJob.Status for fmt in ExportJob.Format
    }
    rows = (
        ExportJob.objects.values("status", "format")
        .annotate(count=Count("pk"), recent=Count("pk", filter=Q(finished_at__gte=now - RECENT)))
        .order_by()
    )
    for row in rows:
        counts[row["status"], row["format"]] = [row["count"], row["recent"]]
    jobs = GaugeMetricFamily(
        "portal_exports", "Export jobs by state and format.", labels=["state", "format"]
    )
    finished = GaugeMetricFamily(
        "portal_exports_finished_last_hour",
        "Export jobs that ended in the last hour, by state (done or failed) and format.",
        labels=["state", "format"],
    )
    for (status, fmt), (count, recent) in counts.items():
        jobs.add_metric([status, fmt], count)
        if status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            finished.add_metric([status, fmt], recent)
    yield from (jobs, finished)


def invitation_metrics() -> Iterator[GaugeMetricFamily]:
    """Emailed invitations (copied links are never sent)."""
    counts = dict.fromkeys(Invitation.Status.values, 0)
    sent = 0
    rows = (
        Invitation.objects.filter(channel=Invitation.Channel.EMAIL)
        .values("status")
        .annotate(count=Count("pk"), sent=Count("sent_at"))
        .order_by()
    )
    for row in rows:
        counts[row["status"]] = row["count"]
        sent += row["sent"]
    by_status = GaugeMetricFamily(
        "portal_invitations", "Emailed invitations by state.", labels=["state"]
    )
    for status, count in counts.items():
        by_status.add_metric([status], count)
    yield by_status
    yield GaugeMetricFamily(
        "portal_invitation_emails_sent",
        "Invitations the mail server accepted (whatever their answer since).",
        value=sent,
    )
    yield GaugeMetricFamily(
        "portal_invitation_emails_failed",
        "Invitations shown as failed: the mail server refused them INVITATION_SEND_RETRIES "
        "times more (they are still retried until their link expires).",
        value=counts[Invitation.Status.FAILED],
    )
