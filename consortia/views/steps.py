"""The wizard's steps, each declared once: its name and label, the form it shows (bound to a
request), the service call that saves it and its template. The step views, the step links
and the eligibility endpoint (which reads the same unsaved form) all work from these."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consortia import selectors, services
from consortia.forms import (
    ApplicantForm,
    LotForm,
    OrganisationForm,
    PartnerFormSet,
    ProjectForm,
    partner_initial,
    with_added_partner,
)
from consortia.forms.common import valid_values
from consortia.models import Membership, Organisation, Proposal
from lots.choices import Role

# What a step's save takes: the valid form, the proposal, the version the page was loaded
# with and the user; it returns a message for the user, or "".
Save = Callable[..., str]


@dataclass(frozen=True)
class Step:
    """One step of the wizard. ``stay`` names the buttons that act within the step (search,
    add a row, create an organisation): they re-render it and save nothing. On the step that
    ``adds_partners``, the eligibility panel's suggestions add a row to its form in place."""

    name: str
    label: Any
    template: str
    form: Callable[[HttpRequest, Proposal], Any] | None = None
    save: Save | None = None
    stay: frozenset[str] = field(default=frozenset())
    context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    adds_partners: bool = False


SEARCH_RESULTS = 10


def search_results(request: HttpRequest) -> tuple[str, list[Organisation]]:
    """The directory search of the applicant and partners steps (``q``). A posted query
    drops null characters, which PostgreSQL refuses (a linked one never gets here:
    ``NullCharacterMiddleware``); a search saves nothing."""
    query = (request.POST.get("q") or request.GET.get("q") or "").replace("\x00", "").strip()
    results = list(selectors.organisations_matching(query)[:SEARCH_RESULTS]) if query else []
    return query, results


def lot_form(request: HttpRequest, proposal: Proposal) -> LotForm:
    return LotForm(request.POST or None, initial={"lot": proposal.lot_id})


def save_lot(form: LotForm, *, proposal: Proposal, version: int, by: AbstractBaseUser) -> str:
    sector = proposal.sector
    services.change_lot(proposal=proposal, lot=form.cleaned_data["lot"], version=version, by=by)
    if sector is not None and proposal.sector is None:
        return _(
            "%(sector)s is not one of this call's sectors: choose one on the project step."
        ) % {"sector": sector.name}
    return ""


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


def save_project(
    form: ProjectForm, *, proposal: Proposal, version: int, by: AbstractBaseUser
) -> str:
    services.update_project(proposal=proposal, version=version, by=by, **form.cleaned_data)
    return ""


@dataclass
class ApplicantChoice:
    """The applicant step's input: an organisation picked from the directory (``pick``), or
    one created inline (``new``) when the "create" button was pressed."""

    pick: ApplicantForm
    new: OrganisationForm
    creating: bool

    def is_valid(self) -> bool:
        return self.new.is_valid() if self.creating else self.pick.is_valid()

    def has_changed(self) -> bool:
        return self.creating or self.pick.has_changed()

    def changes(self) -> dict[str, Any]:
        return {} if self.creating else self.pick.changes()


def applicant_form(request: HttpRequest, proposal: Proposal) -> ApplicantChoice:
    creating = "create" in request.POST
    applicant = selectors.applicant_of(proposal)
    initial = {"organisation": applicant.organisation if applicant else None}
    return ApplicantChoice(
        pick=ApplicantForm(None if creating else (request.POST or None), initial=initial),
        new=OrganisationForm(request.POST if creating else None, prefix="new"),
        creating=creating,
    )


def applicant_context(request: HttpRequest, form: ApplicantChoice) -> dict[str, Any]:
    """The applicant step shows the organisation picked (or saved), the search and the form to
    create one."""
    query, results = search_results(request)
    chosen = valid_values(form.pick, "organisation").get("organisation")
    return {
        "form": form.pick,
        "new": form.new,
        "query": query,
        "results": results,
        "selected": chosen or form.pick.initial.get("organisation"),
    }


def save_applicant(
    form: ApplicantChoice, *, proposal: Proposal, version: int, by: AbstractBaseUser
) -> str:
    if form.creating:
        organisation = services.create_organisation(by=by, **form.new.service_fields())
    else:
        organisation = form.pick.cleaned_data["organisation"]
    services.set_applicant(proposal=proposal, organisation=organisation, version=version, by=by)
    return ""


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
    accepted = frozenset(
        m.organisation_id
        for m in selectors.partners_of(proposal)
        if m.status == Membership.Status.ACCEPTED
    )
    return PartnerFormSet(
        data,
        initial=initial,
        applicant=applicant.organisation if applicant else None,
        accepted=accepted,
        known={m.organisation_id: m.organisation for m in proposal.memberships.all()},
    )


def save_partners(
    formset: Any, *, proposal: Proposal, version: int, by: AbstractBaseUser, invite: bool
) -> str:
    saved = services.save_partners(
        proposal=proposal,
        rows=[services.PartnerRow(**row) for row in formset.rows()],
        version=version,
        by=by,
        invite=invite,
    )
    return " ".join(filter(None, [invited_message(saved, invite), asked_again(saved)]))


def invited_message(saved: services.SavedPartners, invite: bool) -> str:
    if not invite:
        return ""
    if not saved.invitations:
        return str(_("Saved. Every partner with a contact email is invited already."))
    return invitations_queued(len(saved.invitations))


def asked_again(saved: services.SavedPartners) -> str:
    """Names the members whose earlier invitation or answer no longer counts."""
    if not saved.asked_again:
        return ""
    names = ", ".join(str(m.organisation) for m in saved.asked_again)
    return ngettext(
        "%(names)s must be asked again: its role or contact changed after it was invited, "
        "so its invitation and any answer or mandate no longer count.",
        "%(names)s must be asked again: their role or contact changed after they were "
        "invited, so their invitations and any answers or mandates no longer count.",
        len(saved.asked_again),
    ) % {"names": names}


def invitations_queued(count: int) -> str:
    return ngettext(
        "Saved. %(count)d invitation is on its way.",
        "Saved. %(count)d invitations are on their way.",
        count,
    ) % {"count": count}


STEPS = (
    Step("lot", _("Lot"), "consortia/wizard_lot.html", lot_form, save_lot),
    Step("project", _("Project"), "consortia/wizard_project.html", project_form, save_project),
    Step(
        "applicant",
        _("Applicant"),
        "consortia/wizard_applicant.html",
        applicant_form,
        save_applicant,
        stay=frozenset({"search"}),
        context=applicant_context,
    ),
    Step(
        "partners",
        _("Partners"),
        "consortia/wizard_partners.html",
        partners_form,
        save_partners,
        stay=frozenset({"add", "create", "search"}),
        adds_partners=True,
    ),
    Step("review", _("Review"), "consortia/wizard_review.html"),
)
BY_NAME = {step.name: step for step in STEPS}
NAMES = [step.name for step in STEPS]


def neighbour(step: str, offset: int) -> str:
    index = min(max(NAMES.index(step) + offset, 0), len(NAMES) - 1)
    return NAMES[index]
