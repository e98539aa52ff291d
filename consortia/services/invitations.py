"""Invitations: sending them (through the outbox), revoking, copying a link, reminding, and the
partner's answer: accepting with the mandate, or declining. Tokens are signed in the link and
stored only as a SHA-256 (see ``consortia.tokens``); a link works once, until it expires."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consortia import display, emails, permissions, queue, selectors
from consortia.exceptions import NotAllowed
from consortia.models import Invitation, Membership, Organisation, Proposal
from consortia.services import limits
from consortia.services.organisations import correct_organisation
from consortia.services.verdicts import refresh_after_commit
from consortia.tokens import derived_token, new_token
from lots.choices import Role
from portal.languages import languages_by_email, supported


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the task retries."""


def invitation_url(token: str) -> str:
    return emails.absolute_url(reverse("consortia:invitation", args=[token]))


def require_coordinator(proposal: Proposal, by: AbstractBaseUser) -> None:
    if not permissions.can_edit_proposal(by, proposal):
        raise NotAllowed(
            _("Only the coordinator can invite, and not once the proposal is submitted.")
        )


def expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_EXPIRY_DAYS)


# An invitation in these states still has a link that works (or is being sent).
PENDING = (Invitation.Status.QUEUED, Invitation.Status.SENT, Invitation.Status.FAILED)
# Being sent: tried again until sent or expired.
UNSENT = (Invitation.Status.QUEUED, Invitation.Status.FAILED)


def revoke_pending(membership: Membership, *, keep: Invitation | None = None) -> None:
    pending = membership.invitations.filter(status__in=PENDING)
    if keep is not None:
        pending = pending.exclude(pk=keep.pk)
    pending.update(status=Invitation.Status.REVOKED)


def recipient_languages(memberships: Iterable[Membership]) -> dict[int, str]:
    """The language each member's invitation goes out in, by membership id: the contact's
    language chosen for the member, else the language saved by a user with the contact's
    address, else the inviting coordinator's active language (the request's)."""
    memberships = list(memberships)
    saved = languages_by_email(m.contact_email for m in memberships if not m.contact_language)
    fallback = supported(translation.get_language()) or settings.LANGUAGE_CODE
    return {
        m.pk: supported(m.contact_language)
        or supported(saved.get(m.contact_email.lower()))
        or fallback
        for m in memberships
    }


def queue_invitation(
    membership: Membership, by: AbstractBaseUser, *, language: str | None = None, **fields: Any
) -> Invitation:
    """An invitation email to send: in ``language``, else as ``recipient_languages`` says."""
    language = language or recipient_languages([membership])[membership.pk]
    invitation = Invitation.objects.create(
        membership=membership,
        email=membership.contact_email,
        created_by=by,
        language=language,
        **fields,
    )
    invitation.token_hash = emailed_token(invitation)[1]
    invitation.save(update_fields=["token_hash"])
    queue.send_invitation(invitation)
    return invitation


def emailed_token(invitation: Invitation) -> tuple[str, str]:
    return derived_token(invitation.pk, invitation.created_at.isoformat())


