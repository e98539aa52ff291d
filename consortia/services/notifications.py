"""The notification emails, one function each, called by their tasks with ids. Each is sent
once by its key (``emails.send_once``), however often its task runs. ``language`` is the
language of the request that caused it, for a coordinator who saved no choice."""

from consortia import emails, selectors
from consortia.models import Proposal, Submission


def notify_coordinator(*, invitation_id: int, event: str, language: str = "") -> None:
    """Tell the coordinator that a partner accepted, declined or asks for a new link."""
    invitation = selectors.invitations_with_proposal().filter(pk=invitation_id).first()
    if invitation is None:
        return
    day = invitation.new_link_requested_at.date() if event == "new_link" else ""
    emails.send_once(
        f"{event}:{invitation_id}:{day}",
        emails.coordinator_notice(invitation, event, language),
        proposal=invitation.membership.proposal,
    )


def send_submission_receipt(*, submission_id: int, language: str = "") -> None:
    submission = (
        Submission.objects.select_related("proposal__lot__call", "submitted_by")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return
    emails.send_once(
        f"receipt:{submission_id}",
        emails.submission_receipt(submission, language),
        proposal=submission.proposal,
    )


def notify_review(*, proposal_id: int, reviewed_at: str, language: str = "") -> None:
    """Tell the coordinator the outcome of the review (once per recorded review)."""
    proposal = Proposal.objects.select_related("owner", "lot__call").filter(pk=proposal_id).first()
    if proposal is None:
        return
    emails.send_once(
        f"review:{proposal_id}:{reviewed_at}",
        emails.review_notice(proposal, language),
        proposal=proposal,
    )


def email_coordinator(*, proposal_id: int, subject: str, body: str, batch: str) -> None:
    """A reviewer's templated message to one coordinator (once per batch and proposal)."""
    proposal = Proposal.objects.select_related("owner").filter(pk=proposal_id).first()
    if proposal is None:
        return
    emails.send_once(
        f"message:{batch}:{proposal_id}",
        emails.coordinator_message(proposal, subject, body),
        proposal=proposal,
    )
