"""The wizard's saves: start a proposal, change its lot and project, choose its applicant and
partners. Each checks that the user may edit the draft and that the version the user saw is
still current (``Conflict`` otherwise)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from consortia import permissions
from consortia.exceptions import Conflict, NotAllowed, full_clean
from consortia.models import Invitation, Membership, Organisation, Proposal
from consortia.services.invitations import PENDING, invite_members
from consortia.services.verdicts import refresh_after_commit
from lots.choices import Role
from lots.models import Lot, Sector
from lots.selectors import offers


@dataclass(frozen=True)
class PartnerRow:
    """One row of the partners step: who, in which role, and whom to invite."""

    organisation: Organisation
    role: str
    contact_email: str = ""
    contact_name: str = ""
    contact_language: str = ""


@transaction.atomic
def start_proposal(*, lot: Lot, by: AbstractBaseUser) -> Proposal:
    """Start a draft proposal to ``lot``, owned by ``by``; its verdict is stored on commit."""
    if not lot.call.is_open:
        raise NotAllowed(_("This call is closed."))
    proposal = Proposal.objects.create(owner=by, lot=lot)
    refresh_after_commit([proposal.pk])
    return proposal


def claim_version(proposal: Proposal, *, version: int, by: AbstractBaseUser) -> None:
    """Take the next version of a draft if ``version`` is still current (optimistic locking):
    a second tab that saves the same step gets ``Conflict`` instead of overwriting. The
    database row decides, not the copy in memory, which may predate a submission."""
    if not permissions.can_edit_proposal(by, proposal):
        raise NotAllowed(_("Only the coordinator can change a draft proposal."))
    claimed = (
        Proposal.objects.filter(pk=proposal.pk, version=version)
        .exclude(status=Proposal.Status.SUBMITTED)
        .update(version=F("version") + 1, updated_at=timezone.now())
    )
    if not claimed:
        if Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.SUBMITTED).exists():
            raise NotAllowed(
                _("The proposal is submitted, so read-only; withdraw it to change it.")
            )
        raise Conflict()
    proposal.version = version + 1


@transaction.atomic
def change_lot(*, proposal: Proposal, lot: Lot, version: int, by: AbstractBaseUser) -> Proposal:
    """Move a draft to another open lot. Its sector stays if the lot's call offers it, else
    it is cleared (another call's own sector means nothing here). Verdicts: this one's and
    its applicant's other proposals' in both calls, on commit."""
    if not lot.call.is_open:
        raise NotAllowed(_("This call is closed."))
    claim_version(proposal, version=version, by=by)
    refresh_after_commit([proposal.pk])
    proposal.lot = lot
    if proposal.sector is not None and not offers(lot.call, proposal.sector):
        proposal.sector = None
    proposal.save(update_fields=["lot", "sector"])
    return proposal


@transaction.atomic
def update_project(
    *,
    proposal: Proposal,
    version: int,
    by: AbstractBaseUser,
    title: str,
    acronym: str,
    sector: Sector | None,
    occupational_profiles: str,
    duration_years: int | None,
    requested_grant_eur: Decimal | None = None,
) -> Proposal:
    """Save the project step: what the proposal is about and how long it runs. Verdicts:
    this one's and (its sector) its applicant's other proposals' in the call, on commit."""
    claim_version(proposal, version=version, by=by)
    refresh_after_commit([proposal.pk])
    proposal.title = title
    proposal.acronym = acronym
    proposal.sector = sector
    proposal.occupational_profiles = occupational_profiles
    proposal.duration_years = duration_years
    proposal.requested_grant_eur = requested_grant_eur
    full_clean(proposal, exclude=["owner", "lot"])
    proposal.save()
    return proposal


@transaction.atomic
def set_applicant(
    *, proposal: Proposal, organisation: Organisation, version: int, by: AbstractBaseUser
) -> Membership:
    """Make ``organisation`` the applicant. The former applicant leaves the consortium; if the
    organisation was a partner, it becomes the applicant instead. Verdicts: this one's and
    the former and new applicant's other proposals' in the call, on commit."""
    claim_version(proposal, version=version, by=by)
    refresh_after_commit([proposal.pk])
    current = proposal.memberships.filter(role=Role.APPLICANT).first()
    if current is not None and current.organisation_id == organisation.pk:
        return current
    proposal.memberships.filter(role=Role.APPLICANT).delete()
    membership, _created = Membership.objects.update_or_create(
        proposal=proposal,
        organisation=organisation,
        defaults={"role": Role.APPLICANT, "position": 0, "contact_email": by.email},
    )
    return membership


ANSWERED = (Membership.Status.ACCEPTED, Membership.Status.DECLINED)
# What asking a member again clears: its answer, the mandate given with it, and the account
# that answered (which saw the proposal through it).
ASKED_AGAIN = {
    "status": Membership.Status.TO_INVITE,
    "mandate_version": "",
    "mandate_confirmed_at": None,
    "mandate_language": "",
    "mandate_confirmed_by": None,
    "contact_user": None,
}


def asks_again(membership: Membership, row: PartnerRow) -> bool:
    """Whether saving ``row`` voids the member's invitation or answer: a new contact email
    once invited or answered (the new contact is asked), or a new role once answered (the
    answer, and a full partner's mandate, were given for the role it had; an invitation
    still pending asks the mandate of the role at the time of accepting)."""
    new_contact = membership.contact_email.lower() != row.contact_email.lower()
    if membership.status == Membership.Status.INVITED:
        return new_contact
    return membership.status in ANSWERED and (new_contact or membership.role != row.role)


@dataclass(frozen=True)
class SavedPartners:
    """What saving the partners step did: the members written, the members to be asked
    again, and the invitations queued."""

    memberships: list[Membership]
    invitations: list[Invitation]
    asked_again: list[Membership]


@transaction.atomic
def save_partners(
    *,
    proposal: Proposal,
    rows: Sequence[PartnerRow],
    version: int,
    by: AbstractBaseUser,
    invite: bool = False,
) -> SavedPartners:
    """Make the consortium's partners exactly ``rows``, in that order: new rows join, changed
    rows are updated, missing rows leave. A member whose contact email changes once invited,
    or whose role changes once it answered, is to be invited again (``asks_again``): its
    answer and mandate are cleared, its pending and accepted links revoked. With
    ``invite``, every contact not invited yet is invited in the same transaction, new rows
    included. A fixed number of queries for any number of rows, but for the invitations.
    The verdict is stored again on commit."""
    organisation_ids = [row.organisation.pk for row in rows]
    if len(set(organisation_ids)) != len(organisation_ids):
        raise NotAllowed(_("An organisation can appear only once in a consortium."))
    if any(row.role == Role.APPLICANT for row in rows):
        raise NotAllowed(_("Partners are full or associated partners; choose the applicant apart."))
    claim_version(proposal, version=version, by=by)
    refresh_after_commit([proposal.pk])
    applicant_ids = set(
        proposal.memberships.filter(role=Role.APPLICANT).values_list("organisation_id", flat=True)
    )
    if applicant_ids & set(organisation_ids):
        raise NotAllowed(_("The applicant cannot also be a partner."))
    existing = {m.organisation_id: m for m in proposal.memberships.exclude(role=Role.APPLICANT)}
    proposal.memberships.exclude(role=Role.APPLICANT).exclude(
        organisation_id__in=organisation_ids
    ).delete()
    changed, created, asked_again = [], [], []
    for position, row in enumerate(rows, start=1):
        fields = {
            "role": row.role,
            "contact_email": row.contact_email,
            "contact_name": row.contact_name,
            "contact_language": row.contact_language,
            "position": position,
        }
        membership = existing.get(row.organisation.pk)
        if membership is None:
            created.append(Membership(proposal=proposal, organisation=row.organisation, **fields))
            continue
        if asks_again(membership, row):
            asked_again.append(membership)
            fields |= ASKED_AGAIN
        if any(getattr(membership, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(membership, name, value)
            changed.append(membership)
    if asked_again:
        # An accepted invitation no longer answers for the member: revoked, it keeps who
        # answered and when, and its link says it was withdrawn.
        Invitation.objects.filter(
            membership__in=asked_again, status__in=(*PENDING, Invitation.Status.ACCEPTED)
        ).update(status=Invitation.Status.REVOKED)
    # The *_with_history helpers keep the change history that bulk writes would skip.
    if changed:
        fields = [
            "role",
            "contact_email",
            "contact_name",
            "contact_language",
            "position",
            *ASKED_AGAIN,
        ]
        bulk_update_with_history(changed, Membership, fields, default_user=by)
    if created:
        bulk_create_with_history(created, Membership, default_user=by)
    invitations = invite_members(proposal=proposal, by=by) if invite else []
    return SavedPartners(
        memberships=[*changed, *created], invitations=invitations, asked_again=asked_again
    )
