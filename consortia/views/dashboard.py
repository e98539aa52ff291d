"""My proposals: what I coordinate or belong to, with its stored verdict at a glance."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consortia import selectors, services

# What each failing check's code stands for, in the badge's tooltip (the wizard says more).
CHECK_LABELS = {
    "applicant_programme_country": "the applicant's country",
    "min_programme_countries": "Programme countries",
    "min_full_partners": "full partners",
    "duration": "duration",
    "sector_allowed": "sector",
    "max_grant": "requested grant",
    "unique_organisations": "an organisation listed twice",
    "applicant_sector_conflict": "the applicant's other proposal in this sector",
    "applicant_once_per_call": "the applicant's other proposal in this call",
    "members_accepted": "partners' answers",
}


def check_label(code: str) -> str:
    if code.startswith("composition:"):
        return f"composition ({code.removeprefix('composition:')})"
    return CHECK_LABELS.get(code, code)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    proposals = list(selectors.proposal_list_for(request.user))
    services.show_verdicts(proposals)
    rows = [(p, ", ".join(check_label(code) for code in p.failing_checks)) for p in proposals]
    return render(request, "consortia/dashboard.html", {"rows": rows})
