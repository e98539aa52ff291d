"""My proposals: what I coordinate or belong to, with its eligibility at a glance."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consortia import selectors, specs


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    proposals = list(selectors.proposals_for(request.user))
    reports = specs.reports_for(proposals)
    rows = [(proposal, reports[proposal.pk]) for proposal in proposals]
    return render(request, "consortia/dashboard.html", {"rows": rows})
