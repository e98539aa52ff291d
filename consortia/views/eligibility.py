"""The live eligibility panel: its context, and the endpoint htmx posts a step's form to."""

from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from consortia import selectors, specs
from consortia.models import Organisation
from consortia.views import steps
from lots import rules
from lots.choices import Role


@dataclass(frozen=True)
class Suggestion:
    """A directory organisation that would close a gap, and what it adds ("Adds Latvia, a 6th
    Programme country.")."""

    organisation: Organisation
    adds: str


def panel_context(draft: specs.Draft) -> dict[str, Any]:
    """The report of a draft and, for failing minima, directory organisations that would help."""
    evaluation = specs.evaluate_draft(draft)
    spec, lot = evaluation.spec, evaluation.rules
    members = {int(m.key) for m in spec.members if m.key is not None}
    found = selectors.gap_suggestions(rules.gaps(spec, lot), exclude=members, sector=draft.sector)
    suggestions = []
    for organisation in found:
        member = specs.member_spec(organisation, Role.FULL_PARTNER, None)
        suggestions.append(Suggestion(organisation, rules.contribution(spec, lot, member).sentence))
    return {"report": evaluation.report, "suggestions": suggestions, "panel_lot": draft.lot}


@login_required
@require_POST
def eligibility_check(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """The panel for the saved proposal with the step's unsaved form applied."""
    definition = steps.BY_NAME.get(step)
    if definition is None or definition.form is None:
        raise Http404
    proposal = get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)
    form = definition.form(request, proposal)
    draft = replace(specs.draft_of(proposal), **form.changes())
    context = {"proposal": proposal, "step": step, **panel_context(draft)}
    return render(request, "consortia/eligibility_panel.html", context)
