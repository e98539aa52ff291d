"""Changes to the organisation directory. Its data has owners: an organisation's managers and
staff with the change permission change it; what anyone else corrects is stored as a
correction for them to accept or refuse, never applied to data other proposals use."""

import copy
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia import permissions
from consortia.exceptions import NotAllowed, full_clean
from consortia.models import CORRECTABLE_FIELDS, Organisation, OrganisationCorrection
from consortia.services import limits
from consortia.services.verdicts import refresh_members_after_commit


@transaction.atomic
def create_organisation(*, by: AbstractBaseUser | None, **fields: Any) -> Organisation:
    """Add an organisation to the directory, managed by its creator; PIC and OID are
    validated and must be new (``NotAllowed`` with the ``fields`` refused). Refused too when
    ``by`` added the most allowed lately (``limits``)."""
    limits.require_organisation_quota(by)
    sectors = fields.pop("sectors", ())
    organisation = Organisation(created_by=by, **fields)
    full_clean(organisation)
    organisation.save()
    organisation.sectors.set(sectors)
    if by is not None:
        organisation.managers.add(by)
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, by: AbstractBaseUser, **fields: Any
) -> Organisation:
    """Change an organisation's data; only its managers or staff with the change permission
    may (others propose a correction), with values the directory takes (``NotAllowed`` with
    the ``fields`` refused otherwise). The verdicts of the proposals it is a member of are
    stored again (``refresh_members_after_commit``)."""
    if not permissions.can_edit_organisation(by, organisation):
        raise NotAllowed(_("Only the organisation's managers can edit it."))
    sectors = fields.pop("sectors", None)
    for name, value in fields.items():
        setattr(organisation, name, value)
    full_clean(organisation)
    organisation.save()
    refresh_members_after_commit([organisation.pk])
    if sectors is not None:
        organisation.sectors.set(sectors)
    return organisation


def changes_to(organisation: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    """The correctable fields whose value differs from the organisation's, as JSON values."""
    changes = {}
    for name, value in fields.items():
        if name not in CORRECTABLE_FIELDS:
            raise NotAllowed(_("%(field)s cannot be corrected.") % {"field": name})
        current = getattr(organisation, name)
        if name == "country":
            current, value = str(current), str(value)
        if (current or None) != (value or None):
            changes[name] = value
    return changes


def with_changes(organisation: Organisation, changes: dict[str, Any]) -> Organisation:
    """A copy of the organisation with the changes, validated (formats, unique PIC and OID);
    raises ``NotAllowed`` with the ``fields`` refused otherwise."""
    changed = copy.copy(organisation)
    for name, value in changes.items():
        setattr(changed, name, value)
    full_clean(changed)
    return changed


@transaction.atomic
def correct_organisation(
    *, organisation: Organisation, by: AbstractBaseUser, fields: dict[str, Any]
) -> OrganisationCorrection | None:
    """Apply ``fields`` when ``by`` may edit the organisation; otherwise store the changed
    ones as a pending correction for its managers (returned). Nothing changed: nothing stored.
    Raises ``NotAllowed`` (with ``fields``) for values the directory would refuse. Applied
    changes store the verdicts of the organisation's proposals again."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = changes_to(organisation, fields)
    if not changes:
        return None
    changed = with_changes(organisation, changes)
    if permissions.can_edit_organisation(by, organisation):
        changed.save()
        refresh_members_after_commit([organisation.pk])
        return None
    return OrganisationCorrection.objects.create(
        organisation=organisation, fields=changes, proposed_by=by
    )


def pending_correction(
    correction: OrganisationCorrection, by: AbstractBaseUser
) -> OrganisationCorrection:
    correction = (
        OrganisationCorrection.objects.select_for_update()
        .select_related("organisation")
        .get(pk=correction.pk)
    )
    if not permissions.can_edit_organisation(by, correction.organisation):
        raise NotAllowed(_("Only the organisation's managers can decide on corrections."))
    if correction.status == OrganisationCorrection.Status.ACCEPTED:
        raise NotAllowed(_("This correction was accepted already."))
    if correction.status != OrganisationCorrection.Status.PENDING:
        raise NotAllowed(_("This correction was refused already."))
    return correction


def decide(
    correction: OrganisationCorrection, by: AbstractBaseUser, status: str
) -> OrganisationCorrection:
    correction.status, correction.decided_by, correction.decided_at = status, by, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at"])
    return correction


@transaction.atomic
def accept_correction(
    *, correction: OrganisationCorrection, by: AbstractBaseUser
) -> OrganisationCorrection:
    """A manager (or staff with the change permission) applies a pending correction. Raises
    ``NotAllowed`` when its values no longer fit (a PIC taken since: with ``fields``), when
    ``by`` may not decide or it was decided already. The verdicts of the organisation's
    proposals are stored again."""
    correction = pending_correction(correction, by)
    organisation = Organisation.objects.select_for_update().get(pk=correction.organisation_id)
    with_changes(organisation, correction.fields).save()
    refresh_members_after_commit([organisation.pk])
    return decide(correction, by, OrganisationCorrection.Status.ACCEPTED)


@transaction.atomic
def refuse_correction(
    *, correction: OrganisationCorrection, by: AbstractBaseUser
) -> OrganisationCorrection:
    """A manager (or staff with the change permission) refuses a pending correction; the
    organisation stays as it is."""
    return decide(pending_correction(correction, by), by, OrganisationCorrection.Status.REFUSED)
