"""The proposal list of admin: its rows read their stored verdicts (one batch of queries per
page), and the filters on them (eligibility, verdict changed since submission) or on a join
(applicant country), each a database query."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consortia import selectors, services
from consortia.models import Proposal
from portal.admin import country_lookups


class ProposalChangeList(ChangeList):
    """The page's proposals with their members as submitted, their stored verdicts (a
    proposal not computed yet is evaluated in memory) and their conflicts: the list's
    queries do not grow with its rows. The conflicts column is the change list's own, as they
    are this page's: the model admin is shared by every request."""

    conflicts: dict[int, list[str]]

    def __init__(self, request: HttpRequest, model: Any, list_display: Any, *args: Any):
        super().__init__(request, model, [*list_display, self.conflicts_with], *args)

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        proposals = list(self.result_list)
        selectors.show_as_submitted(proposals)
        services.show_verdicts(proposals)
        self.conflicts = selectors.sector_conflicts(
            proposals, selectors.applicant_proposals_for(proposals)
        )

    @admin.display(description=_("Same applicant and sector"))
    def conflicts_with(self, proposal: Proposal) -> str:
        return ", ".join(self.conflicts[proposal.pk]) or "-"


class EligibilityFilter(admin.SimpleListFilter):
    """By the stored verdict of today's rules (``services.verdicts``)."""

    title = _("eligibility")
    parameter_name = "eligible"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("yes", gettext("Eligible")),
            ("no", gettext("Not eligible")),
            ("unknown", gettext("Not checked yet")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        wanted = {"yes": True, "no": False, "unknown": None}
        if self.value() not in wanted:
            return queryset
        if wanted[self.value()] is None:
            return queryset.filter(eligible__isnull=True)
        return queryset.filter(eligible=wanted[self.value()])


class VerdictChangedFilter(admin.SimpleListFilter):
    """Submitted proposals whose stored verdict today differs from the one at submission (a
    lot's rules changed since)."""

    title = _("verdict since submission")
    parameter_name = "verdict_changed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", gettext("Changed")), ("no", gettext("Unchanged"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.filter(selectors.verdict_changed(self.value() == "yes"))


class SectorFilter(admin.RelatedOnlyFieldListFilter):
    """The proposals' sectors, and the drafts that have none yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_value_display = gettext("No sector yet")


class ApplicantCountryFilter(admin.SimpleListFilter):
    title = _("applicant country")
    parameter_name = "applicant_country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return country_lookups(selectors.applicants(), "organisation__country")

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if not self.value():
            return queryset
        return queryset.filter(selectors.applicant_in(self.value()))