def locked_member(membership: Membership, by: AbstractBaseUser) -> Membership:
    """The member read afresh under a lock of its proposal's row, the lock every invitation
    change takes, so that two at once (a double click) happen one after the other."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("lot__call")
        .get(pk=membership.proposal_id)
    )
    require_coordinator(proposal, by)
    return Membership.objects.select_related("organisation").get(pk=membership.pk)


# A second Resend this soon after the first, while its email is still queued, is the same click.
SAME_CLICK = timedelta(seconds=10)
INVITABLE = (Membership.Status.TO_INVITE,)
INVITABLE_ONE_BY_ONE = (Membership.Status.TO_INVITE, Membership.Status.DECLINED)


@transaction.atomic
def invite_members(
    *, proposal: Proposal, by: AbstractBaseUser, membership_ids: Iterable[int] | None = None
) -> list[Invitation]:
    """Email an invitation to the contact of each partner not invited yet (all of them, or
    those of ``membership_ids``, where a partner who declined may be asked again). Partners
    without a contact email, already invited or accepted are skipped. The emails leave
    through Celery once the transaction commits. Raises ``NotAllowed`` when they would pass
    the limits of invitation emails per proposal or per address (``limits``).

    The members are read afresh under a lock of the proposal row, never from a copy the
    caller holds: rows saved just before are invited, and a second request at the same moment
    (a double click) waits, then finds everyone invited and invites nobody twice."""
    proposal = Proposal.objects.select_for_update().select_related("lot__call").get(pk=proposal.pk)
    require_coordinator(proposal, by)
    candidates = (
        proposal.memberships.exclude(role=Role.APPLICANT)
        .exclude(contact_email="")
        .select_related("organisation")
        .order_by("position", "pk")
    )
    if membership_ids is None:
        candidates = candidates.filter(status__in=INVITABLE)
    else:
        candidates = candidates.filter(pk__in=list(membership_ids), status__in=INVITABLE_ONE_BY_ONE)
    candidates = list(candidates)
    limits.require_invitation_quota(proposal.pk, [m.contact_email for m in candidates])
    languages = recipient_languages(candidates)
    invited = []
    for membership in candidates:
        invited.append(
            queue_invitation(membership, by, language=languages[membership.pk], expires_at=expiry())
        )
        membership.status = Membership.Status.INVITED
        membership.save(update_fields=["status"])
    if invited:
        refresh_after_commit([proposal.pk])
    return invited


@transaction.atomic
def resend_invitation(*, membership: Membership, by: AbstractBaseUser) -> Invitation:
    """A new invitation email with a new link; earlier links of this member stop working. An
    email queued moments ago and not sent yet is the answer to a second click: no second.
    Refused over the limits of invitation emails (``limits``)."""
    membership = locked_member(membership, by)
    queued = membership.invitations.filter(
        status=Invitation.Status.QUEUED,
        channel=Invitation.Channel.EMAIL,
        created_at__gte=timezone.now() - SAME_CLICK,
    ).first()
    if queued is not None:
        return queued
    if membership.status == Membership.Status.ACCEPTED:
        raise NotAllowed(_("%(name)s has accepted already.") % {"name": membership.organisation})
    if not membership.contact_email:
        raise NotAllowed(
            _("Add a contact email for %(name)s first.") % {"name": membership.organisation}
        )
    limits.require_invitation_quota(membership.proposal_id, [membership.contact_email])
    revoke_pending(membership)
    membership.status = Membership.Status.INVITED
    membership.save(update_fields=["status"])
    refresh_after_commit([membership.proposal_id])
    return queue_invitation(membership, by, expires_at=expiry())


@transaction.atomic
def revoke_invitations(*, membership: Membership, by: AbstractBaseUser) -> None:
    """Stop every pending link of a member; the member can be invited again. Revoking what
    was just revoked (a double click) changes nothing."""
    membership = locked_member(membership, by)
    if membership.status == Membership.Status.TO_INVITE:
        return
    if membership.status != Membership.Status.INVITED:
        raise NotAllowed(_("There is no pending invitation to revoke."))
    revoke_pending(membership)
    membership.status = Membership.Status.TO_INVITE
    membership.save(update_fields=["status"])
    refresh_after_commit([membership.proposal_id])


@transaction.atomic
def create_link(*, membership: Membership, by: AbstractBaseUser) -> str:
    """A new invitation link to pass on by hand (no email). It is shown once: only its hash is
    kept. Earlier links of this member keep working until used or expired."""
    membership = locked_member(membership, by)
    if membership.role == Role.APPLICANT or membership.status == Membership.Status.ACCEPTED:
        raise NotAllowed(_("%(name)s needs no invitation.") % {"name": membership.organisation})
    token, token_hash = new_token()
    Invitation.objects.create(
        membership=membership,
        email=membership.contact_email,
        channel=Invitation.Channel.LINK,
        language=recipient_languages([membership])[membership.pk],
        status=Invitation.Status.SENT,
        sent_at=timezone.now(),
        token_hash=token_hash,
        expires_at=expiry(),
        created_by=by,
    )
    membership.status = Membership.Status.INVITED
    membership.save(update_fields=["status"])
    refresh_after_commit([membership.proposal_id])
    return invitation_url(token)


def deliver_invitation(*, invitation_id: int, mark_failed: bool) -> None:
    """One attempt to email an invitation, from its task. Every attempt carries the same
    link, so a mail server that stored a message but answered too late leaves two emails
    with one working link. Does nothing once the invitation is sent, answered or revoked.
    Raises ``DeliveryFailed`` when the mail server fails; with ``mark_failed`` the
    invitation shows as failed (it is still retried, and stays resendable)."""
    with transaction.atomic():
        invitation = (
            selectors.invitations_with_proposal()
            .select_for_update(of=("self",))
            .filter(pk=invitation_id, status__in=UNSENT)
            .first()
        )
        if invitation is None:
            return
        invitation.attempts += 1
        invitation.save(update_fields=["attempts"])
    token = emailed_token(invitation)[0]
    try:
        emails.invitation_message(invitation, invitation_url(token)).send()
    except OSError as error:  # smtplib's errors are OSErrors, as are refused connections
        failed = {"last_error": f"{type(error).__name__}: {error}"[:1000]}
        if mark_failed:
            failed["status"] = Invitation.Status.FAILED
        Invitation.objects.filter(pk=invitation_id, status__in=UNSENT).update(**failed)
        raise DeliveryFailed(failed["last_error"]) from error
    Invitation.objects.filter(pk=invitation_id, status__in=UNSENT).update(
        status=Invitation.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def invitation_not_sent(*, invitation_id: int) -> None:
    """Its link expired before any attempt got through: it shows as failed."""
    Invitation.objects.filter(pk=invitation_id, status__in=UNSENT).update(
        status=Invitation.Status.FAILED
    )


def usable(invitation: Invitation) -> Invitation:
    """The invitation, locked, if its link can still be used; ``NotAllowed`` otherwise. Its
    proposal's row is locked first, the lock every invitation change takes: two links of one
    member answered at once, or an answer during a Resend, happen one after the other, and
    the second finds its link revoked by the first."""
    proposal_id = Membership.objects.filter(pk=invitation.membership_id).values("proposal_id")
    Proposal.objects.select_for_update().filter(pk__in=proposal_id).first()
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = selectors.invitation_problem(locked)
    if problem is not None:
        raise NotAllowed(display.INVITATION_PROBLEMS[problem])
    return locked


def wrong_account_message(invitation: Invitation) -> str:
    return _(
        "This invitation is for %(email)s. Sign in with that address (confirmed by email) "
        "to accept it."
    ) % {"email": invitation.email}


def vouched_for(invitation: Invitation, by: AbstractBaseUser, organisation: Organisation) -> bool:
    """The invitation was sent to the address of the account accepting it, by someone who
    manages the organisation: the coordinator chose who holds the address, so only a
    manager's choice makes a manager."""
    return (
        invitation.email.casefold() == (getattr(by, "email", "") or "").casefold()
        and invitation.created_by is not None
        and permissions.can_edit_organisation(invitation.created_by, organisation)
    )


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    by: AbstractBaseUser,
    mandate_version: str | None,
    organisation_fields: dict[str, Any],
) -> Membership:
    """The partner accepts: its organisation's data as confirmed or corrected, and for a full
    partner the mandate (the version shown, which must still be the newest). Only an account
    with the invited address, verified, may (``NotAllowed`` otherwise). The link is used up,
    the member's other links stop working, and the coordinator is told by email.

    The partner becomes a manager of the organisation when the invitation went to their own
    address from one of its managers; then corrections apply at once, otherwise they wait
    for the managers as a correction (``correct_organisation``)."""
    invitation = usable(invitation)
    if not permissions.can_answer_invitation(by, invitation):
        raise NotAllowed(wrong_account_message(invitation))
    membership = Membership.objects.select_related("organisation").get(pk=invitation.membership_id)
    now = timezone.now()
    if membership.role == Role.FULL_PARTNER:
        mandate = selectors.latest_mandate()
        if mandate_version != mandate.version:
            changed = _("The mandate text has changed; read it again and confirm it.")
            raise NotAllowed(fields={"mandate": [changed]})
        membership.mandate_version = mandate.version
        membership.mandate_confirmed_at = now
        membership.mandate_confirmed_by = by
        # The text shown was the active language's (English when it had no translation).
        membership.mandate_language = mandate.language_shown()
    if vouched_for(invitation, by, membership.organisation):
        membership.organisation.managers.add(by)
    correct_organisation(organisation=membership.organisation, by=by, fields=organisation_fields)
    membership.status = Membership.Status.ACCEPTED
    membership.contact_user = by
    membership.save()
    refresh_after_commit([membership.proposal_id])
    invitation.status = Invitation.Status.ACCEPTED
    invitation.responded_at, invitation.responded_by = now, by
    invitation.save(update_fields=["status", "responded_at", "responded_by"])
    revoke_pending(membership, keep=invitation)
    queue.notify_coordinator(invitation, Invitation.Status.ACCEPTED)
    return membership


