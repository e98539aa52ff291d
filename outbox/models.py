"""The outbox: one row per side effect that runs through Celery (an email, an export),
written in the same transaction as the change that wants it. See ``outbox.publish``."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Intent(models.Model):
    """A task to run once. Published after commit; the sweep publishes it again whenever it is
    due and not done: never picked up, its worker stopped renewing its lease, or a failed run's
    backoff is over. The task runs its service only while the row is open, so a message
    published twice or delivered twice does the work once."""

    task = models.CharField(max_length=100)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(
        help_text=_("When the sweep publishes it again unless it is done by then.")
    )
    deadline = models.DateTimeField(
        null=True, blank=True, help_text=_("Given up when not done by then.")
    )
    published_at = models.DateTimeField(null=True, blank=True)
    publishes = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The id of the request (or task) that queued it: the task logs under it (portal.request_ids).
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="outbox_open_by_due",
                condition=Q(done_at__isnull=True, given_up_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.state})"

    @property
    def state(self) -> str:
        if self.done_at:
            return "done"
        if self.given_up_at:
            return "given up"
        if self.started_at:
            return "running"
        return "published" if self.published_at else "waiting for the queue"

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.given_up_at is None

    def overdue(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.now()
