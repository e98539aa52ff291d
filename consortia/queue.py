"""The background work services ask for, each through the outbox (``outbox.enqueue``): a row
written in the caller's transaction, published after commit, run once by the task of the
same name in ``consortia.tasks``. Services import this module, never the tasks."""

from django.utils import translation

from consortia.models import DirectoryImport, ExportJob, Invitation, Proposal, Submission
from outbox.publish import enqueue

SEND_INVITATION = "consortia.send_invitation"
NOTIFY_COORDINATOR = "consortia.notify_coordinator"
SEND_RECEIPT = "consortia.send_submission_receipt"
NOTIFY_REVIEW = "consortia.notify_review"
EMAIL_COORDINATOR = "consortia.email_coordinator"
RUN_EXPORT = "consortia.run_export"
RUN_DIRECTORY_IMPORT = "consortia.run_directory_import"
REFRESH_LOT_VERDICTS = "consortia.refresh_lot_verdicts"  # named in migration 0013 too
REFRESH_VERDICTS = "consortia.refresh_verdicts"


def send_invitation(invitation: Invitation) -> None:
    """Tried until it is sent or its link expires."""
    enqueue(SEND_INVITATION, deadline=invitation.expires_at, invitation_id=invitation.pk)


def request_language() -> str:
    """The active language where a notice is caused (the request's): the notice uses it for
    a coordinator who saved no choice of language."""
    return translation.get_language() or ""


def notify_coordinator(invitation: Invitation, event: str) -> None:
    enqueue(
        NOTIFY_COORDINATOR, invitation_id=invitation.pk, event=event, language=request_language()
    )


def send_receipt(submission: Submission) -> None:
    enqueue(SEND_RECEIPT, submission_id=submission.pk, language=request_language())


def notify_review(proposal: Proposal) -> None:
    enqueue(
        NOTIFY_REVIEW,
        proposal_id=proposal.pk,
        reviewed_at=proposal.reviewed_at.isoformat() if proposal.reviewed_at else "",
        language=request_language(),
    )


def email_coordinator(proposal: Proposal, *, subject: str, body: str, batch: str) -> None:
    enqueue(EMAIL_COORDINATOR, proposal_id=proposal.pk, subject=subject, body=body, batch=batch)


def run_export(job: ExportJob) -> None:
    enqueue(RUN_EXPORT, job_id=job.pk)


def refresh_lot_verdicts(lot_ids: list[int]) -> None:
    enqueue(REFRESH_LOT_VERDICTS, lot_ids=lot_ids)


def refresh_verdicts(proposal_ids: list[int]) -> None:
    enqueue(REFRESH_VERDICTS, proposal_ids=proposal_ids)


def run_directory_import(job: DirectoryImport) -> None:
    enqueue(RUN_DIRECTORY_IMPORT, job_id=job.pk)
