"""My proposals: what I coordinate or belong to, with its stored verdict at a glance."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortia import selectors, services
from consortia.models import Proposal

# What each failing check's code stands for, shown beside the count (the wizard says more).
CHECK_LABELS = {
    "applicant_programme_country": gettext_lazy("the applicant's country"),
    "min_programme_countries": gettext_lazy("Programme countries"),
    "min_full_partners": gettext_lazy("full partners"),
    "duration": gettext_lazy("duration"),
    "sector_allowed": gettext_lazy("sector"),
    "max_grant": gettext_lazy("requested grant"),
    "unique_organisations": gettext_lazy("an organisation listed twice"),
    "applicant_sector_conflict": gettext_lazy("the applicant's other proposal in this sector"),
    "applicant_once_per_call": gettext_lazy("the applicant's other proposal in this call"),
    "members_accepted": gettext_lazy("partners' answers"),
}


def check_label(code: str) -> str:
    if code.startswith("composition:"):
        return _("composition (%(slug)s)") % {"slug": code.removeprefix("composition:")}
    return str(CHECK_LABELS.get(code, code))


@dataclass(frozen=True)
class Row:
    """A proposal as the dashboard shows it: what to fix in words, and whether its deadline
    passed (decided here from the clock, not from the text of a countdown)."""

    proposal: Proposal
    to_fix: list[str]
    deadline: datetime | None
    closed: bool


def row_of(proposal: Proposal, now: datetime) -> Row:
    deadline = proposal.lot.effective_deadline
    to_fix = [check_label(code) for code in proposal.failing_checks]
    return Row(proposal, to_fix, deadline, deadline is not None and deadline <= now)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    proposals = list(selectors.proposal_list_for(request.user))
    services.show_verdicts(proposals)
    now = timezone.now()
    return render(
        request, "consortia/dashboard.html", {"rows": [row_of(p, now) for p in proposals]}
    )
