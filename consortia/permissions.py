"""Who may do what: predicates without side effects."""

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from consortia.models import Invitation, Organisation, Proposal

User = AbstractBaseUser | AnonymousUser


def is_coordinator(user: User, proposal: Proposal) -> bool:
    return user.is_authenticated and proposal.owner_id == user.pk


def can_edit_proposal(user: User, proposal: Proposal) -> bool:
    """The coordinator edits a draft or a withdrawn proposal; nobody edits a submitted one."""
    return is_coordinator(user, proposal) and proposal.status != Proposal.Status.SUBMITTED


def deadline_open(proposal: Proposal) -> bool:
    deadline = proposal.lot.effective_deadline
    return deadline is None or timezone.now() < deadline


def can_submit_proposal(user: User, proposal: Proposal) -> bool:
    """Whether to offer submission; the service checks the report too."""
    return can_edit_proposal(user, proposal) and deadline_open(proposal)


def can_withdraw_proposal(user: User, proposal: Proposal) -> bool:
    return (
        is_coordinator(user, proposal)
        and proposal.status == Proposal.Status.SUBMITTED
        and deadline_open(proposal)
    )


REVIEWERS_GROUP = "Reviewers"


def can_review(user: User) -> bool:
    """Staff and the Reviewers group see every proposal (in admin, and its exports)."""
    return user.is_authenticated and (
        getattr(user, "is_staff", False) or user.groups.filter(name=REVIEWERS_GROUP).exists()
    )


def can_export_proposal(user: User, proposal: Proposal) -> bool:
    """The coordinator, partners who accepted, and reviewers."""
    return (
        is_coordinator(user, proposal)
        or can_review(user)
        or proposal.memberships.filter(contact_user_id=user.pk, status="accepted").exists()
    )


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    return user.is_authenticated and (
        getattr(user, "is_staff", False) or organisation.created_by_id == user.pk
    )


def can_answer_invitation(user: User, invitation: Invitation) -> bool:
    """Only an account that verified the address the invitation went to accepts it: holding
    the link is not enough, since a copied link passes through the coordinator's hands."""
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(
            user_id=user.pk, email__iexact=invitation.email, verified=True
        ).exists()
    )
