"""The proposal list of admin: its rows evaluated in one batch, and the filters that need the
engine (eligibility today, verdict changed since submission) or a join (applicant country)."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import HttpRequest

from consortia import selectors, specs
from consortia.models import Membership, Proposal, Submission
from lots import rules
from lots.choices import Role
from portal.admin import country_lookups


class ProposalChangeList(ChangeList):
    """Evaluates the page's proposals in one batch: the list's queries do not grow with its
    rows."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        proposals = list(self.result_list)
        selectors.show_as_submitted(proposals)
        applications = selectors.applications_for(proposals)
        evaluations = specs.evaluations_for(proposals, applications)
        conflicts = selectors.sector_conflicts(proposals, applications)
        for proposal in proposals:
            evaluation = evaluations[proposal.pk]
            proposal.report = evaluation.report
            proposal.programme_countries = len(
                rules.programme_countries_of(evaluation.spec, evaluation.rules)
            )
            proposal.conflicts = conflicts[proposal.pk]


def verdicts_now(proposal_ids: Any) -> dict[int, bool]:
    """Today's verdict of the engine for the given proposals (a queryset of ids or a list)."""
    candidates = list(selectors.proposals_with_consortium().filter(pk__in=proposal_ids))
    return {pk: report.passed for pk, report in specs.reports_for(candidates).items()}


class EligibilityFilter(admin.SimpleListFilter):
    """By today's verdict of the engine (evaluated for the proposals the other filters keep)."""

    title = "eligibility"
    parameter_name = "eligible"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Eligible"), ("no", "Not eligible")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if self.value() not in ("yes", "no"):
            return queryset
        wanted = self.value() == "yes"
        verdicts = verdicts_now(queryset.values("pk"))
        return queryset.filter(pk__in=[pk for pk, passed in verdicts.items() if passed == wanted])


class VerdictChangedFilter(admin.SimpleListFilter):
    """Submitted proposals whose verdict today differs from the one at submission (a lot's
    rules changed since)."""

    title = "verdict since submission"
    parameter_name = "verdict_changed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Changed"), ("no", "Unchanged")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if self.value() not in ("yes", "no"):
            return queryset
        at_submission = dict(
            Submission.objects.filter(proposal__in=queryset.values("pk"), withdrawn_at__isnull=True)
            .annotate(eligible=KT("snapshot__report__eligible"))
            .values_list("proposal_id", "eligible")
        )
        # The JSON key comes back as true/false (PostgreSQL text) or 1/0 (SQLite).
        changed = {
            pk
            for pk, passed in verdicts_now(list(at_submission)).items()
            if passed != (str(at_submission[pk]).lower() in ("true", "1"))
        }
        wanted = changed if self.value() == "yes" else set(at_submission) - changed
        return queryset.filter(pk__in=wanted)


class SectorFilter(admin.RelatedOnlyFieldListFilter):
    """The proposals' sectors, and the drafts that have none yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_value_display = "No sector yet"


class ApplicantCountryFilter(admin.SimpleListFilter):
    title = "applicant country"
    parameter_name = "applicant_country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        applicants = Membership.objects.filter(role=Role.APPLICANT)
        return country_lookups(applicants, "organisation__country")

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if not self.value():
            return queryset
        return queryset.filter(
            memberships__role=Role.APPLICANT, memberships__organisation__country=self.value()
        )
