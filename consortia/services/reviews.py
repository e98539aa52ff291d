"""Review of submitted proposals: recording an outcome, and writing to coordinators."""

import uuid
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia import permissions, queue
from consortia.exceptions import NotAllowed
from consortia.models import Proposal


@transaction.atomic
def record_review(
    *, proposal: Proposal, outcome: str, comment: str, by: AbstractBaseUser
) -> Proposal:
    """Record a reviewer's outcome and comment on a submitted proposal; the reviewer and the
    time are set here, and the coordinator is told by email."""
    if not permissions.can_review(by):
        raise NotAllowed(_("Only reviewers record review outcomes."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise NotAllowed(_("%(proposal)s is not submitted.") % {"proposal": proposal})
    if outcome not in Proposal.Outcome.values:
        raise NotAllowed(_("Choose an outcome."))
    proposal.review_outcome, proposal.review_comment = outcome, comment.strip()
    proposal.reviewed_by, proposal.reviewed_at = by, timezone.now()
    proposal.save(
        update_fields=[
            "review_outcome",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    queue.notify_review(proposal)
    return proposal


@transaction.atomic
def email_coordinators(
    *, proposals: Iterable[Proposal], subject: str, body: str, by: AbstractBaseUser
) -> int:
    """Queue one email to the coordinator of each proposal. ``{acronym}``, ``{title}`` and
    ``{coordinator}`` in the subject and body are filled in per proposal."""
    if not permissions.can_review(by):
        raise NotAllowed(_("Only reviewers write to coordinators from here."))
    batch = uuid.uuid4().hex
    count = 0
    for proposal in proposals:
        queue.email_coordinator(proposal, subject=subject, body=body, batch=batch)
        count += 1
    return count
