"""The proposal wizard's pages. Every step saves the draft before it moves: Save and continue,
Save and go back, and the step links alike ("save, then go where the user asked" is
``submit_step``); an invalid form stays with its errors and everything typed, and a stale
version (another tab saved first) is refused with a clear message."""

from functools import partial
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consortia import selectors, services, specs
from consortia.exceptions import Conflict, NotAllowed
from consortia.forms import LotForm, OrganisationForm, VersionForm, show_error
from consortia.forms.common import error_items
from consortia.models import Organisation, Proposal
from consortia.views import steps
from consortia.views.eligibility import panel_context
from consortia.views.member_rows import RowInvitation, row_invitation, what_remains
from consortia.views.members import members_context


class PartnerRowOnPage(NamedTuple):
    """A row of the partners step: its form, its directory organisation (None when gone from
    the directory) and its saved member's invitation (None before the step is saved)."""

    form: Any
    organisation: Organisation | None
    invitation: RowInvitation | None


def partner_rows(formset: Any, invitations: dict[int, RowInvitation]) -> list[PartnerRowOnPage]:
    rows = []
    for index, form in enumerate(formset):
        organisation = formset.organisation_at(index)
        invitation = invitations.get(organisation.pk) if organisation is not None else None
        rows.append(PartnerRowOnPage(form, organisation, invitation))
    return rows


def step_url(proposal: Proposal, step: str) -> str:
    return reverse(f"consortia:wizard-{step}", args=[proposal.pk])


def draft_or_404(request: HttpRequest, pk: int) -> Proposal:
    """The coordinator's own proposal (anyone else gets 404)."""
    return get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)


