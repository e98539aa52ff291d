"""Celery tasks: each takes ids and calls one service. They run through the outbox
(``outbox.worker.intent_task``): once per intent, retried with backoff by the sweep."""

from celery import shared_task
from django.conf import settings

from consortia import queue, services
from outbox.worker import Attempt, intent_task

# Notifications: a few attempts over about an hour (30 s, 1, 2, 4, 8, 16 min, then 15 min).
NOTICE_ATTEMPTS = 8


@intent_task(
    queue.SEND_INVITATION,
    max_attempts=None,
    backoff_seconds=lambda: settings.INVITATION_RETRY_BACKOFF_SECONDS,
    give_up=services.invitation_not_sent,
)
def send_invitation_task(attempt: Attempt, *, invitation_id: int) -> None:
    """Tried until sent or expired; shown as failed once INVITATION_SEND_RETRIES retries
    failed too."""
    services.deliver_invitation(
        invitation_id=invitation_id,
        mark_failed=attempt.number > settings.INVITATION_SEND_RETRIES,
    )


@intent_task(queue.NOTIFY_COORDINATOR, max_attempts=NOTICE_ATTEMPTS)
def notify_coordinator_task(
    attempt: Attempt, *, invitation_id: int, event: str, language: str = ""
) -> None:
    """``language``: the request's that caused it (intents queued before it existed: none)."""
    services.notify_coordinator(invitation_id=invitation_id, event=event, language=language)


@intent_task(queue.SEND_RECEIPT, max_attempts=NOTICE_ATTEMPTS)
def send_submission_receipt_task(
    attempt: Attempt, *, submission_id: int, language: str = ""
) -> None:
    services.send_submission_receipt(submission_id=submission_id, language=language)


@intent_task(queue.NOTIFY_REVIEW, max_attempts=NOTICE_ATTEMPTS)
def notify_review_task(
    attempt: Attempt, *, proposal_id: int, reviewed_at: str, language: str = ""
) -> None:
    services.notify_review(proposal_id=proposal_id, reviewed_at=reviewed_at, language=language)


@intent_task(queue.EMAIL_COORDINATOR, max_attempts=NOTICE_ATTEMPTS)
def email_coordinator_task(
    attempt: Attempt, *, proposal_id: int, subject: str, body: str, batch: str
) -> None:
    services.email_coordinator(proposal_id=proposal_id, subject=subject, body=body, batch=batch)


@intent_task(
    queue.RUN_EXPORT,
    max_attempts=settings.EXPORT_ATTEMPTS,
    backoff_seconds=lambda: 2,
    give_up=services.export_given_up,
    time_limit=settings.EXPORT_TIMEOUT_SECONDS,
)
def run_export_task(attempt: Attempt, *, job_id: int) -> None:
    services.run_export(job_id=job_id, final_attempt=attempt.final)


@intent_task(
    queue.RUN_DIRECTORY_IMPORT,
    max_attempts=settings.EXPORT_ATTEMPTS,
    backoff_seconds=lambda: 2,
    give_up=services.directory_import_given_up,
)
def run_directory_import_task(attempt: Attempt, *, job_id: int) -> None:
    """Batches already applied are found unchanged on a later attempt."""
    services.run_directory_import(job_id=job_id, final_attempt=attempt.final)


@intent_task(queue.REFRESH_LOT_VERDICTS, max_attempts=NOTICE_ATTEMPTS, backoff_seconds=lambda: 5)
def refresh_lot_verdicts_task(attempt: Attempt, *, lot_ids: list[int]) -> None:
    """A lot's rules changed: every proposal of the lots, in batches (idempotent)."""
    services.refresh_lot_verdicts(lot_ids=lot_ids)


@intent_task(queue.REFRESH_VERDICTS, max_attempts=NOTICE_ATTEMPTS, backoff_seconds=lambda: 5)
def refresh_verdicts_task(attempt: Attempt, *, proposal_ids: list[int]) -> None:
    services.refresh_proposal_verdicts(proposal_ids=proposal_ids)


@shared_task(name="consortia.send_reminders")
def send_reminders_task() -> int:
    """Run by Celery beat every 15 minutes; each reminder goes once."""
    return services.send_due_reminders()
