"""Submitting a proposal and withdrawing it, before the deadline (Brussels time)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia import permissions, queue, selectors, snapshots, specs
from consortia.exceptions import AlreadySubmitted, NotAllowed
from consortia.models import Organisation, Proposal, Submission
from consortia.services.verdicts import refresh_after_commit
from lots.selectors import lot_rules


@transaction.atomic
def submit_proposal(*, proposal: Proposal, by: AbstractBaseUser) -> Submission:
    """Submit a proposal whose report passes (which includes every partner having accepted),
    before the deadline. Stores the submitted snapshot and its SHA-256, and emails the
    coordinator a receipt; the verdicts of the applicant's other proposals in the call are
    stored again (they are submitted-aware). Raises ``NotAllowed`` with the reason otherwise.

    The applicant's organisation row is locked before the report is read, so that two
    proposals of one applicant for one sector submitted at the same moment cannot both pass
    the one-applicant-per-sector check. A submit that finds the proposal submitted already
    (a double click, two tabs) raises ``AlreadySubmitted`` with that submission's receipt."""
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    proposal = selectors.proposals_with_consortium().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.SUBMITTED and proposal.owner_id == by.pk:
        done = proposal.submissions.filter(withdrawn_at__isnull=True).latest("submitted_at")
        raise AlreadySubmitted(done.submitted_at, done.sha256)
    permissions.can_submit_proposal(by, proposal).require()
    applicant = selectors.applicant_of(proposal)
    if applicant is not None:
        Organisation.objects.select_for_update().filter(pk=applicant.organisation_id).first()
    report = specs.evaluate(proposal).report
    if not report.passed:
        missing = " ".join(check.message for check in report.failed)
        raise NotAllowed(_("Not ready to submit: %(missing)s") % {"missing": missing})
    now = timezone.now()
    snapshot = snapshots.proposal_snapshot(proposal, report, lot_rules(proposal.lot), now)
    proposal.status, proposal.submitted_at = Proposal.Status.SUBMITTED, now
    proposal.version += 1
    proposal.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    submission = Submission.objects.create(
        proposal=proposal,
        submitted_at=now,
        submitted_by=by,
        snapshot=snapshot,
        sha256=snapshots.sha256(snapshot),
    )
    queue.send_receipt(submission)
    refresh_after_commit([proposal.pk])
    return submission


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, by: AbstractBaseUser) -> Proposal:
    """Take a submitted proposal back before the deadline; it can be changed and submitted
    again. The verdicts of the applicant's other proposals in the call are stored again."""
    proposal = Proposal.objects.select_for_update().select_related("lot__call").get(pk=proposal.pk)
    permissions.can_withdraw_proposal(by, proposal).require()
    now = timezone.now()
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.version += 1
    proposal.save(update_fields=["status", "version", "updated_at"])
    proposal.submissions.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    refresh_after_commit([proposal.pk])
    return proposal
