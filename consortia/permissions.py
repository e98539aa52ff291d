"""Who may do what: predicates without side effects."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from consortia.models import Organisation, Proposal

User = AbstractBaseUser | AnonymousUser


def can_edit_proposal(user: User, proposal: Proposal) -> bool:
    """The owner edits a draft; nobody edits a submitted proposal."""
    return (
        user.is_authenticated
        and proposal.owner_id == user.pk
        and proposal.status != Proposal.Status.SUBMITTED
    )


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    return user.is_authenticated and (
        getattr(user, "is_staff", False) or organisation.created_by_id == user.pk
    )
