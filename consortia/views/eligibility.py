"""The live eligibility panel: its context, and the endpoint htmx posts a step's form to.

The panel is not a live region: each answer is compared with what the page shows (the
``panel_state`` signature the page sends back), an unchanged panel is answered 204 (htmx swaps
nothing), and a changed one carries a short sentence for the polite live region beside it:
the checks that changed and the verdict ("Programme countries: now passes, 4 of 4. 2 of 6
checks fail.").
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consortia import check_texts, selectors, specs
from consortia.models import Organisation
from consortia.views import steps
from lots import rules


@dataclass(frozen=True)
class Suggestion:
    """A directory organisation that would close a gap, and what it adds ("Adds Latvia, a 6th
    Programme country.")."""

    organisation: Organisation
    adds: str


def digest(*texts: object) -> str:
    return hashlib.sha256(repr(texts).encode()).hexdigest()[:8]


def panel_signature(report: rules.Report, suggestions: list[Suggestion]) -> str:
    """What the panel shows, check by check ("code~1~digest|..."), and its suggestions."""
    parts = [f"{c.code}~{int(c.passed)}~{digest(c.message, c.hint)}" for c in report.checks]
    parts.append("suggestions~" + digest([(s.organisation.pk, s.adds) for s in suggestions]))
    return "|".join(parts)


def shown_checks(signature: str) -> dict[str, tuple[bool, str]]:
    """The checks a signature says the page shows: code -> (passed, digest of its texts)."""
    shown = {}
    for part in signature.split("|"):
        code, _sep, rest = part.partition("~")
        passed, _sep, text = rest.partition("~")
        if code and code != "suggestions" and passed in ("0", "1"):
            shown[code] = (passed == "1", text)
    return shown


def verdict_line(report: rules.Report) -> str:
    if report.passed:
        return _("The consortium meets every rule of this lot.")
    return ngettext(
        "%(failed)s of %(total)s checks fails.",
        "%(failed)s of %(total)s checks fail.",
        len(report.failed),
    ) % {"failed": len(report.failed), "total": len(report.checks)}


# Checks whose count is worth saying as it moves, though the check still fails.
MINIMA = {"min_programme_countries", "min_full_partners", "composition"}


def change_of(check: rules.Check, before: tuple[bool, str] | None) -> str:
    """One changed check, briefly ("Duration: now fails."), or '' if it did not change in a
    way worth saying (a check that passes as before, a text without a count)."""
    label, figure = check_texts.short_label(check), check_texts.figure(check)
    values = {"check": label, "figure": figure}
    if before is None or before[0] != check.passed:
        if check.passed:
            return (
                _("%(check)s: now passes, %(figure)s.") if figure else _("%(check)s: now passes.")
            ) % values
        return (
            _("%(check)s: now fails, %(figure)s.") if figure else _("%(check)s: now fails.")
        ) % values
    minimum = check_texts.family(check.code) in MINIMA
    if minimum and figure and not check.passed and before[1] != digest(check.message, check.hint):
        return _("%(check)s: %(figure)s.") % values
    return ""


def announcement(signature: str, report: rules.Report) -> str:
    """What changed since the page's signature, said briefly, then the verdict; '' when no
    check changed (a changed suggestion alone is not announced)."""
    shown = shown_checks(signature)
    if not shown:
        return ""
    changes = [said for check in report.checks if (said := change_of(check, shown.get(check.code)))]
    return " ".join([*changes, verdict_line(report)]) if changes else ""


def panel_context(draft: specs.Draft) -> dict[str, Any]:
    """The report of a draft and, for failing minima, directory organisations that would help."""
    evaluation = specs.evaluate(draft)
    spec, lot = evaluation.spec, evaluation.rules
    members = {int(m.key) for m in spec.members if m.key is not None}
    found = selectors.gap_suggestions(rules.gaps(spec, lot), exclude=members, sector=draft.sector)
    suggestions = []
    for organisation in found:
        adds = check_texts.contribution_sentence(evaluation.contribution(organisation), lot)
        suggestions.append(Suggestion(organisation, adds))
    return {
        "report": evaluation.report,
        "suggestions": suggestions,
        "panel_lot": draft.lot,
        "panel_signature": panel_signature(evaluation.report, suggestions),
    }


@login_required
@require_POST
def eligibility_check(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """The panel for the saved proposal with the step's unsaved form applied; 204 when it is
    what the page shows already."""
    definition = steps.BY_NAME.get(step)
    if definition is None or definition.form is None:
        raise Http404
    proposal = get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)
    form = definition.form(request, proposal)
    draft = specs.Draft.of(proposal, **form.changes())
    context = {
        "proposal": proposal,
        "step": step,
        "adds_partners": definition.adds_partners,
        **panel_context(draft),
    }
    shown = request.POST.get("panel_state", "")
    if shown == context["panel_signature"]:
        return HttpResponse(status=204)
    context["announcement"] = announcement(shown, context["report"])
    return render(request, "consortia/eligibility_panel.html", context)
