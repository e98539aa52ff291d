"""Celery tasks: thin wrappers that load by id, call a service or send an email, and retry.
Each is safe to run twice: services and ``emails.send_once`` send nothing twice."""

from celery import shared_task
from django.conf import settings

from consortia import emails, selectors, services
from consortia.models import Proposal, Submission


@shared_task(bind=True, name="consortia.send_invitation", max_retries=None)
def send_invitation_task(self, *, invitation_id: int) -> None:  # type: ignore[no-untyped-def]
    """Email one invitation; on a mail-server error retry with exponential backoff
    (INVITATION_RETRY_BACKOFF_SECONDS x 1, 2, 4, ...), INVITATION_SEND_RETRIES times."""
    retries = settings.INVITATION_SEND_RETRIES
    try:
        services.deliver_invitation(
            invitation_id=invitation_id, final_attempt=self.request.retries >= retries
        )
    except services.DeliveryFailed as error:
        if self.request.retries < retries:
            backoff = settings.INVITATION_RETRY_BACKOFF_SECONDS * 2**self.request.retries
            raise self.retry(countdown=backoff, exc=error) from error


@shared_task(
    name="consortia.notify_coordinator",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_coordinator_task(*, invitation_id: int, event: str) -> None:
    """Tell the coordinator that a partner accepted, declined or asks for a new link."""
    invitation = selectors.invitations_with_proposal().filter(pk=invitation_id).first()
    if invitation is None:
        return
    day = invitation.new_link_requested_at.date() if event == "new_link" else ""
    emails.send_once(
        f"{event}:{invitation_id}:{day}",
        emails.coordinator_notice(invitation, event),
        proposal=invitation.membership.proposal,
    )


@shared_task(
    name="consortia.send_submission_receipt",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_submission_receipt_task(*, submission_id: int) -> None:
    submission = (
        Submission.objects.select_related("proposal__lot__call", "submitted_by")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return
    emails.send_once(
        f"receipt:{submission_id}",
        emails.submission_receipt(submission),
        proposal=submission.proposal,
    )


@shared_task(name="consortia.send_reminders")
def send_reminders_task() -> int:
    """Run by Celery beat every hour."""
    return services.send_due_reminders()


@shared_task(bind=True, name="consortia.run_export", acks_late=True, max_retries=2)
def run_export_task(self, *, job_id: int) -> None:  # type: ignore[no-untyped-def]
    """Acknowledged late: if the worker dies in the middle, the broker delivers the task again
    and the job restarts. Retried twice on an error, then the job is marked failed."""
    try:
        services.run_export(job_id=job_id, final_attempt=self.request.retries >= self.max_retries)
    except Exception as error:
        if self.request.retries < self.max_retries:
            raise self.retry(countdown=2 ** (self.request.retries + 1), exc=error) from error
        raise


@shared_task(name="consortia.fail_stuck_exports")
def fail_stuck_exports_task() -> int:
    """Run by Celery beat every minute."""
    return services.fail_stuck_exports()


@shared_task(
    name="consortia.notify_review", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_review_task(*, proposal_id: int, reviewed_at: str) -> None:
    """Tell the coordinator the outcome of the review (once per recorded review)."""
    proposal = Proposal.objects.select_related("owner", "lot__call").filter(pk=proposal_id).first()
    if proposal is None:
        return
    emails.send_once(
        f"review:{proposal_id}:{reviewed_at}", emails.review_notice(proposal), proposal=proposal
    )


@shared_task(
    name="consortia.email_coordinator", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def email_coordinator_task(*, proposal_id: int, subject: str, body: str, batch: str) -> None:
    """A reviewer's templated message to one coordinator (once per batch and proposal)."""
    proposal = Proposal.objects.select_related("owner").filter(pk=proposal_id).first()
    if proposal is None:
        return
    emails.send_once(
        f"message:{batch}:{proposal_id}",
        emails.coordinator_message(proposal, subject, body),
        proposal=proposal,
    )
