"""The wizard's steps, in order, and each step's form bound to a request: shared by the step
pages and by the eligibility endpoint, which reads the same unsaved form."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from consortia import selectors
from consortia.forms import (
    ApplicantForm,
    LotForm,
    PartnerFormSet,
    ProjectForm,
    partner_initial,
    with_added_partner,
)
from consortia.models import Organisation, Proposal
from lots.choices import Role

STEPS = [
    ("lot", _("Lot")),
    ("project", _("Project")),
    ("applicant", _("Applicant")),
    ("partners", _("Partners")),
    ("review", _("Review")),
]
NAMES = [name for name, _label in STEPS]


def neighbour(step: str, offset: int) -> str:
    index = min(max(NAMES.index(step) + offset, 0), len(NAMES) - 1)
    return NAMES[index]


def lot_form(request: HttpRequest, proposal: Proposal) -> LotForm:
    return LotForm(request.POST or None, initial={"lot": proposal.lot_id})


def project_form(request: HttpRequest, proposal: Proposal) -> ProjectForm:
    initial = {
        "title": proposal.title,
        "acronym": proposal.acronym,
        "sector": proposal.sector,
        "occupational_profiles": proposal.occupational_profiles,
        "duration_years": proposal.duration_years,
        "requested_grant_eur": proposal.requested_grant_eur,
    }
    return ProjectForm(request.POST or None, lot=proposal.lot, initial=initial)


def applicant_form(request: HttpRequest, proposal: Proposal) -> ApplicantForm:
    applicant = selectors.applicant_of(proposal)
    initial = {"organisation": applicant.organisation if applicant else None}
    return ApplicantForm(request.POST or None, initial=initial)


def partners_form(
    request: HttpRequest, proposal: Proposal, added: Organisation | None = None
) -> Any:
    """The partners formset: saved rows, or the posted ones; plus a row for ``added``."""
    initial = partner_initial(selectors.partners_of(proposal))
    data = request.POST or None
    if added is not None and data is None:
        initial.append({"organisation": added.pk, "role": Role.FULL_PARTNER})
    elif added is not None:
        data = with_added_partner(data, added)
    applicant = selectors.applicant_of(proposal)
    return PartnerFormSet(
        data, initial=initial, applicant=applicant.organisation if applicant else None
    )


FORMS: dict[str, Callable[[HttpRequest, Proposal], Any]] = {
    "lot": lot_form,
    "project": project_form,
    "applicant": applicant_form,
    "partners": partners_form,
}
