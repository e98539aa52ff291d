"""Invitations: the one a link opens, those a reminder is due for, and each member's."""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce

from consortia import tokens
from consortia.models import Invitation, MandateText, Membership, Proposal
from consortia.selectors.proposals import User, memberships_with_organisations


def has_verified_address(user: User, email: str) -> bool:
    """Whether the account verified this address (in any case)."""
    return EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists()


def invitations_with_proposal() -> QuerySet[Invitation]:
    return Invitation.objects.select_related(
        "membership__organisation",
        "membership__proposal__lot__call",
        "membership__proposal__owner",
    )


def invitation_problem(invitation: Invitation) -> str | None:
    """Why a link can no longer be used (a key of INVITATION_PROBLEMS), or None."""
    if invitation.status == Invitation.Status.REVOKED:
        answered = (Membership.Status.ACCEPTED, Membership.Status.DECLINED)
        return "answered" if invitation.membership.status in answered else "revoked"
    if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.DECLINED):
        return "used"
    if invitation.is_expired:
        return "expired"
    return None


def invitation_for_token(token: str) -> tuple[Invitation | None, str | None]:
    """The invitation a link's token opens, and why it cannot be used (None when it can)."""
    try:
        stored = tokens.token_hash(token)
    except signing.BadSignature:
        return None, "tampered"
    invitation = invitations_with_proposal().filter(token_hash=stored).first()
    if invitation is None:
        return None, "unknown"
    return invitation, invitation_problem(invitation)


def pending_email_invitations(now: datetime) -> QuerySet[Invitation]:
    """First invitation emails still waiting for an answer, with the deadline that applies."""
    return (
        invitations_with_proposal()
        .filter(
            channel=Invitation.Channel.EMAIL,
            status=Invitation.Status.SENT,
            reminder_of__isnull=True,
            expires_at__gt=now,
            membership__status=Membership.Status.INVITED,
        )
        .annotate(
            deadline=Coalesce(
                "membership__proposal__lot__deadline", "membership__proposal__lot__call__deadline"
            )
        )
    )


def memberships_with_invitations(proposal: Proposal) -> list[Membership]:
    """The members of a proposal, each with its invitations newest first (two queries)."""
    return list(
        memberships_with_organisations()
        .filter(proposal=proposal)
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at", "-pk"))
        )
    )


def answer_undone(membership: Membership) -> bool:
    """Whether a member not invited got there from an answer, the last thing that happened
    to its invitations (only a new role or contact, in ``services.save_partners``, undoes
    one), rather than from a revoked invitation sent after it."""
    invitations = membership.invitations.all()
    answered = [i.responded_at for i in invitations if i.responded_at is not None]
    return bool(answered) and all(i.created_at <= max(answered) for i in invitations)


def latest_mandate() -> MandateText:
    """The mandate a full partner confirms today: the newest text."""
    return MandateText.objects.order_by("-created_at", "-pk").first()
