"""The proposal wizard: lot, project, applicant, partners, review. Every step saves a draft on
Next (or Back); a stale version (another tab saved first) is refused with a clear message."""

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consortia import selectors, services, specs
from consortia.exceptions import Conflict, NotAllowed
from consortia.forms import LotForm, OrganisationForm, VersionForm
from consortia.models import Organisation, Proposal
from consortia.views import steps
from consortia.views.eligibility import panel_context
from consortia.views.members import members_context
from lots.selectors import sectors_for_search

SEARCH_RESULTS = 10


def wizard_step(step: str) -> Callable[..., Any]:
    """Load the coordinator's proposal for a step (anyone else gets 404). A submitted
    proposal is read-only: its steps lead to the review page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def load(request: HttpRequest, pk: int) -> HttpResponse:
            proposal = get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)
            if proposal.status == Proposal.Status.SUBMITTED and step != "review":
                messages.info(
                    request, _("A submitted proposal is read-only; withdraw it to change it.")
                )
                return redirect(step_url(proposal, "review"))
            return view(request, proposal)

        return load

    return decorator


def step_url(proposal: Proposal, step: str) -> str:
    return reverse(f"consortia:wizard-{step}", args=[proposal.pk])


def save_step(request: HttpRequest, proposal: Proposal, step: str, save: Callable[[int], Any]):
    """Run ``save`` with the version the page was loaded with; then go Back or Next. Returns
    the redirect, or the problem to show (and whether it is a conflict)."""
    version = VersionForm(request.POST)
    try:
        if not version.is_valid():
            raise Conflict()
        save(version.cleaned_data["version"])
    except NotAllowed as error:
        return None, error
    offset = -1 if "back" in request.POST else 1
    return redirect(step_url(proposal, steps.neighbour(step, offset))), None


def render_step(
    request: HttpRequest,
    proposal: Proposal,
    step: str,
    context: dict[str, Any],
    *,
    changes: dict[str, Any] | None = None,
    problem: NotAllowed | None = None,
) -> HttpResponse:
    draft = replace(specs.draft_of(proposal), **(changes or {}))
    version = request.POST.get("version") if request.method == "POST" else proposal.version
    context = {
        "proposal": proposal,
        "step": step,
        "steps": steps.STEPS,
        "version": version,
        "problem": problem,
        "conflict": isinstance(problem, Conflict),
        **panel_context(draft),
        **context,
    }
    status = 409 if isinstance(problem, Conflict) else 200
    return render(request, f"consortia/wizard_{step}.html", context, status=status)


@login_required
def new_proposal(request: HttpRequest) -> HttpResponse:
    form = LotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.start_proposal(lot=form.cleaned_data["lot"], by=request.user)
        return redirect(step_url(proposal, "project"))
    return render(request, "consortia/proposal_new.html", {"form": form, "steps": steps.STEPS})


@wizard_step("lot")
def lot_step(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    form = steps.lot_form(request, proposal)
    problem = None
    if request.method == "POST" and form.is_valid():
        lot = form.cleaned_data["lot"]
        response, problem = save_step(
            request,
            proposal,
            "lot",
            lambda version: services.change_lot(
                proposal=proposal, lot=lot, version=version, by=request.user
            ),
        )
        if response:
            return response
    changes = form.changes() if form.is_bound else {}
    return render_step(request, proposal, "lot", {"form": form}, changes=changes, problem=problem)


@wizard_step("project")
def project_step(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    form = steps.project_form(request, proposal)
    problem = None
    if request.method == "POST" and form.is_valid():
        response, problem = save_step(
            request,
            proposal,
            "project",
            lambda version: services.update_project(
                proposal=proposal, version=version, by=request.user, **form.cleaned_data
            ),
        )
        if response:
            return response
    changes = form.changes() if form.is_bound else {}
    context = {"form": form, "sectors": sectors_for_search()}
    return render_step(request, proposal, "project", context, changes=changes, problem=problem)


def create_organisation(request: HttpRequest, form: OrganisationForm) -> Organisation | None:
    if not form.is_valid():
        return None
    return services.create_organisation(by=request.user, **form.service_fields())


def search_results(request: HttpRequest) -> tuple[str, list[Organisation]]:
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    results = list(selectors.organisations_matching(query)[:SEARCH_RESULTS]) if query else []
    return query, results


def chosen_applicant(request: HttpRequest, form: Any, new: OrganisationForm) -> Organisation | None:
    """The organisation picked (Next or Back) or created inline; None when only searching."""
    if "create" in request.POST:
        return create_organisation(request, new)
    if request.method == "POST" and "search" not in request.POST and form.is_valid():
        return form.cleaned_data["organisation"]
    return None


@wizard_step("applicant")
def applicant_step(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    form = steps.applicant_form(request, proposal)
    new = OrganisationForm(request.POST if "create" in request.POST else None, prefix="new")
    chosen = chosen_applicant(request, form, new)
    problem = None
    if chosen is not None:
        response, problem = save_step(
            request,
            proposal,
            "applicant",
            lambda version: services.set_applicant(
                proposal=proposal, organisation=chosen, version=version, by=request.user
            ),
        )
        if response:
            return response
    query, results = search_results(request)
    selected = chosen or form.initial.get("organisation")
    context = {"form": form, "new": new, "query": query, "results": results, "selected": selected}
    changes = {"applicant": chosen} if chosen else {}
    return render_step(request, proposal, "applicant", context, changes=changes, problem=problem)


@wizard_step("applicant")
@require_GET
def applicant_search(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    query, results = search_results(request)
    context = {"proposal": proposal, "query": query, "results": results}
    return render(request, "consortia/wizard_applicant.html#applicant_results", context)


def organisation_or_404(value: str | None) -> Organisation:
    """The directory organisation a posted or linked id names; 404 for anything else."""
    if not (value or "").isdigit():
        raise Http404
    return get_object_or_404(Organisation, pk=int(value))


def added_partner(request: HttpRequest, new: OrganisationForm) -> Organisation | None:
    """The organisation to add as a row: created inline, or chosen from search results or
    suggestions (without JavaScript); None otherwise."""
    if "create" in request.POST:
        return create_organisation(request, new)
    if added_id := (request.POST.get("add") or request.GET.get("add")):
        return organisation_or_404(added_id)
    return None


def save_partners_and_invite(
    request: HttpRequest, proposal: Proposal, rows: list[services.PartnerRow], version: int
) -> None:
    """Save the rows; with "Save and invite", also invite the contacts not invited yet."""
    services.save_partners(proposal=proposal, rows=rows, version=version, by=request.user)
    if "invite" in request.POST:
        invited = services.invite_members(proposal=proposal, by=request.user)
        messages.success(
            request, _("%(count)d invitations are on their way.") % {"count": len(invited)}
        )


@wizard_step("partners")
def partners_step(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    creating = "create" in request.POST
    new = OrganisationForm(request.POST if creating else None, prefix="new")
    formset = steps.partners_form(request, proposal, added_partner(request, new))
    saving = request.method == "POST" and not {"add", "create", "search"} & set(request.POST)
    problem = None
    if saving and formset.is_valid():
        rows = [services.PartnerRow(**row) for row in formset.rows()]
        response, problem = save_step(
            request,
            proposal,
            "partners",
            lambda version: save_partners_and_invite(request, proposal, rows, version),
        )
        if response:
            return response
    if creating and new.is_valid():
        new = OrganisationForm(prefix="new")
    states = {
        m.organisation_id: selectors.invitation_state(m)
        for m in selectors.memberships_with_invitations(proposal)
    }
    for form in formset:
        form.invitation_state = states.get(getattr(form.organisation_instance, "pk", None))
    query, results = search_results(request)
    context = {"formset": formset, "new": new, "query": query, "results": results}
    return render_step(
        request, proposal, "partners", context, changes=formset.changes(), problem=problem
    )


@wizard_step("partners")
@require_GET
def partner_search(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    query, results = search_results(request)
    context = {"proposal": proposal, "query": query, "results": results}
    return render(request, "consortia/wizard_partners.html#partner_results", context)


@wizard_step("partners")
@require_POST
def partner_row(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """One more formset row for the organisation in ``add`` (htmx), with the form count
    updated out of band and an event that refreshes the eligibility panel."""
    organisation = organisation_or_404(request.POST.get("add"))
    formset = steps.partners_form(request, proposal, organisation)
    context = {"proposal": proposal, "form": formset.forms[-1], "formset": formset, "oob": True}
    response = render(request, "consortia/wizard_partners.html#partner_row", context)
    response["HX-Trigger-After-Swap"] = "partners-changed"
    return response


@wizard_step("review")
def review_step(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """The summary, the report, the members with their invitations, and submission."""
    return render_step(request, proposal, "review", members_context(request, proposal))