@transaction.atomic
def decline_invitation(
    *, invitation: Invitation, by: AbstractBaseUser | None, reason: str
) -> Membership:
    """The partner declines, with a reason; the coordinator is told by email."""
    if not reason.strip():
        raise NotAllowed(fields={"reason": [_("Tell the coordinator why, in a few words.")]})
    invitation = usable(invitation)
    membership = invitation.membership
    membership.status = Membership.Status.DECLINED
    membership.save(update_fields=["status"])
    refresh_after_commit([membership.proposal_id])
    invitation.status = Invitation.Status.DECLINED
    invitation.decline_reason = reason.strip()
    invitation.responded_at = timezone.now()
    invitation.responded_by = by if by is not None and by.is_authenticated else None
    invitation.save(update_fields=["status", "decline_reason", "responded_at", "responded_by"])
    revoke_pending(membership, keep=invitation)
    queue.notify_coordinator(invitation, Invitation.Status.DECLINED)
    return membership


@transaction.atomic
def request_new_link(*, invitation: Invitation) -> None:
    """Someone holding an unusable link asks the coordinator for a new one (once a day)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    if invitation.new_link_requested_at and invitation.new_link_requested_at > now - timedelta(
        days=1
    ):
        return
    invitation.new_link_requested_at = now
    invitation.save(update_fields=["new_link_requested_at"])
    queue.notify_coordinator(invitation, "new_link")


def still_pending(invitation: Invitation) -> bool:
    return Invitation.objects.filter(
        pk=invitation.pk,
        status=Invitation.Status.SENT,
        membership__status=Membership.Status.INVITED,
    ).exists()


def send_due_reminders() -> int:
    """Remind each pending invitee once a few days before the link expires, and once a few
    days before the deadline, never more than once a day per invitation. A reminder is a new
    email with a new link (the first link keeps working) that expires with the first one."""
    now = timezone.now()
    soon = now + timedelta(days=settings.REMINDER_DAYS_BEFORE)
    pending = selectors.pending_email_invitations(now).exclude(
        reminded_at__gt=now - timedelta(days=1)
    )
    due = pending.filter(
        Q(expiry_reminder_sent=False, expires_at__lte=soon)
        | Q(deadline_reminder_sent=False, deadline__gt=now, deadline__lte=soon)
    )
    count = 0
    for invitation in due:
        with transaction.atomic():
            Proposal.objects.select_for_update().filter(
                pk=invitation.membership.proposal_id
            ).first()
            if not still_pending(invitation):
                continue  # answered, revoked or resent since the list was read
            expiring = not invitation.expiry_reminder_sent and invitation.expires_at <= soon
            invitation.expiry_reminder_sent |= expiring
            invitation.deadline_reminder_sent |= not expiring
            invitation.reminded_at = now
            invitation.save(
                update_fields=["expiry_reminder_sent", "deadline_reminder_sent", "reminded_at"]
            )
            queue_invitation(
                invitation.membership,
                invitation.created_by,
                language=invitation.language,
                expires_at=invitation.expires_at,
                reminder_of=invitation,
            )
        count += 1
    return count
