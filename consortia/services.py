"""Every state change of organisations, proposals and memberships: one function each, the only
code that writes. Services check permissions themselves and raise ``NotAllowed``."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from consortia import permissions
from consortia.exceptions import NotAllowed
from consortia.models import Membership, Organisation, Proposal
from lots.choices import Role
from lots.models import Lot


@transaction.atomic
def create_organisation(*, by: AbstractBaseUser | None, **fields: Any) -> Organisation:
    """Add an organisation to the directory; PIC and OID are validated and must be new."""
    sectors = fields.pop("sectors", ())
    organisation = Organisation(created_by=by, **fields)
    organisation.full_clean()
    organisation.save()
    organisation.sectors.set(sectors)
    return organisation


@transaction.atomic
def create_proposal(*, by: AbstractBaseUser, lot: Lot, **fields: Any) -> Proposal:
    """Start a draft proposal owned by ``by``."""
    if not lot.call.is_open:
        raise NotAllowed(_("This call is closed."))
    proposal = Proposal(owner=by, lot=lot, **fields)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def add_member(
    *,
    proposal: Proposal,
    organisation: Organisation,
    role: str,
    by: AbstractBaseUser,
    contact_email: str = "",
    contact_name: str = "",
) -> Membership:
    """Add an organisation to the consortium in a role; the applicant replaces any earlier one."""
    if not permissions.can_edit_proposal(by, proposal):
        raise NotAllowed(_("Only the coordinator can change a draft proposal."))
    if proposal.memberships.filter(organisation=organisation).exists():
        raise NotAllowed(_("%(name)s is already in the consortium.") % {"name": organisation})
    if role == Role.APPLICANT:
        proposal.memberships.filter(role=Role.APPLICANT).delete()
    membership = Membership(
        proposal=proposal,
        organisation=organisation,
        role=role,
        contact_email=contact_email,
        contact_name=contact_name,
        position=proposal.memberships.count(),
    )
    membership.full_clean()
    membership.save()
    return membership
