"""Changes to the organisation directory."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from consortia import permissions
from consortia.exceptions import NotAllowed
from consortia.models import Organisation
from consortia.services import limits


@transaction.atomic
def create_organisation(*, by: AbstractBaseUser | None, **fields: Any) -> Organisation:
    """Add an organisation to the directory; PIC and OID are validated and must be new.
    Refused (``NotAllowed``) when ``by`` added the most allowed lately (``limits``)."""
    limits.require_organisation_quota(by)
    sectors = fields.pop("sectors", ())
    organisation = Organisation(created_by=by, **fields)
    organisation.full_clean()
    organisation.save()
    organisation.sectors.set(sectors)
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, by: AbstractBaseUser, **fields: Any
) -> Organisation:
    """Change an organisation's data; only its creator or staff may."""
    if not permissions.can_edit_organisation(by, organisation):
        raise NotAllowed(_("Only the organisation's creator or staff can edit it."))
    sectors = fields.pop("sectors", None)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if sectors is not None:
        organisation.sectors.set(sectors)
    return organisation