def read_only(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """A submitted proposal's steps lead to its review page, saying why."""
    messages.info(request, _("A submitted proposal is read-only; withdraw it to change it."))
    return redirect(step_url(proposal, "review"))


def requested_step(request: HttpRequest, step: steps.Step) -> str:
    """Where the user asked to go: a step link, back, or on."""
    goto = request.POST.get("goto", "")
    if goto in steps.NAMES:
        return goto
    return steps.neighbour(step.name, -1 if "back" in request.POST else 1)


def wants_save(request: HttpRequest, step: steps.Step) -> bool:
    """A POST that saves the step, not one of its buttons that act within it."""
    return request.method == "POST" and not step.stay & set(request.POST)


def submit_step(
    request: HttpRequest, proposal: Proposal, step: steps.Step, form: Any, save: steps.Save
) -> HttpResponse | None:
    """Save the step with the version the page was loaded with, then go where the user asked.
    A step link with nothing changed goes without saving. Returns None when the form is
    invalid (the page shows its errors); raises ``NotAllowed`` when the service refuses, and
    ``Conflict`` when another save came first, unless that save was this very change (a
    double click, a resent form): then the user goes on as if this one had saved it."""
    target = step_url(proposal, requested_step(request, step))
    if "goto" in request.POST and not form.has_changed():
        return redirect(target)
    if not form.is_valid():
        return None
    version = VersionForm(request.POST)
    try:
        if not version.is_valid():
            raise Conflict()
        with transaction.atomic():
            message = save(
                form, proposal=proposal, version=version.cleaned_data["version"], by=request.user
            )
    except Conflict:
        if step.form(request, draft_or_404(request, proposal.pk)).has_changed():
            raise
        return redirect(target)
    if message:
        messages.success(request, message)
    return redirect(target)


def render_step(
    request: HttpRequest,
    proposal: Proposal,
    step: steps.Step,
    context: dict[str, Any],
    *,
    changes: dict[str, Any] | None = None,
    problem: NotAllowed | None = None,
) -> HttpResponse:
    draft = specs.Draft.of(proposal, **(changes or {}))
    version = request.POST.get("version") if request.method == "POST" else proposal.version
    context = {
        "proposal": proposal,
        "step": step.name,
        "adds_partners": step.adds_partners,
        "step_label": step.label,
        "page_name": proposal.acronym or _("New proposal"),
        "steps": steps.STEPS,
        "has_form": step.form is not None,
        "has_previous": step.name != steps.NAMES[0],
        "version": version,
        "problem": problem,
        "conflict": isinstance(problem, Conflict),
        **panel_context(draft),
        **context,
    }
    context["errors"] = error_items(context.get("form"), context.get("formset"), context.get("new"))
    if step.name == "review":
        context["remaining"] = what_remains(context["report"], context["members"])
    status = 409 if isinstance(problem, Conflict) else 200
    return render(request, step.template, context, status=status)


@login_required
def step_page(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """A simple step (lot, project, applicant) or the review. A submitted proposal is
    read-only: its steps lead to the review page."""
    proposal = draft_or_404(request, pk)
    definition = steps.BY_NAME[step]
    if proposal.status == Proposal.Status.SUBMITTED and step != "review":
        return read_only(request, proposal)
    if definition.form is None:
        return render_step(request, proposal, definition, members_context(request, proposal))
    form = definition.form(request, proposal)
    problem = None
    if wants_save(request, definition):
        try:
            if response := submit_step(request, proposal, definition, form, definition.save):
                return response
        except NotAllowed as error:
            problem = error
    context = definition.context(request, form) if definition.context else {"form": form}
    return render_step(
        request, proposal, definition, context, changes=form.changes(), problem=problem
    )


@login_required
def new_proposal(request: HttpRequest) -> HttpResponse:
    form = LotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.start_proposal(lot=form.cleaned_data["lot"], by=request.user)
        return redirect(step_url(proposal, "project"))
    return render(request, "consortia/proposal_new.html", {"form": form})


@login_required
@require_GET
def applicant_search(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = draft_or_404(request, pk)
    query, results = steps.search_results(request)
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
        if not new.is_valid():
            return None
        try:
            return services.create_organisation(by=request.user, **new.service_fields())
        except NotAllowed as error:
            show_error(new, error)
            return None
    if added_id := (request.POST.get("add") or request.GET.get("add")):
        return organisation_or_404(added_id)
    return None


@login_required
def partners_step(request: HttpRequest, pk: int) -> HttpResponse:
    """The partners formset, with rows added from the directory (search, suggestions or an
    organisation created inline) before saving, and each saved row's invitation state."""
    proposal = draft_or_404(request, pk)
    step = steps.BY_NAME["partners"]
    if proposal.status == Proposal.Status.SUBMITTED:
        return read_only(request, proposal)
    creating = "create" in request.POST
    new = OrganisationForm(request.POST if creating else None, prefix="new")
    added = added_partner(request, new)
    formset = steps.partners_form(request, proposal)
    status = formset.refusal(added) if added is not None else None
    if added is not None and status is None:
        formset = steps.partners_form(request, proposal, added)
    problem = None
    if wants_save(request, step):
        save = partial(steps.save_partners, invite="invite" in request.POST)
        try:
            if response := submit_step(request, proposal, step, formset, save):
                return response
        except NotAllowed as error:
            problem = error
    if creating and new.is_valid():
        new = OrganisationForm(prefix="new")
    query, results = steps.search_results(request)
    invitations = {
        m.organisation_id: row_invitation(m)
        for m in selectors.memberships_with_invitations(proposal)
    }
    context = {
        "formset": formset,
        "rows": partner_rows(formset, invitations),
        "new": new,
        "query": query,
        "results": results,
        "status": status,
        # A row added by a reload (no JavaScript, or a suggestion's link from another step)
        # takes the focus, as one added by htmx does.
        "focus_row": formset.forms[-1].prefix if added is not None and status is None else "",
    }
    return render_step(request, proposal, step, context, changes=formset.changes(), problem=problem)


@login_required
@require_GET
def partner_search(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = draft_or_404(request, pk)
    query, results = steps.search_results(request)
    context = {"proposal": proposal, "query": query, "results": results}
    return render(request, "consortia/wizard_partners.html#partner_results", context)


@login_required
@require_POST
def partner_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One more formset row for the organisation in ``add`` (htmx), with the form count
    updated out of band and an event that refreshes the eligibility panel. An organisation
    already in the consortium (or the applicant) gets no second row: the answer says so."""
    proposal = draft_or_404(request, pk)
    organisation = organisation_or_404(request.POST.get("add"))
    status = steps.partners_form(request, proposal).refusal(organisation)
    if status is not None:
        context = {"proposal": proposal, "status": status, "oob": True}
        return render(request, "consortia/wizard_partners.html#partner_status", context)
    formset = steps.partners_form(request, proposal, organisation)
    context = {
        "proposal": proposal,
        "form": formset.forms[-1],
        "organisation": organisation,
        "formset": formset,
        "oob": True,
    }
    response = render(request, "consortia/wizard_partners.html#partner_row", context)
    response["HX-Trigger-After-Swap"] = "partners-changed"
    return response
