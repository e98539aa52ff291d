"""Forms: input shape and field validation only. Saving is the services' job; eligibility is
the engine's (through specs). One module per flow; the names are imported here."""

from consortia.forms.common import show_error
from consortia.forms.imports import ImportForm
from consortia.forms.invitations import AcceptInvitationForm, DeclineInvitationForm
from consortia.forms.organisations import DirectoryFilterForm, OrganisationForm
from consortia.forms.partners import (
    MAX_PARTNERS,
    PARTNERS_PREFIX,
    PartnerFormSet,
    partner_initial,
    with_added_partner,
)
from consortia.forms.wizard import ApplicantForm, LotForm, ProjectForm, VersionForm

__all__ = [
    "MAX_PARTNERS",
    "PARTNERS_PREFIX",
    "AcceptInvitationForm",
    "ApplicantForm",
    "DeclineInvitationForm",
    "DirectoryFilterForm",
    "ImportForm",
    "LotForm",
    "OrganisationForm",
    "PartnerFormSet",
    "ProjectForm",
    "VersionForm",
    "partner_initial",
    "show_error",
    "with_added_partner",
]
